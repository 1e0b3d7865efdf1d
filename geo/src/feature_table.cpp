#include "geo/feature_table.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "geo/error.h"
#include "geo/layer_reader.h"
#include "geo/parallel.h"

namespace geo {
FeatureTable::FeatureTable(FeatureTable&&) noexcept = default;
FeatureTable& FeatureTable::operator=(FeatureTable&&) noexcept = default;
FeatureTable::~FeatureTable() = default;

FeatureTable FeatureTable::load(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference& layer_srs,
                                const OGRSpatialReference& working, const LoadOptions& options)
{
    FeatureTable table;
    table.name_ = layer.GetName();
    table.geometry_type_ = wkbFlatten(layer.GetGeomType());
    const OGRFeatureDefn* definition = layer.GetLayerDefn();
    // The source's index of each kept field.
    std::vector<int> source_fields;
    for (int i = 0; i < definition->GetFieldCount(); ++i) {
        const std::string name = definition->GetFieldDefn(i)->GetNameRef();
        if (!options.only_fields.empty() &&
            std::find(options.only_fields.begin(), options.only_fields.end(), name) == options.only_fields.end())
            continue;
        table.field_names_.push_back(name);
        source_fields.push_back(i);
    }
    const int field_count = static_cast<int>(source_fields.size());
    table.text_.resize(static_cast<std::size_t>(field_count));
    table.offsets_.assign(static_cast<std::size_t>(field_count), std::vector<std::uint32_t>{0});
    table.nulls_.resize(static_cast<std::size_t>(field_count));

    // One pass on this thread: GDAL's read, the GEOS conversion and the text. (Converting on
    // other threads while this one read was tried and measured no faster on two cores: the
    // per-cell strings cost what the threads saved.)
    LayerReader reader(source, layer, layer_srs, &working, options.where);
    const double expected = static_cast<double>(std::max<std::int64_t>(reader.expected_count(), 1));
    while (auto feature = reader.next()) {
        if (options.cancel && options.cancel->load())
            throw Error("cancelled");
        const OGRFeature& f = *feature->attributes;
        for (int i = 0; i < field_count; ++i) {
            const auto c = static_cast<std::size_t>(i);
            const int source_field = source_fields[c];
            const bool null = !f.IsFieldSetAndNotNull(source_field);
            table.nulls_[c].push_back(null);
            if (!null)
                table.text_[c] += f.GetFieldAsString(source_field);
            if (table.text_[c].size() > std::numeric_limits<std::uint32_t>::max())
                throw file_error(source.path(), "layer '" + table.name_ + "': attribute text over 4 GB");
            table.offsets_[c].push_back(static_cast<std::uint32_t>(table.text_[c].size()));
        }
        table.fids_.push_back(f.GetFID());
        table.geometries_.push_back(std::move(feature->geometry));
        if (options.progress && table.fids_.size() % 4096 == 0)
            options.progress(std::min(1.0, static_cast<double>(table.fids_.size()) / expected));
    }

    // Validity on every core: GDAL reads on one thread, GEOS checks need not wait for it.
    table.repaired_.assign(table.geometries_.size(), 0);
    parallel_for(table.geometries_.size(), default_thread_count(), [&](int, std::size_t row) {
        GeomPtr& geometry = table.geometries_[row];
        if (!geometry || is_valid(*geometry))
            return;
        table.repaired_[row] = 1;
        geometry = is_polygonal(*geometry) ? make_valid_polygonal(*geometry)
                                           : checked(GEOSMakeValid_r(geos_context(), geometry.get()), "MakeValid");
    });
    table.build_index();
    if (options.progress)
        options.progress(1.0);
    return table;
}

void FeatureTable::build_index()
{
    auto ctx = geos_context();
    tree_.reset(GEOSSTRtree_create_r(ctx, 10));
    ids_.resize(geometries_.size());
    bool first = true;
    for (std::size_t i = 0; i < geometries_.size(); ++i) {
        ids_[i] = i;
        if (!geometries_[i] || GEOSisEmpty_r(ctx, geometries_[i].get()))
            continue;
        GEOSSTRtree_insert_r(ctx, tree_.get(), geometries_[i].get(), &ids_[i]);
        const Envelope e = envelope_of(*geometries_[i]);
        if (first) {
            extent_ = e;
            first = false;
        } else {
            extent_.min_x = std::min(extent_.min_x, e.min_x);
            extent_.min_y = std::min(extent_.min_y, e.min_y);
            extent_.max_x = std::max(extent_.max_x, e.max_x);
            extent_.max_y = std::max(extent_.max_y, e.max_y);
        }
    }
    build_now(*tree_);
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
    const std::vector<std::size_t> candidates = query_indexes(*tree_, *search);
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
    const std::vector<std::size_t> candidates = query_indexes(*tree_, area_geometry);
    PreparedPtr prepared(GEOSPrepare_r(ctx, &area_geometry));
    std::vector<std::size_t> rows;
    for (std::size_t row : candidates)
        if (GEOSPreparedIntersects_r(ctx, prepared.get(), geometries_[row].get()) == 1)
            rows.push_back(row);
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace geo
