#include "source_table_model.h"

#include <QtConcurrent>

#include "field_labels.h"
#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/gdal_ptr.h"
#include "geo/ignored_fields.h"
#include "geo/vector_source.h"

namespace ui {
namespace {

// Rows read from the source at once: a screenful and more, a few milliseconds by id.
constexpr std::size_t kPageRows = 128;
// Pages kept: scrolling back is free, a long scroll does not keep the layer.
constexpr std::size_t kPagesKept = 64;

// The ids of the features of `layer` of `path` that `where` keeps, in the source's order, read
// with every field and the geometry ignored. Its own GDAL handle: any thread.
SourceTableModel::Ids feature_ids(const std::string& path, const std::string& layer_name, const std::string& where)
{
    SourceTableModel::Ids ids;
    try {
        const geo::VectorSource source = geo::VectorSource::open(path);
        OGRLayer& layer = source.layer(layer_name);
        geo::IgnoredFields ignored(layer);
        ignored.add("OGR_GEOMETRY");
        ignored.keep_only({});
        ignored.apply();
        CPLErrorReset();
        if (!where.empty() && layer.SetAttributeFilter(where.c_str()) != OGRERR_NONE) {
            ids.error = QString::fromStdString(geo::last_gdal_error("GDAL cannot evaluate this WHERE"));
            return ids;
        }
        layer.ResetReading();
        while (const geo::FeaturePtr feature{layer.GetNextFeature()})
            ids.fids.push_back(feature->GetFID());
        // A GeoPackage hands the WHERE to SQLite, which refuses it only once read.
        if (CPLGetLastErrorType() == CE_Failure) {
            ids.fids.clear();
            ids.error = QString::fromStdString(geo::last_gdal_error("GDAL cannot evaluate this WHERE"));
        }
    } catch (const std::exception& e) {
        ids.error = QString::fromUtf8(e.what());
    }
    return ids;
}

} // namespace

SourceTableModel::SourceTableModel(QObject* parent) : QAbstractTableModel(parent)
{
    connect(&ids_, &QFutureWatcher<Ids>::finished, this, &SourceTableModel::show_ids);
}

SourceTableModel::~SourceTableModel()
{
    ids_.waitForFinished();
}

void SourceTableModel::set_layer(const std::string& path, const std::string& layer)
{
    beginResetModel();
    ++request_;
    fids_.clear();
    pages_.clear();
    fields_.clear();
    layer_ = nullptr;
    source_.reset();
    path_ = path;
    layer_name_ = layer;
    try {
        source_ = std::make_unique<geo::VectorSource>(geo::VectorSource::open(path));
        layer_ = &source_->layer(layer);
        const OGRFeatureDefn& definition = *layer_->GetLayerDefn();
        for (int i = 0; i < definition.GetFieldCount(); ++i)
            fields_.emplace_back(definition.GetFieldDefn(i)->GetNameRef());
        // The pages read only the attributes.
        const char* geometry[] = {"OGR_GEOMETRY", nullptr};
        layer_->SetIgnoredFields(geometry);
    } catch (...) {
        source_.reset();
        endResetModel();
        throw;
    }
    endResetModel();
    read_ids({});
}

void SourceTableModel::show_fids(std::vector<GIntBig> fids)
{
    beginResetModel();
    ++request_; // a read running is no longer wanted
    pages_.clear();
    fids_ = std::move(fids);
    endResetModel();
}

void SourceTableModel::set_where(const QString& where)
{
    if (!layer_)
        return;
    read_ids(where);
}

void SourceTableModel::read_ids(const QString& where)
{
    // A read still running goes on with its own handle and copies; its answer is dropped.
    ids_.setFuture(QtConcurrent::run(
        [path = path_, layer = layer_name_, where = where.trimmed().toStdString(), request = ++request_] {
            Ids ids = feature_ids(path, layer, where);
            ids.request = request;
            return ids;
        }));
}

void SourceTableModel::show_ids()
{
    Ids ids = ids_.result();
    if (ids.request != request_)
        return;
    beginResetModel();
    pages_.clear();
    fids_ = ids.error.isEmpty() ? std::move(ids.fids) : std::vector<GIntBig>();
    endResetModel();
    emit rows_read(ids.error);
}

const std::vector<QStringList>& SourceTableModel::page(std::size_t index) const
{
    if (auto found = pages_.find(index); found != pages_.end())
        return found->second;
    if (pages_.size() >= kPagesKept)
        pages_.clear();
    std::vector<QStringList>& rows = pages_[index];
    const std::size_t first = index * kPageRows;
    for (std::size_t row = first; row < std::min(fids_.size(), first + kPageRows); ++row) {
        QStringList values;
        if (const geo::FeaturePtr feature{layer_->GetFeature(fids_[row])})
            for (int i = 0; i < static_cast<int>(fields_.size()); ++i)
                values << (feature->IsFieldSetAndNotNull(i) ? QString::fromStdString(geo::field_text(*feature, i))
                                                            : QStringLiteral("NULL"));
        rows.push_back(values); // empty: deleted since its id was read
    }
    return rows;
}

int SourceTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(fids_.size());
}

int SourceTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(fields_.size());
}

QVariant SourceTableModel::data(const QModelIndex& index, int role) const
{
    if (!layer_ || !index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
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
        if (section < 0 || section >= static_cast<int>(fields_.size()))
            return {};
        const std::string& field = fields_[static_cast<std::size_t>(section)];
        return role == Qt::DisplayRole ? field_header(field) : QString::fromStdString(field);
    }
    return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
}

} // namespace ui
