#include "geo/feature_table.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <mutex>
#include <unordered_map>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/ignored_fields.h"
#include "geo/layer_reader.h"
#include "geo/parallel.h"
#include "geo/read_ahead.h"

namespace geo {

namespace {

// Features per batch: GDAL reads the next batch while the workers convert this one.
constexpr std::size_t kBatchSize = 8192;
constexpr std::size_t kBlockSize = 1024; // features per conversion task

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

// One batch's geometries as GDAL read them (in the working CRS), then as valid GEOS geometries.
struct GeometryBatch {
    std::vector<OgrGeometryPtr> read;
    std::vector<GeomPtr> converted;
    std::vector<char> repaired;
    std::vector<char> unchecked; // converted as read, its validity checked on first use
    std::vector<char> convex;    // a polygon of one strictly convex ring
    std::vector<Envelope> envelopes;
};

// `geometry` made valid (MakeValid; a polygon's polygonal part).
GeomPtr repaired_geos(const GEOSGeometry& geometry)
{
    return is_polygonal(geometry) ? make_valid_polygonal(geometry)
                                  : checked(GEOSMakeValid_r(geos_context(), &geometry), "MakeValid");
}

// Converts to GEOS and makes valid, or with `later` leaves the check to check_validity(). A
// polygon of one strictly convex ring (most parcels) is valid by construction, so GEOS's
// validity check is spent only on the rest.
GeomPtr valid_geos(const OGRGeometry& read, bool later, char& repaired, char& unchecked, char& convex)
{
    bool known_valid = false;
    GeomPtr geometry = to_geos(read, &known_valid);
    convex = known_valid ? 1 : 0;
    if (known_valid)
        return geometry;
    if (later) {
        unchecked = 1;
        return geometry;
    }
    if (is_valid(*geometry))
        return geometry;
    repaired = 1;
    return repaired_geos(*geometry);
}

} // namespace

struct FeatureTable::SourceField {
    int index; // in the layer's definition
    OGRFieldType type;
    OGRFieldSubType subtype;
};

struct FeatureTable::Shapes {
    std::vector<GeomPtr> geometries; // as loaded: valid, or unchecked
    std::vector<char> repaired;
    // Rows loaded with check_validity_later whose validity is not known by construction; those
    // found invalid get a repaired geometry here, once, on first use (the loaded one is drawn).
    std::vector<std::size_t> unchecked;
    std::once_flag validity_checked;
    std::unordered_map<std::size_t, GeomPtr> repaired_later;
    std::vector<Envelope> envelopes; // all zero for a row without geometry
    // Rows that are a polygon of one strictly convex ring: its coordinates, as read, are
    // convex_xy[convex_end[row - 1], convex_end[row]) (an empty range for the other rows).
    std::vector<double> convex_xy;
    std::vector<std::size_t> convex_end;
    Envelope extent;
    std::once_flag indexed;
    StrTreePtr tree;
    std::vector<std::size_t> ids; // stable item storage for the tree
};

FeatureTable::FeatureTable(FeatureTable&&) noexcept = default;
FeatureTable& FeatureTable::operator=(FeatureTable&&) noexcept = default;
FeatureTable::~FeatureTable() = default;

std::vector<FeatureTable::SourceField> FeatureTable::define_fields(const OGRFeatureDefn& definition,
                                                                   const std::vector<std::string>& only)
{
    std::vector<SourceField> fields;
    for (int i = 0; i < definition.GetFieldCount(); ++i) {
        const OGRFieldDefn& field = *definition.GetFieldDefn(i);
        const std::string name = field.GetNameRef();
        if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end())
            continue;
        field_names_.push_back(name);
        fields.push_back({i, field.GetType(), field.GetSubType()});
    }
    text_.resize(fields.size());
    offsets_.assign(fields.size(), std::vector<std::uint32_t>{0});
    nulls_.resize(fields.size());
    return fields;
}

std::string field_text(const OGRFeature& feature, int field)
{
    std::string text;
    if (feature.IsFieldSetAndNotNull(field)) {
        const OGRFieldDefn& definition = *feature.GetFieldDefnRef(field);
        append_text(feature, field, definition.GetType(), definition.GetSubType(), text);
    }
    return text;
}

void FeatureTable::append_attributes(const OGRFeature& feature, const std::vector<SourceField>& fields,
                                     const std::string& path)
{
    for (std::size_t c = 0; c < fields.size(); ++c) {
        const SourceField& field = fields[c];
        const bool null = !feature.IsFieldSetAndNotNull(field.index);
        nulls_[c].push_back(null);
        if (!null)
            append_text(feature, field.index, field.type, field.subtype, text_[c]);
        if (text_[c].size() > std::numeric_limits<std::uint32_t>::max())
            throw file_error(path, "layer '" + name_ + "': attribute text over 4 GB");
        offsets_[c].push_back(static_cast<std::uint32_t>(text_[c].size()));
    }
}

namespace {

// Not with a filter: drivers that evaluate it themselves would see the ignored fields empty.
void ignore_unused(IgnoredFields& ignored, const std::vector<std::string>& kept, const std::string& where)
{
    if (!kept.empty() && where.empty())
        ignored.keep_only(kept);
}

} // namespace

const GEOSGeometry* FeatureTable::geometry(std::size_t row) const
{
    const Shapes& shapes = *shapes_;
    if (!shapes.unchecked.empty()) {
        check_validity();
        if (const auto it = shapes.repaired_later.find(row); it != shapes.repaired_later.end())
            return it->second.get();
    }
    return shapes.geometries[row].get();
}

const GEOSGeometry* FeatureTable::geometry_to_draw(std::size_t row) const
{
    return shapes_->geometries[row].get();
}

void FeatureTable::check_validity() const
{
    Shapes& shapes = *shapes_;
    std::call_once(shapes.validity_checked, [&shapes] {
        const std::size_t blocks = (shapes.unchecked.size() + kBlockSize - 1) / kBlockSize;
        std::vector<std::vector<std::pair<std::size_t, GeomPtr>>> repaired(blocks);
        parallel_for(blocks, default_thread_count(), [&](int, std::size_t block) {
            const std::size_t end = std::min(shapes.unchecked.size(), (block + 1) * kBlockSize);
            for (std::size_t i = block * kBlockSize; i < end; ++i) {
                const GEOSGeometry& loaded = *shapes.geometries[shapes.unchecked[i]];
                if (!is_valid(loaded))
                    repaired[block].emplace_back(shapes.unchecked[i], repaired_geos(loaded));
            }
        });
        for (auto& block : repaired)
            for (auto& [row, geometry] : block) {
                shapes.repaired[row] = 1;
                shapes.repaired_later.emplace(row, std::move(geometry));
            }
    });
}

GeomPtr FeatureTable::valid_geometry(const OGRGeometry& read)
{
    char repaired = 0, unchecked = 0, convex = 0;
    return valid_geos(read, false, repaired, unchecked, convex);
}

bool FeatureTable::was_repaired(std::size_t row) const
{
    check_validity();
    return shapes_->repaired[row] != 0;
}

Envelope FeatureTable::extent() const
{
    return shapes_->extent;
}

Envelope FeatureTable::envelope(std::size_t row) const
{
    return shapes_->envelopes[row];
}

std::span<const double> FeatureTable::convex_ring(std::size_t row) const
{
    const Shapes& shapes = *shapes_;
    const std::size_t begin = row == 0 ? 0 : shapes.convex_end[row - 1];
    return {shapes.convex_xy.data() + begin, shapes.convex_end[row] - begin};
}

FeatureTable FeatureTable::load(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference& layer_srs,
                                const OGRSpatialReference& working, const LoadOptions& options)
{
    FeatureTable table;
    table.name_ = layer.GetName();
    table.geometry_type_ = wkbFlatten(layer.GetGeomType());
    table.fids_ = std::make_shared<std::vector<std::int64_t>>();
    table.shapes_ = std::make_shared<Shapes>();
    Shapes& shapes = *table.shapes_;
    const OGRFeatureDefn& definition = *layer.GetLayerDefn();
    const std::vector<SourceField> source_fields = table.define_fields(definition, options.only_fields);
    IgnoredFields ignored(layer);
    ignore_unused(ignored, options.only_fields, options.where);
    if (options.attributes_only)
        ignored.add("OGR_GEOMETRY");
    ignored.apply();
    auto cancelled = [&] { return options.cancel != nullptr && options.cancel->load(); };

    // GDAL reads (one thread: a dataset is not thread-safe) and keeps the attributes; the
    // workers meanwhile convert the previous batch's geometries and make them valid.
    LayerReader reader(source, layer, layer_srs, &working, options.where);
    const double expected = static_cast<double>(std::max<std::int64_t>(reader.expected_count(), 1));
    if (table.geometry_type_ == wkbPolygon && reader.expected_count() > 0) {
        // Mostly quadrilaterals and pentagons: room for six points a row, grown if need be.
        shapes.convex_xy.reserve(12 * static_cast<std::size_t>(reader.expected_count()));
        shapes.convex_end.reserve(static_cast<std::size_t>(reader.expected_count()));
    }
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
        while (batch.read.size() < kBatchSize && table.fids_->size() < options.max_rows && !cancelled()) {
            FeaturePtr feature = reader.next_in_target_crs();
            if (!feature)
                break;
            table.append_attributes(*feature, source_fields, source.path());
            table.fids_->push_back(feature->GetFID());
            // PostgreSQL's driver sends the geometry however ignored: dropped here then.
            if (options.attributes_only || (options.keep_geometry && !options.keep_geometry(feature->GetFID()))) {
                batch.read.push_back(nullptr); // neither converted nor made valid
                continue;
            }
            OgrGeometryPtr geometry(feature->StealGeometry());
            batch.read.push_back(geometry && !geometry->IsEmpty() ? std::move(geometry) : nullptr);
        }
        return batch;
    };

    // The reader keeps a core to itself: it is the slower side of the pipeline.
    const int threads = std::max(1, default_thread_count() - 1);
    std::vector<std::optional<Envelope>> extents(static_cast<std::size_t>(threads)); // per worker
    ReadAhead<GeometryBatch> reading(
        [&]() -> std::optional<GeometryBatch> {
            GeometryBatch batch = read_batch();
            return batch.read.empty() ? std::nullopt : std::optional(std::move(batch));
        },
        2);
    while (std::optional<GeometryBatch> next = reading.next()) {
        if (cancelled())
            throw Error("cancelled");
        GeometryBatch& batch = *next;
        batch.converted.resize(batch.read.size());
        batch.repaired.assign(batch.read.size(), 0);
        batch.unchecked.assign(batch.read.size(), 0);
        batch.envelopes.assign(batch.read.size(), Envelope{});
        batch.convex.assign(batch.read.size(), 0);
        // Contiguous blocks per task: workers writing neighbouring elements would share cache lines.
        const std::size_t blocks = (batch.read.size() + kBlockSize - 1) / kBlockSize;
        parallel_for(blocks, threads, [&](int worker, std::size_t block) {
            const auto w = static_cast<std::size_t>(worker);
            for (std::size_t i = block * kBlockSize; i < std::min(batch.read.size(), (block + 1) * kBlockSize); ++i) {
                if (!batch.read[i])
                    continue;
                GeomPtr geometry = valid_geos(*batch.read[i], options.check_validity_later, batch.repaired[i],
                                              batch.unchecked[i], batch.convex[i]);
                if (GEOSisEmpty_r(geos_context(), geometry.get()) == 0) {
                    // OGR's envelope of what was read (no allocation, unlike GEOS's cached one);
                    // GEOS's for a repaired geometry, which may have lost parts.
                    Envelope e;
                    if (batch.repaired[i]) {
                        e = envelope_of(*geometry);
                    } else {
                        OGREnvelope read;
                        batch.read[i]->getEnvelope(&read);
                        e = {read.MinX, read.MinY, read.MaxX, read.MaxY};
                    }
                    batch.envelopes[i] = e;
                    extents[w] = extents[w] ? merged(*extents[w], e) : e;
                }
                batch.converted[i] = std::move(geometry);
            }
        });
        for (std::size_t i = 0; i < batch.read.size(); ++i) {
            if (batch.convex[i]) {
                const OGRLinearRing& ring = *batch.read[i]->toPolygon()->getExteriorRing();
                const std::size_t at = shapes.convex_xy.size();
                shapes.convex_xy.resize(at + 2 * static_cast<std::size_t>(ring.getNumPoints()));
                ring.getPoints(shapes.convex_xy.data() + at, 2 * sizeof(double), shapes.convex_xy.data() + at + 1,
                               2 * sizeof(double));
            }
            shapes.convex_end.push_back(shapes.convex_xy.size());
        }
        {
            std::lock_guard lock(spent_mutex);
            spent_read.push_back(std::move(batch.read));
        }
        for (std::size_t i = 0; i < batch.unchecked.size(); ++i)
            if (batch.unchecked[i])
                shapes.unchecked.push_back(shapes.geometries.size() + i);
        for (auto& geometry : batch.converted)
            shapes.geometries.push_back(std::move(geometry));
        shapes.repaired.insert(shapes.repaired.end(), batch.repaired.begin(), batch.repaired.end());
        shapes.envelopes.insert(shapes.envelopes.end(), batch.envelopes.begin(), batch.envelopes.end());
        if (options.progress)
            options.progress(std::min(1.0, static_cast<double>(shapes.geometries.size()) / expected));
    }
    std::optional<Envelope> extent;
    for (const auto& e : extents)
        if (e)
            extent = extent ? merged(*extent, *e) : *e;
    shapes.extent = extent.value_or(Envelope{});
    if (options.progress)
        options.progress(1.0);
    return table;
}

FeatureTable FeatureTable::with_fields(const VectorSource& source, OGRLayer& layer, const LoadOptions& options) const
{
    FeatureTable table;
    table.name_ = name_;
    table.geometry_type_ = geometry_type_;
    table.fids_ = fids_;
    table.shapes_ = shapes_;
    const OGRFeatureDefn& definition = *layer.GetLayerDefn();
    const std::vector<SourceField> source_fields = table.define_fields(definition, options.only_fields);
    IgnoredFields ignored(layer);
    ignored.add("OGR_GEOMETRY");
    ignore_unused(ignored, options.only_fields, options.where);
    ignored.apply();

    LayerReader reader(source, layer, *layer_crs(source, layer), nullptr, options.where);
    const double expected = static_cast<double>(std::max<std::size_t>(size(), 1));
    std::size_t row = 0;
    while (FeaturePtr feature = reader.next_in_target_crs()) {
        if (options.cancel != nullptr && options.cancel->load())
            throw Error("cancelled");
        if (row >= size() || feature->GetFID() != fid(row))
            throw file_error(source.path(), "layer '" + name_ + "' changed while it was being read");
        table.append_attributes(*feature, source_fields, source.path());
        ++row;
        if (options.progress && row % 8192 == 0)
            options.progress(static_cast<double>(row) / expected);
    }
    if (row != size())
        throw file_error(source.path(), "layer '" + name_ + "' changed while it was being read");
    if (options.progress)
        options.progress(1.0);
    return table;
}

void FeatureTable::build_index() const
{
    Shapes& shapes = *shapes_;
    std::call_once(shapes.indexed, [this, &shapes] {
        auto ctx = geos_context();
        shapes.tree.reset(GEOSSTRtree_create_r(ctx, 10));
        shapes.ids.resize(shapes.geometries.size());
        for (std::size_t i = 0; i < shapes.geometries.size(); ++i) {
            shapes.ids[i] = i;
            const GEOSGeometry* valid = geometry(i); // the repaired one, where check_validity_later repaired
            if (valid != nullptr && !GEOSisEmpty_r(ctx, valid))
                GEOSSTRtree_insert_r(ctx, shapes.tree.get(), valid, &shapes.ids[i]);
        }
        build_now(*shapes.tree);
    });
}

GEOSSTRtree& FeatureTable::tree() const
{
    build_index();
    return *shapes_->tree;
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

bool FeatureTable::is_null(std::size_t row, std::size_t field) const
{
    return nulls_[field][row];
}

std::size_t FeatureTable::repaired_count() const
{
    check_validity();
    return static_cast<std::size_t>(std::count(shapes_->repaired.begin(), shapes_->repaired.end(), 1));
}

double FeatureTable::area_m2(std::size_t row) const
{
    const GEOSGeometry* g = geometry(row);
    return g != nullptr && is_polygonal(*g) ? area(*g) : 0.0;
}

std::vector<std::size_t> FeatureTable::rows_at(double x, double y, double tolerance) const
{
    auto ctx = geos_context();
    GeomPtr point = checked(GEOSGeom_createPointFromXY_r(ctx, x, y), "point");
    GeomPtr search =
        tolerance > 0
            ? checked(GEOSGeom_createRectangle_r(ctx, x - tolerance, y - tolerance, x + tolerance, y + tolerance),
                      "rectangle")
            : clone(*point);
    const std::vector<std::size_t> candidates = query_indexes(tree(), *search);
    std::vector<std::pair<double, std::size_t>> hits;
    for (std::size_t row : candidates) {
        double distance = 0;
        if (GEOSDistance_r(ctx, geometry(row), point.get(), &distance) == 1 && distance <= tolerance)
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
    row_of_fid.reserve(size());
    for (std::size_t row = 0; row < size(); ++row)
        row_of_fid.emplace(fid(row), row);
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
        if (GEOSPreparedIntersects_r(ctx, prepared.get(), geometry(row)) == 1)
            rows.push_back(row);
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace geo
