#include "identify_dock.h"

#include "field_labels.h"
#include "scene_briefing.h"

#include <QEvent>
#include <QLocale>

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "geo/feature_table.h"
#include "geo/units.h"

namespace ui {
namespace {

QString area_text(double m2)
{
    // Grouped digits (12,345.67 m²): large areas are read at a glance. The "C" locale's
    // separators, the ones planners' spreadsheets and reports use in Chinese and English alike.
    QLocale grouped(QLocale::C);
    grouped.setNumberOptions({});
    return QStringLiteral("%1 m² = %2 亩").arg(grouped.toString(m2, 'f', 2), grouped.toString(geo::to_mu(m2), 'f', 4));
}

} // namespace

IdentifyDock::IdentifyDock(QWidget* parent) : QDockWidget(parent)
{
    setObjectName("identify");
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    title_ = new QLabel(body);
    title_->setWordWrap(true);
    layout->addWidget(title_);
    table_ = new QTableWidget(0, 2, body);
    texts_.add(QT_TR_NOOP("Identify"), [this](const QString& t) { setWindowTitle(t); });
    texts_.add(QT_TR_NOOP("Click a feature on the map."), [this](const QString& t) { title_->setText(t); });
    texts_.add(QT_TR_NOOP("Field"),
               [this](const QString& t) { table_->setHorizontalHeaderItem(0, new QTableWidgetItem(t)); });
    texts_.add(QT_TR_NOOP("Value"),
               [this](const QString& t) { table_->setHorizontalHeaderItem(1, new QTableWidgetItem(t)); });
    texts_.apply([this](const char* source) { return tr(source); });
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(table_);
    setWidget(body);
}

void IdentifyDock::clear()
{
    title_->setText(tr("Nothing here."));
    table_->setRowCount(0);
}

QString IdentifyDock::conflict_text(const std::string& codes) const
{
    // "farmland;outside_ucb" as a planner reads it, in the UI's language.
    QStringList names;
    for (const QString& code : QString::fromStdString(codes).split(';', Qt::SkipEmptyParts))
        names << (code == QLatin1String("farmland")      ? tr("on permanent basic farmland")
                  : code == QLatin1String("redline")     ? tr("on the ecological red line")
                  : code == QLatin1String("outside_ucb") ? tr("outside the urban development boundary")
                                                         : code);
    return names.join(tr("; "));
}

void IdentifyDock::add_row(const QString& name, const QString& value, const QString& field)
{
    const int row = table_->rowCount();
    table_->insertRow(row);
    auto* label = new QTableWidgetItem(name);
    if (!field.isEmpty()) {
        label->setData(Qt::UserRole, field);
        label->setToolTip(field);
    }
    table_->setItem(row, 0, label);
    table_->setItem(row, 1, new QTableWidgetItem(value));
}

void IdentifyDock::show_feature(const geo::FeatureTable& table, std::size_t row, const geo::ParcelCheck* check)
{
    table_->setRowCount(0);
    // The layer's Chinese name and its own, as the layer list shows them: read in either language.
    const QString layer = QString::fromStdString(table.name());
    const QString chinese = briefing::display_name(table.name());
    title_->setText(tr("Layer %1, feature %2")
                        .arg(chinese == layer ? layer : QStringLiteral("%1 %2").arg(chinese, layer))
                        .arg(table.fid(row)));
    for (std::size_t f = 0; f < table.field_names().size(); ++f) {
        const std::string& field = table.field_names()[f];
        const QString label = field_label(field);
        add_row(label.isEmpty() ? QString::fromStdString(field) : label,
                table.is_null(row, f)
                    ? QStringLiteral("NULL")
                    : QString::fromUtf8(table.value(row, f).data(), static_cast<qsizetype>(table.value(row, f).size())),
                QString::fromStdString(field));
    }
    const double area = table.area_m2(row);
    if (area > 0)
        add_row(tr("Area"), area_text(area));
    if (table.was_repaired(row))
        add_row(tr("Geometry"),
                tr("invalid in the source; its figures are those of the geometry repaired with MakeValid"));
    if (check != nullptr) {
        add_row(tr("On permanent basic farmland"), area_text(check->farmland_m2));
        add_row(tr("On the ecological red line"), area_text(check->redline_m2));
        add_row(tr("Outside the urban development boundary"), area_text(check->outside_ucb_m2));
        add_row(tr("Conflict"), check->conflict.empty() ? tr("none") : conflict_text(check->conflict));
    }
    table_->resizeColumnToContents(0);
}

QString IdentifyDock::value_of(const QString& name) const
{
    for (int r = 0; r < table_->rowCount(); ++r)
        if (table_->item(r, 0)->text() == name || table_->item(r, 0)->data(Qt::UserRole).toString() == name)
            return table_->item(r, 1)->text();
    return {};
}

void IdentifyDock::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        table_->setRowCount(0); // what was shown was said in the other language: click again
        texts_.apply([this](const char* source) { return tr(source); });
    }
    QDockWidget::changeEvent(event);
}

} // namespace ui
