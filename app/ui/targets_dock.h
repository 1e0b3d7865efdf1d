#pragma once
// The target ledger in the viewer: every target's baseline and what-if figures, a breakdown of
// the chosen target per town and per land-use class (Qt Charts), and the what-if plan: add or
// drop the selected parcels, save the plan as a named scenario beside the data, load it again.
#include <QDockWidget>
#include <memory>
#include <optional>
#include <vector>

#include "briefing.h"
#include "geo/ledger.h"
#include "source_selection.h"

class QTableWidget;
class QComboBox;
class QLabel;
QT_BEGIN_NAMESPACE
class QChartView;
QT_END_NAMESPACE

#include "translated_texts.h"

namespace ui {

class SelectionController;

class TargetsDock : public QDockWidget {
    Q_OBJECT
public:
    // Add/drop act on `selection`'s parcels; a target's parcels are highlighted through it.
    explicit TargetsDock(SelectionController& selection, QWidget* parent = nullptr);
    // `ledger` must outlive the dock's use of it (until the next set_ledger).
    void set_ledger(const geo::Ledger* ledger, const std::string& county_path);
    // No ledger, and `why` said in the dock (a county too large to follow its targets in memory,
    // or one whose targets are being read).
    void show_unavailable(const QString& why);
    // A city's counties whose targets may be followed, one at a time (each has its own work
    // report): a choice above the table, hidden for fewer than two. `current` is followed now.
    struct County {
        QString name, path, targets; // path: the source, as the selection names it
    };
    void set_counties(const std::vector<County>& counties, int current = 0);
    // A county viewed as pictures: what is selected there (by feature id), for add/drop.
    void set_source_selection(const SourceSelection& selection) { source_selection_ = selection; }

    // What-if: parcels (rows of the targets' layer) added to or dropped from the plan.
    void add_to_plan(const std::vector<std::size_t>& rows);
    void drop_from_plan(const std::vector<std::size_t>& rows);
    const geo::Scenario& scenario() const { return scenario_; }
    // Figures with the current plan (the table shows these next to the baseline).
    const std::vector<geo::TargetProgress>& current() const { return current_; }
    // Makes `index` the current target and highlights what it counts (never selects it).
    void select_target(int index);
    // Takes back the last add or drop (Ctrl+Z in the dock). False when there is none.
    bool undo();
    // Milliseconds the last what-if update took (figures only).
    double last_update_ms() const { return last_update_ms_; }

signals:
    // `what_if`: the plan's name while it adds or drops parcels (the figures are not actual);
    // empty when they are.
    void bars_changed(const std::vector<briefing::TargetBar>& bars, const QString& what_if);
    // The user chose another county of the city to follow (set_counties).
    void county_chosen(const TargetsDock::County& county);

public slots:
    void refresh();

protected:
    void changeEvent(QEvent* event) override; // retranslates on LanguageChange

private:
    TranslatedTexts texts_;
    void update_chart();
    void show_target(int index); // current target; highlights only once the user has picked one
    void change_plan(const std::vector<std::size_t>& rows, bool add);
    std::vector<std::string> ids_of(const std::vector<std::size_t>& rows) const;
    const geo::FeatureTable* plan_table() const; // the ledger's table of the plan's layer
    // The parcels selected, as rows of the plan's layer: on the map of a meshed county, else
    // those of the source selection in the ledger's county.
    std::vector<std::size_t> selected_parcels();
    void save_scenario();
    void load_scenario(const QString& name);

    SelectionController& selection_;
    SourceSelection source_selection_;
    const geo::Ledger* ledger_ = nullptr;
    std::string county_path_;
    geo::Scenario scenario_;
    std::vector<geo::Scenario> undo_; // the plan before each add or drop
    std::vector<geo::TargetProgress> baseline_, current_;
    int selected_ = 0;
    bool highlighting_ = false;
    double last_update_ms_ = 0;
    QTableWidget* table_;
    std::vector<County> counties_;
    QWidget* county_bar_;
    QComboBox* county_;
    QComboBox* breakdown_;
    QComboBox* scenarios_;
    QLabel* plan_;
    QChartView* chart_;
};

} // namespace ui
