#pragma once
// The review queue as a table model: one row per parcel of the queue (rows of the parcels
// table), with its id, town, land-use class, conflict and review status. Reads the controller
// lazily, so a queue of a million parcels opens at once.
#include <QAbstractTableModel>
#include <vector>

namespace ui {

class ReviewController;

class ReviewQueueModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Town, LandUse, Conflict, Status, Columns };

    explicit ReviewQueueModel(const ReviewController& reviews, QObject* parent = nullptr);
    void set_rows(std::vector<std::size_t> rows);
    const std::vector<std::size_t>& rows() const { return rows_; }
    // The queue position of a parcels-table row, or -1.
    int position_of(std::size_t table_row) const;
    // The statuses or conflicts changed: repaint those columns.
    void refresh();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    const ReviewController& reviews_;
    std::vector<std::size_t> rows_;
};

// "耕地、红线" for a conflict string ("farmland;redline"); "无" for none.
QString conflict_text(const std::string& conflict);

} // namespace ui
