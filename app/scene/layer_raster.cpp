#include "layer_raster.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/geometry_type.h"
#include "geo/ignored_fields.h"
#include "geo/layer_reader.h"
#include "geo/read_ahead.h"
#include "geo/vector_source.h"

namespace scene {
namespace {

// Geometries held for GDAL to rasterise at once. Each call copies the whole raster in and out,
// so a large raster wants large batches; but each batch is fresh memory (50,000 real parcels,
// ~60 MB) that the kernel maps page by page while the batch before is burnt. About a thousand
// features per MB of raster measured best (100k county: 7 MB raster, 6–12k; 28 MB, 12–25k).
constexpr std::size_t kFeaturesPerRasterMB = 1000;
constexpr std::size_t kSmallestBatch = 4000;
constexpr std::size_t kLargestBatch = 400000; // ~300 MB of real parcels, two batches held
// Outlines this wide are bold: drawn whatever the size of the features.
constexpr float kBoldLine = 2.0F;

// Reads only what crosses `within` while it lives (the source's spatial index: GeoPackage's
// R-tree, PostGIS's GiST), all of the layer again after.
class SpatialFilter {
public:
    SpatialFilter(const LayerToShow& layer, const OGRSpatialReference& working,
                  const std::optional<geo::Envelope>& within)
        : cleared_(*layer.layer)
    {
        if (!within)
            return;
        OGREnvelope window;
        window.MinX = within->min_x;
        window.MinY = within->min_y;
        window.MaxX = within->max_x;
        window.MaxY = within->max_y;
        if (!geo::read_only_within(*layer.layer, *layer.srs, window, working))
            throw geo::file_error(layer.source->path(), "cannot find the view's extent in the CRS of layer " +
                                                            std::string(layer.layer->GetName()));
    }

private:
    geo::SpatialFilterCleared cleared_;
};

} // namespace

Rgba class_color(const LayerStyle& style, const std::string& value)
{
    if (style.kind == StyleKind::Categorised &&
        std::none_of(style.classes.begin(), style.classes.end(), [&](const auto& c) { return c.value == value; }))
        for (const auto& c : land_use_classes())
            if (c.code == value)
                return {c.color.r, c.color.g, c.color.b, 0.9F};
    return style.color_for(value);
}

std::optional<geo::Envelope> extent_in_working(const LayerToShow& layer, const OGRSpatialReference& working)
{
    const auto e = geo::layer_extent_in(*layer.source, *layer.layer, *layer.srs, working);
    if (!e)
        return std::nullopt;
    return geo::Envelope{e->MinX, e->MinY, e->MaxX, e->MaxY};
}

void rasterise_layer(const LayerToShow& l, const LayerStyle& style, const OGRSpatialReference& working,
                     FillRaster& raster, const RasteriseRule& rule, const std::atomic<bool>* cancel)
{
    const OGRFeatureDefn& definition = *l.layer->GetLayerDefn();
    const int field = style.kind == StyleKind::Single ? -1 : definition.GetFieldIndex(style.field.c_str());
    geo::IgnoredFields ignored(*l.layer);
    ignored.keep_only({field >= 0 ? style.field : std::string()});
    ignored.apply();
    const SpatialFilter filter(l, working, rule.within);
    geo::LayerReader reader(*l.source, *l.layer, *l.srs, &working);
    auto cancelled = [&] { return cancel != nullptr && cancel->load(); };
    const std::size_t batch_size =
        std::clamp(kFeaturesPerRasterMB * raster.bytes() / (std::size_t{1} << 20), kSmallestBatch, kLargestBatch);
    const bool bold = style.line_width >= kBoldLine;
    const double thin_from = rule.thin_outlines_from_texels * raster.cell_size();
    auto outlined = [&](const OGRGeometry& area) {
        if (bold || !style.filled)
            return true;
        if (rule.thin_outlines_from_texels <= 0)
            return false;
        OGREnvelope e;
        area.getEnvelope(&e);
        return std::min(e.MaxX - e.MinX, e.MaxY - e.MinY) >= thin_from;
    };

    // A layer has few classes: each one's colour looked up once.
    std::unordered_map<std::string, Rgba> fills;
    auto fill_of = [&](const std::string& value) {
        auto found = fills.find(value);
        return found != fills.end() ? found->second : fills.emplace(value, rule.fill(value)).first->second;
    };

    // GDAL reads the next batch on a thread of its own while this one is rasterised; spent
    // batches go back to be freed where they were allocated (glibc frees across threads slowly).
    struct Batch {
        std::vector<geo::OgrGeometryPtr> geometries;
        std::vector<Rgba> colors;
    };
    std::mutex spent_mutex;
    std::vector<Batch> spent;
    auto read_batch = [&]() -> std::optional<Batch> {
        {
            std::vector<Batch> freed;
            const std::lock_guard lock(spent_mutex);
            freed.swap(spent);
        }
        Batch batch;
        while (batch.geometries.size() < batch_size && !cancelled()) {
            const geo::FeaturePtr feature = reader.next_in_target_crs();
            if (!feature)
                break;
            geo::OgrGeometryPtr geometry(feature->StealGeometry());
            if (!geometry || geometry->IsEmpty() || wkbFlatten(geometry->getGeometryType()) == wkbPoint ||
                wkbFlatten(geometry->getGeometryType()) == wkbMultiPoint)
                continue;
            const bool area = geo::is_polygonal_type(geometry->getGeometryType());
            if (area && style.filled) {
                batch.colors.push_back(fill_of(field >= 0 ? geo::field_text(*feature, field) : std::string()));
                batch.geometries.push_back(std::move(geometry));
                if (!outlined(*batch.geometries.back()))
                    continue;
                geometry.reset(batch.geometries.back()->clone());
            }
            if (area) // its outline: the rings as lines
                geometry.reset(OGRGeometryFactory::forceToMultiLineString(geometry.release()));
            batch.colors.push_back(style.outline);
            batch.geometries.push_back(std::move(geometry));
        }
        return batch.geometries.empty() ? std::nullopt : std::optional(std::move(batch));
    };
    geo::ReadAhead<Batch> reading(read_batch, 2);
    while (std::optional<Batch> batch = reading.next()) {
        for (std::size_t i = 0; i < batch->geometries.size(); ++i)
            raster.add(OGRGeometry::ToHandle(batch->geometries[i].get()), batch->colors[i], -1);
        raster.flush();
        {
            const std::lock_guard lock(spent_mutex);
            spent.push_back(std::move(*batch));
        }
        if (rule.after_batch && !cancelled())
            rule.after_batch();
    }
    if (cancelled())
        throw geo::Error("cancelled");
    if (rule.values_seen != nullptr)
        for (const auto& [value, color] : fills)
            rule.values_seen->insert(value);
}

} // namespace scene
