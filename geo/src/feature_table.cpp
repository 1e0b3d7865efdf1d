#include "geo/feature_table.h"

#include <algorithm>
#include <charconv>
#include <future>
#include <limits>
#include <mutex>
#include <unordered_map>

#include "geo/error.h"
#include "geo/layer_reader.h"
#include "geo/parallel.h"

namespace geo {

namespace {

// Features per batch: GDAL reads the next batch while the workers convert this one.
constexpr std::size_t kBatchSize = 8192;

// A cell's text. Numbers go through std::to_chars (shortest round-trip form), several times
// faster than GDAL's printf-based GetFieldAsString, which dominated loading a million parcels.
void append_text(const OGRFeature& feature, int field, OGRFieldType type, OGRFieldSubType subtype, std::string& out)
{
    const OGRField* raw = feature.GetRawFieldRef(field);
    char buffer[40];
    std::to_chars_result written{buffer, {}};
    switch (type) {
    case OFTString:
        out += raw->String;
        return;
    case OFTInteger:
        written = std::to_chars(buffer, buffer + sizeof buffer, raw->Integer);
        break;
    case OFTInteger64:
        written = std::to_chars(buffer, buffer + sizeof buffer, raw->Integer64);
        break;
    case OFTReal:
        written = subtype == OFSTFloat32 ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<float>(raw->Real))
                                         : std::to_chars(buffer, buffer + sizeof buffer, raw->Real);
        break;
    default:
        out += feature.GetFieldAsString(field);
        return;
    }
    out.append(buffer, written.ptr);
}

Envelope merged(const Envelope& a, const Envelope& b)
{
    return {std::min(a.min_x, b.min_x), std::min(a.min_y, b.min_y), std::max(a.max_x, b.max_x),
            std::max(a.max_y, b.max_y)};
}

// One batch's geometries as GDAL read them (in the working CRS), then as valid GEOS geometries.
struct GeometryBatch {
    std::vector<OgrGeometryPtr> read;
    std::vector<GeomPtr> converted;
    std::vector<char> repaired;
};

// Converts to GEOS and makes valid. A polygon of one strictly convex ring (most parcels) is
// valid by construction, so GEOS's validity check is spent only on the rest.
GeomPtr valid_geos(const OGRGeometry& read, char& repaired)
{
    bool known_valid = false;
    GeomPtr geometry = to_geos(read, &known_valid);
    if (known_valid || is_valid(*geometry))
        return geometry;
    repaired = 1;
    return is_polygonal(*geometry) ? make_valid_polygonal(*geometry)
                                   : checked(GEOSMakeValid_r(geos_context(), geometry.get()), "MakeValid");
}

} // namespace

struct FeatureTable::Index {
    std::once_flag built;
    StrTreePtr tree;
    std::vector<std::size_t> ids; // stable item storage for the tree
};

FeatureTable::FeatureTable(FeatureTable&&) noexcept = default;
FeatureTable& FeatureTable::operator=(FeatureTable&&) noexcept = default;
FeatureTable::~FeatureTable() = default;

FeatureTable FeatureTable::load(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference& layer_srs,
                                const OGRSpatialReference& working, const LoadOptions& options)
{
    FeatureTable table;
    table.name_ = layer.GetName();
    table.geometry_type_ = wkbFlatten(layer.GetGeomType());
    table.index_ = std::make_unique<Index>();
    const OGRFeatureDefn* definition = layer.GetLayerDefn();
    struct SourceField {
        int index;
        OGRFieldType type;
        OGRFieldSubType subtype;
    };
    std::vector<SourceField> source_fields;
    for (int i = 0; i < definition->GetFieldCount(); ++i) {
        const OGRFieldDefn& field = *definition->GetFieldDefn(i);
        const std::string name = field.GetNameRef();
        if (!options.only_fields.empty() &&
            std::find(options.only_fields.begin(), options.only_fields.end(), name) == options.only_fields.end())
            continue;
        table.field_names_.push_back(name);
        source_fields.push_back({i, field.GetType(), field.GetSubType()});
    }
    const std::size_t field_count = source_fields.size();
    table.text_.resize(field_count);
    table.offsets_.assign(field_count, std::vector<std::uint32_t>{0});
    table.nulls_.resize(field_count);
    auto cancelled = [&] { return options.cancel != nullptr && options.cancel->load(); };

    // GDAL reads (one thread: a dataset is not thread-safe) and keeps the attributes; the
    // workers meanwhile convert the previous batch's geometries and make them valid.
    LayerReader reader(source, layer, layer_srs, &working, options.where);
    const double expected = static_cast<double>(std::max<std::int64_t>(reader.expected_count(), 1));
    std::mutex spent_mutex;
    std::vector<std::vector<OgrGeometryPtr>> spent_read;
    auto read_batch = [&] {
        {
            // Converted batches' OGR geometries are freed here, on the thread that allocated
            // them: glibc's allocator is several times slower at freeing across threads.
            std::vector<std::vector<OgrGeometryPtr>> spent;
            std::lock_guard lock(spent_mutex);
            spent.swap(spent_read);
        }
        GeometryBatch batch;
        batch.read.reserve(kBatchSize);
        while (batch.read.size() < kBatchSize && !cancelled()) {
            FeaturePtr feature = reader.next_in_target_crs();
            if (!feature)
                break;
            for (std::size_t c = 0; c < field_count; ++c) {
                const SourceField& field = source_fields[c];
                const bool null = !feature->IsFieldSetAndNotNull(field.index);
                table.nulls_[c].push_back(null);
                if (!null)
                    append_text(*feature, field.index, field.type, field.subtype, table.text_[c]);
                if (table.text_[c].size() > std::numeric_limits<std::uint32_t>::max())
                    throw file_error(source.path(), "layer '" + table.name_ + "': attribute text over 4 GB");
                table.offsets_[c].push_back(static_cast<std::uint32_t>(table.text_[c].size()));
            }
            table.fids_.push_back(feature->GetFID());
            OgrGeometryPtr geometry(feature->StealGeometry());
            batch.read.push_back(geometry && !geometry->IsEmpty() ? std::move(geometry) : nullptr);
        }
        return batch;
    };

    // The reader keeps a core to itself: it is the slower side of the pipeline.
    const int threads = std::max(1, default_thread_count() - 1);
    std::vector<Envelope> extents(static_cast<std::size_t>(threads));
    std::vector<char> has_extent(static_cast<std::size_t>(threads), 0);
    std::future<GeometryBatch> pending = std::async(std::launch::async, read_batch);
    for (;;) {
        GeometryBatch batch = pending.get();
        if (cancelled())
            throw Error("cancelled");
        if (batch.read.empty())
            break;
        pending = std::async(std::launch::async, read_batch);
        batch.converted.resize(batch.read.size());
        batch.repaired.assign(batch.read.size(), 0);
        parallel_for(batch.read.size(), threads, [&](int worker, std::size_t i) {
            if (!batch.read[i])
                return;
            GeomPtr geometry = valid_geos(*batch.read[i], batch.repaired[i]);
            if (GEOSisEmpty_r(geos_context(), geometry.get()) == 0) {
                const auto w = static_cast<std::size_t>(worker);
                const Envelope e = envelope_of(*geometry);
                extents[w] = has_extent[w] ? merged(extents[w], e) : e;
                has_extent[w] = 1;
            }
            batch.converted[i] = std::move(geometry);
        });
        {
            std::lock_guard lock(spent_mutex);
            spent_read.push_back(std::move(batch.read));
        }
        for (auto& geometry : batch.converted)
            table.geometries_.push_back(std::move(geometry));
        table.repaired_.insert(table.repaired_.end(), batch.repaired.begin(), batch.repaired.end());
        if (options.progress)
            options.progress(std::min(1.0, static_cast<double>(table.geometries_.size()) / expected));
    }
    bool first = true;
    for (std::size_t w = 0; w < extents.size(); ++w)
        if (has_extent[w]) {
            table.extent_ = first ? extents[w] : merged(table.extent_, extents[w]);
            first = false;
        }
    if (options.progress)
        options.progress(1.0);
    return table;
}

void FeatureTable::build_index() const
{
    std::call_once(index_->built, [this] {
        auto ctx = geos_context();
        index_->tree.reset(GEOSSTRtree_create_r(ctx, 10));
        index_->ids.resize(geometries_.size());
        for (std::size_t i = 0; i < geometries_.size(); ++i) {
            index_->ids[i] = i;
            if (geometries_[i] && !GEOSisEmpty_r(ctx, geometries_[i].get()))
                GEOSSTRtree_insert_r(ctx, index_->tree.get(), geometries_[i].get(), &index_->ids[i]);
        }
        build_now(*index_->tree);
    });
}

GEOSSTRtree& FeatureTable::tree() const
{
    build_index();
    return *index_->tree;
}

std::optional<std::size_t> FeatureTable::field_index(std::string_view name) const
{
    for (std::size_t i = 0; i < field_names_.size(); ++i)
        if (field_names_[i] == name)
            return i;
    return std::nullopt;
}

std::string_view FeatureTable::value(std::size_t row, std::size_t field) const
{
    const auto& offsets = offsets_[field];
    return std::string_view(text_[field]).substr(offsets[row], offsets[row + 1] - offsets[row]);
}

bool FeatureTable::is_null(std::size_t row, std::size_t field) const { return nulls_[field][row]; }

std::size_t FeatureTable::repaired_count() const
{
    return static_cast<std::size_t>(std::count(repaired_.begin(), repaired_.end(), 1));
}

double FeatureTable::area_m2(std::size_t row) const
{
    const GEOSGeometry* g = geometries_[row].get();
    return g != nullptr && is_polygonal(*g) ? area(*g) : 0.0;
}

std::vector<std::size_t> FeatureTable::rows_at(double x, double y, double tolerance) const
{
    auto ctx = geos_context();
    GeomPtr point = checked(GEOSGeom_createPointFromXY_r(ctx, x, y), "point");
    GeomPtr search = tolerance > 0 ? checked(GEOSGeom_createRectangle_r(ctx, x - tolerance, y - tolerance,
                                                                        x + tolerance, y + tolerance),
                                             "rectangle")
                                   : clone(*point);
    const std::vector<std::size_t> candidates = query_indexes(tree(), *search);
    std::vector<std::pair<double, std::size_t>> hits;
    for (std::size_t row : candidates) {
        double distance = 0;
        if (GEOSDistance_r(ctx, geometries_[row].get(), point.get(), &distance) == 1 && distance <= tolerance)
            hits.emplace_back(distance, row);
    }
    std::sort(hits.begin(), hits.end());
    std::vector<std::size_t> rows;
    for (const auto& hit : hits)
        rows.push_back(hit.second);
    return rows;
}

std::vector<std::size_t> FeatureTable::rows_of(const std::vector<std::int64_t>& fids) const
{
    std::unordered_map<std::int64_t, std::size_t> row_of_fid;
    row_of_fid.reserve(fids_.size());
    for (std::size_t row = 0; row < fids_.size(); ++row)
        row_of_fid.emplace(fids_[row], row);
    std::vector<std::size_t> rows;
    rows.reserve(fids.size());
    for (std::int64_t fid : fids)
        if (auto it = row_of_fid.find(fid); it != row_of_fid.end())
            rows.push_back(it->second);
    return rows;
}

std::vector<std::size_t> FeatureTable::rows_intersecting(const GEOSGeometry& area_geometry) const
{
    auto ctx = geos_context();
    const std::vector<std::size_t> candidates = query_indexes(tree(), area_geometry);
    PreparedPtr prepared(GEOSPrepare_r(ctx, &area_geometry));
    std::vector<std::size_t> rows;
    for (std::size_t row : candidates)
        if (GEOSPreparedIntersects_r(ctx, prepared.get(), geometries_[row].get()) == 1)
            rows.push_back(row);
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace geo
