#pragma once
// The heads-up target panel over the 3D view: one bar per target, achieved against target,
// red / amber / green by status. Clicking a bar asks for that target's parcels on the map;
// clicking the title folds the panel to its title line. What-if figures are labelled as such.
#include <QWidget>
#include <vector>

#include "briefing.h"

namespace ui {

class TargetHud : public QWidget {
    Q_OBJECT
public:
    explicit TargetHud(QWidget* parent = nullptr);
    // `what_if`: the scenario the figures come from; empty when they are the actual ones.
    void set_bars(std::vector<briefing::TargetBar> bars, const QString& what_if = {});
    const std::vector<briefing::TargetBar>& bars() const { return bars_; }
    const QString& what_if() const { return what_if_; }
    // The rectangle of bar `index` (tests click it).
    QRect bar_rect(int index) const;
    // The title line (a click folds or unfolds the panel).
    QRect title_rect() const;
    // Folded: the title line only. The user's choice; the window also folds it on a narrow map.
    void set_folded(bool folded);
    bool folded() const { return folded_; }
    // Shown at all (View > Target panel); shown only while there are targets.
    void set_wanted(bool wanted);
    // The widest the panel may be (the map's width less margins); names are elided to fit.
    void set_max_width(int pixels);
    // The county whose targets these are, in the title: a city's view follows one county's at a time.
    void set_county(const QString& name);
    const QString& county() const { return county_; }
    // The review's progress ("审查 12 / 5000, 冲突待审 34") as the panel's last line; empty: none.
    void set_review_progress(const QString& text);
    const QString& review_progress() const { return review_; }

signals:
    void target_clicked(int index);
    void folded_changed(bool folded);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void changeEvent(QEvent* event) override; // repaints its texts in a new language

private:
    void fit();

    std::vector<briefing::TargetBar> bars_;
    QString what_if_;
    QString review_;
    QString county_;
    int highlighted_ = -1;
    bool folded_ = false;
    bool wanted_ = true;
    int max_width_ = 1 << 20;
};

// The compass rose and, in the 2D map view, a scale bar, in the view's corner.
class MapDecorations : public QWidget {
    Q_OBJECT
public:
    explicit MapDecorations(QWidget* parent = nullptr);
    // `metres_per_pixel` > 0 shows a scale bar; `heading_degrees` turns the rose.
    void set_state(double metres_per_pixel, double heading_degrees);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    double metres_per_pixel_ = 0;
    double heading_ = 0;
};

} // namespace ui
