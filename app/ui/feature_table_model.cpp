#include "feature_table_model.h"

#include "field_labels.h"

#include <algorithm>
#include <charconv>
#include <numeric>
#include <unordered_set>

#include "geo/feature_table.h"

namespace ui {
namespace {

std::optional<double> as_number(std::string_view text)
{
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return value;
}

} // namespace

FeatureTableModel::FeatureTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void FeatureTableModel::set_table(std::shared_ptr<const geo::FeatureTable> table)
{
    beginResetModel();
    table_ = std::move(table);
    all_.resize(table_ ? table_->size() : 0);
    std::iota(all_.begin(), all_.end(), 0);
    filter_.reset();
    apply_filter();
    endResetModel();
}

int FeatureTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(order_.size());
}

int FeatureTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() || !table_ ? 0 : static_cast<int>(table_->field_names().size());
}

QVariant FeatureTableModel::data(const QModelIndex& index, int role) const
{
    if (!table_ || !index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const std::size_t row = order_[static_cast<std::size_t>(index.row())];
    const auto column = static_cast<std::size_t>(index.column());
    if (table_->is_null(row, column))
        return QStringLiteral("NULL");
    const std::string_view text = table_->value(row, column);
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QVariant FeatureTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!table_ || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    if (orientation == Qt::Horizontal) {
        // The label planners read, with the name a WHERE needs under it.
        const std::string& field = table_->field_names()[static_cast<std::size_t>(section)];
        return role == Qt::DisplayRole ? field_header(field) : QString::fromStdString(field);
    }
    if (role != Qt::DisplayRole)
        return {};
    return section + 1;
}

void FeatureTableModel::sort(int column, Qt::SortOrder order)
{
    if (!table_ || column < 0 || column >= columnCount())
        return;
    const auto c = static_cast<std::size_t>(column);
    // Parse numbers once, not in every comparison.
    std::vector<double> numbers(table_->size());
    bool numeric = true;
    for (std::size_t row = 0; row < table_->size() && numeric; ++row) {
        if (table_->is_null(row, c)) {
            numbers[row] = -std::numeric_limits<double>::infinity();
            continue;
        }
        const auto n = as_number(table_->value(row, c));
        numeric = n.has_value();
        numbers[row] = n.value_or(0);
    }
    emit layoutAboutToBeChanged();
    // The features behind the view's persistent indexes (selection, current row) before the sort.
    const QModelIndexList before = persistentIndexList();
    std::vector<std::size_t> features;
    features.reserve(static_cast<std::size_t>(before.size()));
    for (const QModelIndex& index : before)
        features.push_back(index.isValid() ? order_[static_cast<std::size_t>(index.row())] : 0);
    auto less = [&](std::size_t a, std::size_t b) {
        return numeric ? numbers[a] < numbers[b] : table_->value(a, c) < table_->value(b, c);
    };
    if (order == Qt::AscendingOrder)
        std::stable_sort(all_.begin(), all_.end(), less);
    else
        std::stable_sort(all_.begin(), all_.end(), [&](std::size_t a, std::size_t b) { return less(b, a); });
    apply_filter();
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i)
        after.push_back(before[i].isValid()
                            ? index(model_row(features[static_cast<std::size_t>(i)]), before[i].column())
                            : QModelIndex());
    changePersistentIndexList(before, after);
    emit layoutChanged();
}

void FeatureTableModel::set_filter(std::optional<std::vector<std::size_t>> rows)
{
    beginResetModel();
    filter_ = std::move(rows);
    apply_filter();
    endResetModel();
}

void FeatureTableModel::apply_filter()
{
    if (!filter_) {
        order_ = all_;
    } else {
        std::vector<char> keep(all_.size(), 0);
        for (std::size_t row : *filter_)
            if (row < keep.size())
                keep[row] = 1;
        order_.clear();
        for (std::size_t row : all_)
            if (keep[row])
                order_.push_back(row);
    }
    position_.assign(all_.size(), -1);
    for (std::size_t i = 0; i < order_.size(); ++i)
        position_[order_[i]] = static_cast<int>(i);
}

int FeatureTableModel::model_row(std::size_t table_row) const
{
    return table_row < position_.size() ? position_[table_row] : -1;
}

} // namespace ui
