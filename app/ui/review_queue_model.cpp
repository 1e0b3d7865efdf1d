#include "review_queue_model.h"

#include <QBrush>
#include <QColor>
#include <algorithm>

#include "geo/review.h"
#include "review_controller.h"

namespace ui {

QString conflict_text(const std::string& conflict)
{
    if (conflict.empty())
        return ReviewQueueModel::tr("none");
    QStringList kinds;
    for (const QString& kind : QString::fromStdString(conflict).split(';', Qt::SkipEmptyParts)) {
        if (kind == QLatin1String("farmland"))
            kinds << ReviewQueueModel::tr("farmland");
        else if (kind == QLatin1String("redline"))
            kinds << ReviewQueueModel::tr("red line");
        else if (kind == QLatin1String("outside_ucb"))
            kinds << ReviewQueueModel::tr("outside boundary");
        else
            kinds << ReviewQueueModel::tr("not computed");
    }
    return kinds.join(ReviewQueueModel::tr(", "));
}

ReviewQueueModel::ReviewQueueModel(const ReviewController& reviews, QObject* parent)
    : QAbstractTableModel(parent), reviews_(reviews)
{}

void ReviewQueueModel::set_rows(std::vector<std::size_t> rows)
{
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

int ReviewQueueModel::position_of(std::size_t table_row) const
{
    const auto it = std::find(rows_.begin(), rows_.end(), table_row);
    return it == rows_.end() ? -1 : static_cast<int>(it - rows_.begin());
}

void ReviewQueueModel::refresh()
{
    if (!rows_.empty())
        emit dataChanged(index(0, Conflict), index(rowCount() - 1, Status));
}

int ReviewQueueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ReviewQueueModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Columns;
}

QVariant ReviewQueueModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const std::size_t row = rows_[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Id:
            return reviews_.parcel_id(row);
        case Town:
            return reviews_.town(row);
        case LandUse:
            return reviews_.land_use(row);
        case Conflict: {
            const auto conflict = reviews_.conflict(row);
            return conflict ? conflict_text(*conflict) : tr("…");
        }
        case Status: {
            const geo::ReviewRecord* record = reviews_.cached_record(row);
            return record ? QString::fromUtf8(geo::status_label(record->status)) : tr("not reviewed");
        }
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Conflict) {
        const auto conflict = reviews_.conflict(row);
        if (conflict && !conflict->empty())
            return QBrush(QColor(190, 20, 20));
    }
    return {};
}

QVariant ReviewQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("Parcel");
    case Town:
        return tr("Town");
    case LandUse:
        return tr("Land use");
    case Conflict:
        return tr("Conflict");
    case Status:
        return tr("Status");
    default:
        return {};
    }
}

} // namespace ui
