#pragma once
// The heads-up target panel over the 3D view: one bar per target, achieved against target,
// red / amber / green by status. Clicking a bar asks for that target's parcels on the map.
#include <QWidget>
#include <vector>

#include "briefing.h"

namespace ui {

class TargetHud : public QWidget {
    Q_OBJECT
public:
    explicit TargetHud(QWidget* parent = nullptr);
    void set_bars(std::vector<briefing::TargetBar> bars);
    const std::vector<briefing::TargetBar>& bars() const { return bars_; }
    // The rectangle of bar `index` (tests click it).
    QRect bar_rect(int index) const;

signals:
    void target_clicked(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    std::vector<briefing::TargetBar> bars_;
    int highlighted_ = -1;
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
