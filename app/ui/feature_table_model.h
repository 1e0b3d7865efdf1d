#pragma once
// A Qt table model over a geo::FeatureTable: no row is copied into widgets; cells are turned
// into QStrings only when the view asks for them, so a million rows open at once. Sorting and
// filtering reorder a permutation of row numbers.
#include <QAbstractTableModel>
#include <memory>
#include <optional>
#include <vector>

namespace geo {
class FeatureTable;
}

namespace ui {

class FeatureTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit FeatureTableModel(QObject* parent = nullptr);
    void set_table(std::shared_ptr<const geo::FeatureTable> table);
    const geo::FeatureTable* table() const { return table_.get(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    // Numbers sort as numbers, text by its UTF-8 bytes. The view's selection and current row
    // follow their features to their new places.
    void sort(int column, Qt::SortOrder order) override;

    // Shows only these table rows (in the current order); an empty optional shows all.
    void set_filter(std::optional<std::vector<std::size_t>> rows);
    std::size_t table_row(int model_row) const { return order_[static_cast<std::size_t>(model_row)]; }
    // The model row showing `table_row`, or -1 when filtered out.
    int model_row(std::size_t table_row) const;

private:
    void apply_filter();

    std::shared_ptr<const geo::FeatureTable> table_;
    std::vector<std::size_t> all_;   // every row, in the current sort order
    std::vector<std::size_t> order_; // the rows shown
    std::vector<int> position_;      // table row -> model row (-1: filtered out)
    std::optional<std::vector<std::size_t>> filter_;
};

} // namespace ui
