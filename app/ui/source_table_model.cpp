#include "source_table_model.h"

#include <QtConcurrent>
#include <algorithm>

#include "field_labels.h"
#include "geo/city_check.h"
#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/gdal_ptr.h"
#include "geo/vector_source.h"

namespace ui {
namespace {

// Rows read from the source at once: a screenful and more, a few milliseconds by id.
constexpr std::size_t kPageRows = 128;
// Pages kept: scrolling back is free, a long scroll does not keep the layer.
constexpr std::size_t kPagesKept = 64;

} // namespace

SourceTableModel::SourceTableModel(QObject* parent) : QAbstractTableModel(parent)
{
    connect(&rows_, &QFutureWatcher<Rows>::finished, this, &SourceTableModel::show_rows);
}

SourceTableModel::~SourceTableModel()
{
    ++*request_; // a read running stops at its next check
    rows_.waitForFinished();
}

void SourceTableModel::set_layer(std::vector<std::string> paths, const std::string& layer)
{
    beginResetModel();
    ++*request_;
    awaiting_ = false;
    rows_shown_.clear();
    pages_.clear();
    fields_.clear();
    sources_.clear();
    where_.clear();
    only_.reset();
    sort_column_ = -1;
    paths_ = std::move(paths);
    layer_name_ = layer;
    try {
        for (const std::string& path : paths_) {
            Source s;
            s.source = std::make_unique<geo::VectorSource>(geo::VectorSource::open(path));
            s.layer = &s.source->layer(layer);
            const OGRFeatureDefn& definition = *s.layer->GetLayerDefn();
            for (int i = 0; i < definition.GetFieldCount(); ++i)
                if (const std::string name = definition.GetFieldDefn(i)->GetNameRef();
                    std::find(fields_.begin(), fields_.end(), name) == fields_.end())
                    fields_.push_back(name);
            // The pages read only the attributes.
            const char* geometry[] = {"OGR_GEOMETRY", nullptr};
            s.layer->SetIgnoredFields(geometry);
            if (paths_.size() > 1)
                s.name = geo::county_name(*s.source);
            sources_.push_back(std::move(s));
        }
        for (Source& s : sources_)
            for (const std::string& field : fields_)
                s.field_of_column.push_back(s.layer->GetLayerDefn()->GetFieldIndex(field.c_str()));
    } catch (...) {
        sources_.clear();
        fields_.clear();
        endResetModel();
        throw;
    }
    endResetModel();
    start_reading();
}

void SourceTableModel::show_features(const SourceSelection& features)
{
    std::vector<SourceRow> rows;
    if (features.layer == layer_name_) // another layer's features are not in this table
        for (const SourceFeatures& part : features.sources)
            if (const auto found = std::find(paths_.begin(), paths_.end(), part.path); found != paths_.end())
                for (const std::int64_t fid : part.fids)
                    rows.push_back(source_row(static_cast<std::size_t>(found - paths_.begin()), fid));
    where_.clear();
    only_ = rows;
    ++*request_; // a read running is no longer wanted
    awaiting_ = false;
    replace_rows(std::move(rows));
    if (sort_column_ >= 0)
        start_reading();
}

void SourceTableModel::set_where(const QString& where)
{
    if (sources_.empty())
        return;
    where_ = where.trimmed().toStdString();
    only_.reset();
    start_reading();
}

void SourceTableModel::sort(int column, Qt::SortOrder order)
{
    if (sources_.empty() || column >= columnCount() || (column == sort_column_ && order == sort_order_))
        return;
    sort_column_ = column;
    sort_order_ = order;
    start_reading();
}

void SourceTableModel::start_reading()
{
    RowsRequest request;
    request.paths = paths_;
    request.layer = layer_name_;
    request.where = where_;
    request.only = only_;
    if (sort_column_ >= first_field_column())
        request.sort_field = fields_[static_cast<std::size_t>(sort_column_ - first_field_column())];
    request.by_source = sort_column_ == 0 && first_field_column() == 1;
    for (const Source& s : sources_)
        request.source_names.push_back(s.name);
    request.descending = sort_order_ == Qt::DescendingOrder;
    request.request = ++*request_;
    request.latest = request_;
    awaiting_ = true;
    // A read still running goes on with its own handles and copies; its answer is dropped.
    rows_.setFuture(QtConcurrent::run([request = std::move(request)] { return ui::read_rows(request); }));
}

void SourceTableModel::show_rows()
{
    Rows rows = rows_.result();
    if (rows.request != *request_ || rows.stale)
        return; // a newer read is awaited
    awaiting_ = false;
    replace_rows(rows.error.isEmpty() ? std::move(rows.rows) : std::vector<SourceRow>());
    emit rows_read(rows.error);
}

void SourceTableModel::replace_rows(std::vector<SourceRow> rows)
{
    beginResetModel();
    pages_.clear();
    rows_shown_ = std::move(rows);
    endResetModel();
}

const std::string& SourceTableModel::path(int row) const
{
    return paths_.at(source_of(rows_shown_.at(static_cast<std::size_t>(row))));
}

SourceSelection SourceTableModel::features(const std::vector<int>& rows) const
{
    SourceSelection selection;
    selection.layer = layer_name_;
    for (const int row : rows) {
        const std::string& source = path(row);
        auto part = std::find_if(selection.sources.begin(), selection.sources.end(),
                                 [&](const SourceFeatures& s) { return s.path == source; });
        if (part == selection.sources.end())
            part = selection.sources.insert(selection.sources.end(), {source, {}});
        part->fids.push_back(fid(row));
    }
    return selection;
}

const std::vector<QStringList>& SourceTableModel::page(std::size_t index) const
{
    if (auto found = pages_.find(index); found != pages_.end())
        return found->second;
    if (pages_.size() >= kPagesKept)
        pages_.clear();
    std::vector<QStringList>& rows = pages_[index];
    const std::size_t first = index * kPageRows;
    for (std::size_t row = first; row < std::min(rows_shown_.size(), first + kPageRows); ++row) {
        const Source& s = sources_[source_of(rows_shown_[row])];
        QStringList values;
        if (const geo::FeaturePtr feature{s.layer->GetFeature(fid_of(rows_shown_[row]))}) {
            if (first_field_column() == 1)
                values << QString::fromStdString(s.name);
            for (const int field : s.field_of_column)
                values << (field < 0 ? QString()
                           : feature->IsFieldSetAndNotNull(field)
                               ? QString::fromStdString(geo::field_text(*feature, field))
                               : QStringLiteral("NULL"));
        }
        rows.push_back(values); // empty: deleted since its id was read
    }
    return rows;
}

int SourceTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(rows_shown_.size());
}

int SourceTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() || sources_.empty() ? 0 : first_field_column() + static_cast<int>(fields_.size());
}

QVariant SourceTableModel::data(const QModelIndex& index, int role) const
{
    if (sources_.empty() || !index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const QStringList& values = page(row / kPageRows)[row % kPageRows];
    return index.column() < values.size() ? values[index.column()] : QVariant();
}

QVariant SourceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    if (orientation == Qt::Horizontal) {
        if (section < first_field_column())
            return tr("County");
        const int field = section - first_field_column();
        if (field < 0 || field >= static_cast<int>(fields_.size()))
            return {};
        const std::string& name = fields_[static_cast<std::size_t>(field)];
        return role == Qt::DisplayRole ? field_header(name) : QString::fromStdString(name);
    }
    return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
}

} // namespace ui
