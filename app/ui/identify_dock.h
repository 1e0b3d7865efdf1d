#pragma once
#include <string>
// The identify panel: every attribute of the clicked feature, its area in m² and mu, and for
// a parcel its overlaps with farmland, the red line and outside the urban boundary, with its
// conflict status, computed by the same geo code as `planview check`.
#include <QDockWidget>

#include "geo/compliance.h"

class QTableWidget;
class QLabel;

namespace geo {
class FeatureTable;
}

#include "translated_texts.h"

namespace ui {

class IdentifyDock : public QDockWidget {
    Q_OBJECT
public:
    explicit IdentifyDock(QWidget* parent = nullptr);
    // Shows `row` of `table`; `check` holds the parcel's compliance figures when it is a parcel.
    void show_feature(const geo::FeatureTable& table, std::size_t row, const geo::ParcelCheck* check);
    void clear();
    // The shown value of an attribute (tests, copy); empty if not shown.
    // The value shown for a row named `name`: its label, or the field's own name.
    QString value_of(const QString& name) const;

protected:
    void changeEvent(QEvent* event) override; // retranslates on LanguageChange

private:
    TranslatedTexts texts_;
    // `field`: the source field the row shows, if it is one (kept for value_of and the tooltip).
    void add_row(const QString& name, const QString& value, const QString& field = {});
    QString conflict_text(const std::string& codes) const;

    QLabel* title_;
    QTableWidget* table_;
};

} // namespace ui
