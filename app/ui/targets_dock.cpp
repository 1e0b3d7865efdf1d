#include "targets_dock.h"

#include <QAction>
#include <QEvent>
#include <QKeySequence>
#include <QSignalBlocker>
#include <cmath>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <filesystem>
#include <map>

#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/vector_source.h"
#include "scene_briefing.h"
#include "selection_controller.h"
#include "style.h"

namespace ui {
namespace {

QString figure(double value, const char* unit)
{
    return QString::fromStdString(geo::format_figure(value, unit));
}

QString status_text(geo::TargetStatus status)
{
    switch (status) {
    case geo::TargetStatus::Met:
        return QObject::tr("met");
    case geo::TargetStatus::OnTrack:
        return QObject::tr("on track");
    case geo::TargetStatus::Behind:
        return QObject::tr("behind");
    }
    return {};
}

constexpr int kColumns = 5; // target, achieved (and the baseline under a plan), target value, status, conflicts

} // namespace

TargetsDock::TargetsDock(SelectionController& selection, QWidget* parent) : QDockWidget(parent), selection_(selection)
{
    setObjectName("targets");
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    county_bar_ = new QWidget(body);
    auto* county_layout = new QHBoxLayout(county_bar_);
    county_layout->setContentsMargins(0, 0, 0, 0);
    auto* county_label = new QLabel(county_bar_);
    texts_.add(QT_TR_NOOP("Targets of"), [county_label](const QString& t) { county_label->setText(t); });
    county_ = new QComboBox(county_bar_);
    county_layout->addWidget(county_label);
    county_layout->addWidget(county_, 1);
    county_bar_->hide();
    layout->addWidget(county_bar_);
    table_ = new QTableWidget(0, kColumns, body);
    static const char* const headers[kColumns] = {QT_TR_NOOP("Target"), QT_TR_NOOP("Achieved"),
                                                  QT_TR_NOOP("Target value"), QT_TR_NOOP("Status"),
                                                  QT_TR_NOOP("Conflicts")};
    for (int c = 0; c < kColumns; ++c)
        texts_.add(headers[c],
                   [this, c](const QString& t) { table_->setHorizontalHeaderItem(c, new QTableWidgetItem(t)); });
    // Names wrap instead of being cut to "省市重…"; figures take the width they need.
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table_->setWordWrap(true);
    table_->setTextElideMode(Qt::ElideNone);
    table_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    layout->addWidget(table_, 2);

    auto* plan_bar = new QHBoxLayout;
    auto* add = new QPushButton(body);
    auto* drop = new QPushButton(body);
    auto* save = new QPushButton(body);
    texts_.add(QT_TR_NOOP("Targets"), [this](const QString& t) { setWindowTitle(t); });
    texts_.add(QT_TR_NOOP("Add selected parcels"), [add](const QString& t) { add->setText(t); });
    texts_.add(QT_TR_NOOP("Drop selected parcels"), [drop](const QString& t) { drop->setText(t); });
    texts_.add(QT_TR_NOOP("Save scenario..."), [save](const QString& t) { save->setText(t); });
    scenarios_ = new QComboBox(body);
    plan_bar->addWidget(add);
    plan_bar->addWidget(drop);
    plan_bar->addWidget(save);
    plan_bar->addWidget(scenarios_, 1);
    layout->addLayout(plan_bar);
    plan_ = new QLabel(body);
    plan_->setWordWrap(true);
    layout->addWidget(plan_);

    breakdown_ = new QComboBox(body);
    breakdown_->addItem(QString(), QStringLiteral("town"));
    breakdown_->addItem(QString(), QStringLiteral("land_use_code"));
    texts_.add(QT_TR_NOOP("Breakdown by town"), [this](const QString& t) { breakdown_->setItemText(0, t); });
    texts_.add(QT_TR_NOOP("Breakdown by land-use class"), [this](const QString& t) { breakdown_->setItemText(1, t); });
    texts_.apply([this](const char* source) { return tr(source); });
    layout->addWidget(breakdown_);
    chart_ = new QChartView(body);
    chart_->setRenderHint(QPainter::Antialiasing);
    chart_->setMinimumHeight(220);
    layout->addWidget(chart_, 3);
    setWidget(body);

    connect(table_, &QTableWidget::currentCellChanged, this, [this](int row, int, int, int) {
        if (row >= 0)
            select_target(row);
    });
    connect(breakdown_, &QComboBox::currentIndexChanged, this, &TargetsDock::update_chart);
    connect(county_, &QComboBox::activated, this, [this](int index) {
        if (index >= 0 && static_cast<std::size_t>(index) < counties_.size())
            emit county_chosen(counties_[static_cast<std::size_t>(index)]);
    });
    connect(add, &QPushButton::clicked, this, [this] { add_to_plan(selected_parcels()); });
    connect(drop, &QPushButton::clicked, this, [this] { drop_from_plan(selected_parcels()); });
    connect(save, &QPushButton::clicked, this, &TargetsDock::save_scenario);
    auto* undo_action = new QAction(tr("Undo add/drop"), this);
    undo_action->setShortcut(QKeySequence::Undo);
    undo_action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(undo_action, &QAction::triggered, this, &TargetsDock::undo);
    addAction(undo_action);
    connect(scenarios_, &QComboBox::textActivated, this, &TargetsDock::load_scenario);
}

void TargetsDock::set_ledger(const geo::Ledger* ledger, const std::string& county_path)
{
    ledger_ = ledger;
    county_path_ = county_path;
    scenario_ = geo::Scenario{};
    scenario_.name = tr("plan").toStdString(); // the name offered when it is saved
    undo_.clear();
    baseline_ = ledger_ ? ledger_->evaluate() : std::vector<geo::TargetProgress>{};
    scenarios_->clear();
    scenarios_->addItem(tr("(baseline)"));
    const std::filesystem::path dir = std::filesystem::path(geo::scenario_path(county_path, "x")).parent_path();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".json")
            scenarios_->addItem(QString::fromStdString(entry.path().stem().string()));
    highlighting_ = false; // nothing highlighted until the user picks a target
    refresh();
    show_target(0);
}

void TargetsDock::set_counties(const std::vector<County>& counties, int current)
{
    counties_ = counties;
    const QSignalBlocker quiet(county_);
    county_->clear();
    for (const County& county : counties_)
        county_->addItem(county.name, county.path);
    county_->setCurrentIndex(current);
    county_bar_->setVisible(counties_.size() > 1);
}

void TargetsDock::show_unavailable(const QString& why)
{
    set_ledger(nullptr, {});
    table_->setRowCount(0);
    plan_->setText(why);
    emit bars_changed({}, {}); // the map's bars of another county go too
}

void TargetsDock::refresh()
{
    if (ledger_ == nullptr) {
        current_.clear();
        table_->setRowCount(0);
        update_chart();
        return;
    }
    QElapsedTimer timer;
    timer.start();
    try {
        current_ = ledger_->evaluate(&scenario_);
    } catch (const std::exception& e) {
        // A parcel the plan adds is read again from its source (the ledger holds only what the
        // targets count), which may have moved or changed since: the plan as it was, and why.
        const QString why = QString::fromUtf8(e.what());
        if (undo_.empty()) {
            scenario_.added.clear();
            scenario_.dropped.clear();
        } else {
            scenario_ = std::move(undo_.back());
            undo_.pop_back();
        }
        refresh();
        plan_->setText(tr("The plan's parcels could not be counted: %1").arg(why));
        return;
    }
    last_update_ms_ = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    table_->setRowCount(static_cast<int>(current_.size()));
    for (int i = 0; i < static_cast<int>(current_.size()); ++i) {
        const auto& now = current_[static_cast<std::size_t>(i)];
        const auto& base = baseline_[static_cast<std::size_t>(i)];
        // The baseline appears under the achieved figure only when a plan changes it.
        QString achieved = figure(now.achieved, now.unit);
        if (std::abs(now.achieved - base.achieved) > 1e-9)
            achieved += QStringLiteral("\n") + tr("baseline %1").arg(figure(base.achieved, base.unit));
        const QString cells[] = {QString::fromStdString(now.target->name), achieved,
                                 QString::fromUtf8(geo::comparator_text(now.target->comparator)) + QStringLiteral(" ") +
                                     figure(now.target->value, now.unit),
                                 status_text(now.status)};
        for (int c = 0; c < 4; ++c)
            table_->setItem(i, c, new QTableWidgetItem(cells[c]));
        table_->item(i, 0)->setToolTip(cells[0]);
        table_->item(i, 3)->setForeground(briefing::status_color(QString::fromUtf8(geo::status_name(now.status))));
        // Counted parcels on farmland or the red line, in plain sight (not only in a tooltip).
        auto* conflicts = new QTableWidgetItem(now.flagged > 0 ? QStringLiteral("⚠ %1").arg(now.flagged) : QString());
        if (now.flagged > 0) {
            conflicts->setForeground(QColor(190, 30, 30));
            conflicts->setToolTip(tr("%n counted parcel(s) conflict with farmland or the red line", nullptr,
                                     static_cast<int>(now.flagged)));
        }
        table_->setItem(i, 4, conflicts);
    }
    table_->resizeRowsToContents();
    plan_->setText(tr("Plan '%1': %2 added, %3 dropped")
                       .arg(QString::fromStdString(scenario_.name))
                       .arg(scenario_.added.size())
                       .arg(scenario_.dropped.size()));
    const bool what_if = !scenario_.added.empty() || !scenario_.dropped.empty();
    emit bars_changed(briefing::target_bars(current_), what_if ? QString::fromStdString(scenario_.name) : QString());
    update_chart();
}

void TargetsDock::select_target(int index)
{
    highlighting_ = true; // the user chose a target: show what it counts
    show_target(index);
}

void TargetsDock::show_target(int index)
{
    if (ledger_ == nullptr || index < 0 || index >= static_cast<int>(current_.size()))
        return;
    selected_ = index;
    if (table_->currentRow() != index) {
        const QSignalBlocker quiet(table_); // not a user's choice
        table_->selectRow(index);
    }
    const auto& target = ledger_->targets().targets[static_cast<std::size_t>(index)];
    if (highlighting_)
        selection_.highlight(QString::fromStdString(target.layer),
                             ledger_->counted_rows(static_cast<std::size_t>(index), &scenario_));
    update_chart();
}

void TargetsDock::update_chart()
{
    if (ledger_ == nullptr || current_.empty()) {
        QChart* old = chart_->chart(); // no other county's breakdown left behind
        chart_->setChart(new QChart);
        delete old;
        return;
    }
    std::vector<geo::TargetProgress> detailed;
    try {
        detailed = ledger_->evaluate(&scenario_, true);
    } catch (const std::exception&) {
        return; // refresh() says why
    }
    const auto& progress = detailed[static_cast<std::size_t>(selected_)];
    const geo::FeatureTable& table = ledger_->table_of(static_cast<std::size_t>(selected_));
    const auto field = table.field_index(breakdown_->currentData().toString().toStdString());
    std::map<std::string, double> sums;
    // A share target's chart shows its part (the industrial land of "industrial ≥ 50%"), not
    // the whole it is a share of.
    const bool share = std::string(progress.unit) == "%";
    for (const auto& c : progress.contributions)
        if (!share || c.in_part)
            sums[field ? std::string(table.value(c.row, *field)) : tr("all").toStdString()] += c.value;
    // Largest at the top, each name whole on its own line: horizontal bars fit a tall dock where
    // upright ones elided every town to "…".
    std::vector<std::pair<std::string, double>> ordered(sums.begin(), sums.end());
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    const bool by_class = breakdown_->currentData().toString() == QLatin1String("land_use_code");
    auto* set = new QBarSet(QString::fromStdString(progress.target->name));
    QStringList categories;
    double maximum = 0;
    for (const auto& [key, value] : ordered) {
        categories << QString::fromStdString(by_class ? scene::land_use_label(key) : key);
        *set << value;
        maximum = std::max(maximum, value);
    }
    auto* series = new QHorizontalBarSeries;
    series->append(set);
    auto* chart = new QChart;
    chart->addSeries(series);
    chart->setTitle(QString::fromStdString(progress.target->name) + QStringLiteral(" (") +
                    (share ? tr("the part counted, mu or count") : QString::fromUtf8(progress.unit)) +
                    QStringLiteral(")"));
    chart->legend()->hide();
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    x->setTruncateLabels(false); // town and class names whole
    auto* y = new QValueAxis;
    y->setRange(0, maximum * 1.1 + 1e-9);
    // Whole numbers for counts, one decimal for areas: no "0.00000000100" ticks.
    const geo::Target& target = *progress.target;
    const bool counts = target.measure == geo::Measure::Count || (share && target.share_by_count);
    y->setLabelFormat(counts ? QStringLiteral("%.0f") : QStringLiteral("%.1f"));
    if (counts) {
        y->setTickType(QValueAxis::TicksDynamic);
        y->setTickInterval(std::max(1.0, std::ceil(maximum * 1.1 / 5)));
    } else {
        y->applyNiceNumbers(); // 0, 100, 200 rather than 0, 109.0, 218.0
    }
    chart->addAxis(x, Qt::AlignLeft);
    chart->addAxis(y, Qt::AlignBottom);
    series->attachAxis(x);
    series->attachAxis(y);
    QChart* old = chart_->chart();
    chart_->setChart(chart);
    delete old;
}

const geo::FeatureTable* TargetsDock::plan_table() const
{
    if (ledger_ != nullptr)
        for (std::size_t t = 0; t < ledger_->targets().targets.size(); ++t)
            if (ledger_->targets().targets[t].layer == scenario_.layer)
                return &ledger_->table_of(t);
    return nullptr;
}

std::vector<std::string> TargetsDock::ids_of(const std::vector<std::size_t>& rows) const
{
    std::vector<std::string> ids;
    const geo::FeatureTable* table = plan_table();
    if (table == nullptr)
        return ids;
    if (const auto field = table->field_index(scenario_.id_field))
        for (std::size_t row : rows)
            ids.emplace_back(table->value(row, *field));
    return ids;
}

std::vector<std::size_t> TargetsDock::selected_parcels()
{
    const QString layer = QString::fromStdString(scenario_.layer);
    if (selection_.available())
        return selection_.rows(layer);
    const geo::FeatureTable* table = plan_table();
    if (table == nullptr || source_selection_.layer != scenario_.layer)
        return {};
    for (const SourceFeatures& part : source_selection_.sources)
        if (part.path == county_path_)
            return table->rows_of(part.fids);
    return {};
}

void TargetsDock::add_to_plan(const std::vector<std::size_t>& rows)
{
    change_plan(rows, true);
}

void TargetsDock::drop_from_plan(const std::vector<std::size_t>& rows)
{
    change_plan(rows, false);
}

void TargetsDock::change_plan(const std::vector<std::size_t>& rows, bool add)
{
    if (rows.empty()) {
        if (!selection_.available() && source_selection_.size() > 0) // a city: the targets are one county's
            plan_->setText(tr("The targets followed are those of %1: none of the parcels selected lies there")
                               .arg(QString::fromStdString(geo::source_display_name(county_path_))));
        else
            plan_->setText(tr("Nothing selected: select parcels on the map, in the table or with a query first"));
        return;
    }
    // The plan records only what changes a figure: adding a parcel every target already counts,
    // or dropping one none counts, leaves it as it is (and says so).
    const std::vector<std::string> ids = ids_of(rows);
    if (ids.size() != rows.size()) // no target on the plan's layer, or no id field
        return;
    undo_.push_back(scenario_);
    int unchanged = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string& id = ids[i];
        const bool baseline = ledger_->counted_without_plan(scenario_.layer, rows[i], add);
        const bool was_planned = (add ? scenario_.dropped : scenario_.added).erase(id) > 0;
        if (add ? !baseline : baseline)
            (add ? scenario_.added : scenario_.dropped).insert(id);
        else if (!was_planned)
            ++unchanged;
    }
    refresh();
    if (unchanged > 0)
        plan_->setText(plan_->text() + QStringLiteral("\n") +
                       (add ? tr("%n parcel(s) already counted: unchanged", nullptr, unchanged)
                            : tr("%n parcel(s) not counted anyway: unchanged", nullptr, unchanged)));
}

bool TargetsDock::undo()
{
    if (undo_.empty())
        return false;
    scenario_ = std::move(undo_.back());
    undo_.pop_back();
    refresh();
    return true;
}

void TargetsDock::save_scenario()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save scenario"), tr("Scenario name:"), QLineEdit::Normal,
                                               QString::fromStdString(scenario_.name), &ok);
    if (!ok || name.trimmed().isEmpty())
        return;
    scenario_.name = name.trimmed().toStdString();
    try {
        geo::save_scenario(scenario_, geo::scenario_path(county_path_, scenario_.name));
        if (scenarios_->findText(name.trimmed()) < 0)
            scenarios_->addItem(name.trimmed());
        refresh();
    } catch (const geo::Error& e) {
        QMessageBox::warning(this, tr("Save scenario"), QString::fromUtf8(e.what()));
    }
}

void TargetsDock::load_scenario(const QString& name)
{
    if (scenarios_->currentIndex() == 0) {
        scenario_ = geo::Scenario{};
        scenario_.name = tr("plan").toStdString(); // the name offered when it is saved
    } else {
        try {
            scenario_ = geo::load_scenario(geo::scenario_path(county_path_, name.toStdString()));
        } catch (const geo::Error& e) {
            QMessageBox::warning(this, tr("Load scenario"), QString::fromUtf8(e.what()));
            return;
        }
    }
    refresh();
    show_target(selected_);
}

void TargetsDock::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        texts_.apply([this](const char* source) { return tr(source); });
        if (scenarios_->count() > 0)
            scenarios_->setItemText(0, tr("(baseline)")); // the saved scenarios keep their names
        refresh();                                        // statuses, the plan line and the chart in the language
    }
    QDockWidget::changeEvent(event);
}

} // namespace ui
