#include "county_preview.h"

#include <algorithm>
#include <mutex>
#include <optional>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/geometry_type.h"
#include "geo/ignored_fields.h"
#include "geo/layer_reader.h"
#include "geo/read_ahead.h"
#include "terrain_fill.h"

namespace scene {
namespace {

// Features whose style is read before the rest are rasterised: enough for a layer's classes,
// few enough to cost nothing next to the read.
constexpr std::size_t kStyleSample = 2000;
// Geometries held for GDAL to rasterise at once: each call reads and writes the whole raster
// (16 MB) and allocates its own copy, so 1M parcels in batches of 10,000 spent 5 s there on a
// worker thread, in batches of 50,000 about 1 s.
constexpr std::size_t kRasteriseBatch = 50000;
// Filled areas whose outlines are this wide (the red line's, a renewal zone's) keep them; a
// parcel's hairline would darken a county of small parcels to its outline colour.
constexpr float kBoldLine = 2.0F;

// The colour a feature with `value` is drawn in. A class the sample did not meet: a 用地用海
// code in its national colour, as the layer's style will give it once the whole layer is read.
// Hatching (the farmland's) is mixed in as it looks from afar: 30% of the area in its colour.
Rgba preview_color(const LayerStyle& style, const std::string& value)
{
    Rgba color = style.color_for(value);
    if (style.kind == StyleKind::Categorised &&
        std::none_of(style.classes.begin(), style.classes.end(), [&](const auto& c) { return c.value == value; }))
        for (const auto& c : land_use_classes())
            if (c.code == value)
                color = {c.color.r, c.color.g, c.color.b, 0.9F};
    if (style.hatch_spacing <= 0)
        return color;
    auto mix = [](float a, float b) { return 0.7F * a + 0.3F * b; };
    const Rgba& h = style.hatch_color;
    return {mix(color.r, h.r), mix(color.g, h.g), mix(color.b, h.b), mix(color.a, h.a)};
}

// Every layer's extent in the working CRS: the flat ground of data without a DEM.
geo::Envelope extent_of(const std::vector<LayerToShow>& layers, const OGRSpatialReference& working)
{
    std::optional<geo::Envelope> all;
    for (const auto& l : layers) {
        OGREnvelope e;
        if (l.layer->GetExtent(&e, TRUE) != OGRERR_NONE)
            continue;
        const geo::TransformPtr transform = geo::make_transform(*l.srs, working);
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        if (!transform->TransformBounds(e.MinX, e.MinY, e.MaxX, e.MaxY, &x0, &y0, &x1, &y1, 21))
            continue;
        const geo::Envelope in_working{x0, y0, x1, y1};
        all = all ? geo::merged(*all, in_working) : in_working;
    }
    if (!all)
        throw geo::file_error(layers.front().source->path(), "no extent to show");
    return *all;
}

// One layer into `raster`: areas filled in their style's colours, with their outlines when
// those are bold (only those, for a layer drawn without fill), lines along their length. Points are too small to show.
void rasterise_layer(const LayerToShow& l, const LayerStyle& style, const OGRSpatialReference& working,
                     FillRaster& raster, const std::atomic<bool>* cancel)
{
    const OGRFeatureDefn& definition = *l.layer->GetLayerDefn();
    const int field = style.kind == StyleKind::Single ? -1 : definition.GetFieldIndex(style.field.c_str());
    geo::IgnoredFields ignored(*l.layer);
    ignored.keep_only({field >= 0 ? style.field : std::string()});
    ignored.apply();
    geo::LayerReader reader(*l.source, *l.layer, *l.srs, &working);
    auto cancelled = [&] { return cancel != nullptr && cancel->load(); };

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
        while (batch.geometries.size() < kRasteriseBatch && !cancelled()) {
            const geo::FeaturePtr feature = reader.next_in_target_crs();
            if (!feature)
                break;
            geo::OgrGeometryPtr geometry(feature->StealGeometry());
            if (!geometry || geometry->IsEmpty() || wkbFlatten(geometry->getGeometryType()) == wkbPoint ||
                wkbFlatten(geometry->getGeometryType()) == wkbMultiPoint)
                continue;
            const bool area = geo::is_polygonal_type(geometry->getGeometryType());
            if (area && style.filled) {
                batch.colors.push_back(
                    preview_color(style, field >= 0 ? geo::field_text(*feature, field) : std::string()));
                batch.geometries.push_back(std::move(geometry));
                if (style.line_width < kBoldLine)
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
        const std::lock_guard lock(spent_mutex);
        spent.push_back(std::move(*batch));
    }
    if (cancelled())
        throw geo::Error("cancelled");
}

} // namespace

CountyPreview preview_county(const LoadOptions& options)
{
    LayersToShow found = find_layers_to_show(options);
    CountyPreview preview;
    preview.terrain = std::make_unique<TerrainModel>(found.dem_path.empty()
                                                         ? TerrainModel::flat(extent_of(found.layers, *found.working))
                                                         : TerrainModel::from_dem(found.dem_path, *found.working));
    preview.working = std::move(found.working);
    osg::ref_ptr<osg::Image> picture;
    std::optional<FillRaster> last; // its texels place the picture
    for (std::size_t i = 0; i < found.layers.size(); ++i) {
        const LayerToShow& l = found.layers[i];
        if (options.progress)
            options.progress(std::string("preview ") + l.layer->GetName(),
                             static_cast<double>(i) / static_cast<double>(found.layers.size()));
        const geo::ProjectLayer* settings = project_settings_for(options, l.layer->GetName());
        geo::FeatureTable::LoadOptions sample;
        sample.only_fields = fields_for_picture(settings);
        sample.max_rows = kStyleSample;
        sample.cancel = options.cancel;
        const LayerStyle style =
            style_for_layer(geo::FeatureTable::load(*l.source, *l.layer, *l.srs, *preview.working, sample), settings);
        last.emplace(*preview.terrain, l.layer->GetName(), false);
        rasterise_layer(l, style, *preview.working, *last, options.cancel);
        osg::ref_ptr<osg::Image> colors = last->colors();
        if (!picture) {
            picture = new osg::Image;
            picture->allocateImage(colors->s(), colors->t(), 1, GL_RGBA, GL_UNSIGNED_BYTE);
            std::fill_n(picture->data(), picture->getTotalSizeInBytes(), 0);
        }
        lay_over(*picture, *colors, style.opacity);
        preview.layer_names.emplace_back(l.layer->GetName());
    }
    preview.fills = last->to_group(*picture, preview.terrain->origin_x(), preview.terrain->origin_y());
    return preview;
}

std::unique_ptr<CountyScene> assemble_preview(CountyPreview& preview)
{
    auto scene = std::make_unique<CountyScene>(*preview.terrain);
    scene->add_backdrop(preview.fills, 1.0F); // the layers' opacities are in the picture
    return scene;
}

} // namespace scene
