#pragma once
// The attribute table: one layer's features in a sortable table, filtered by an OGR SQL WHERE
// (evaluated by GDAL on the source layer), with the selection shared with the map.
#include <QDockWidget>
#include <functional>
#include <memory>
#include <vector>

class QComboBox;
class QLineEdit;
class QTableView;
class QLabel;

namespace geo {
class FeatureTable;
}

namespace ui {

class FeatureTableModel;

class AttributeTableDock : public QDockWidget {
    Q_OBJECT
public:
    // Evaluates a WHERE on a layer and returns the table rows that match (throws geo::Error).
    using WhereEvaluator = std::function<std::vector<std::size_t>(const QString& layer, const QString& where)>;

    explicit AttributeTableDock(QWidget* parent = nullptr);
    void set_layers(const QStringList& names,
                    std::function<std::shared_ptr<const geo::FeatureTable>(const QString&)> lookup,
                    WhereEvaluator where);
    void show_layer(const QString& name);
    QString current_layer() const;
    // Selects these table rows in the view (from a map click or a query), scrolling to the first.
    void select_rows(const std::vector<std::size_t>& rows);
    // Shows only `rows` (a query's result), the footer saying so and the WHERE box cleared.
    void show_only(const std::vector<std::size_t>& rows, const QString& why);
    FeatureTableModel* model() const { return model_; }
    QTableView* view() const { return view_; }

signals:
    void selection_changed(const QString& layer, const std::vector<std::size_t>& rows);

private:
    void apply_where();

    QComboBox* layers_;
    QLineEdit* where_;
    QLabel* status_;
    QTableView* view_;
    FeatureTableModel* model_;
    std::function<std::shared_ptr<const geo::FeatureTable>(const QString&)> lookup_;
    WhereEvaluator evaluate_;
    bool syncing_ = false;
};

} // namespace ui
