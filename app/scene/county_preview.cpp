#include "county_preview.h"

#include <cassert>
#include <functional>
#include <optional>

#include "geo/error.h"
#include "geo/feature_table.h"
#include "layer_raster.h"

namespace scene {
namespace {

// Features whose attributes choose the first picture's styles: enough for a layer's classes, few
// enough to cost nothing next to the read.
constexpr std::size_t kStyleSample = 2000;

// The colour a feature with `value` is drawn in. Hatching (the farmland's) is mixed in as it
// looks from afar: 30% of the area in its colour (the picture is one texture, hatched nowhere).
Rgba preview_color(const LayerStyle& style, const std::string& value)
{
    const Rgba color = class_color(style, value);
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
    for (const auto& l : layers)
        if (const auto e = extent_in_working(l, working))
            all = all ? geo::merged(*all, *e) : *e;
    if (!all)
        throw geo::file_error(layers.front().source->path(), "no extent to show");
    return *all;
}

bool meet(const geo::Envelope& a, const geo::Envelope& b)
{
    return a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

// Every layer of `layers` rasterised into the raster `make` gives for it (within `area` when
// set), laid over the ones below: the picture as FillRaster::to_group.
osg::ref_ptr<osg::Group> lay_layers(PreviewLayers& layers, const std::function<FillRaster(const char* name)>& make,
                                    const std::optional<geo::Envelope>& area, double origin_x, double origin_y,
                                    const LoadOptions& options)
{
    const std::lock_guard lock(layers.drawing);
    const std::vector<LayerToShow>& found = layers.found.layers;
    osg::ref_ptr<osg::Image> picture;
    std::optional<FillRaster> last; // its texels place the picture
    for (std::size_t i = 0; i < found.size(); ++i) {
        const LayerToShow& l = found[i];
        // A city's counties: only those the area meets are read.
        if (area && layers.extents[i] && !meet(*layers.extents[i], *area))
            continue;
        if (options.progress)
            options.progress(std::string("preview ") + l.layer->GetName(),
                             static_cast<double>(i) / static_cast<double>(found.size()));
        const LayerStyle& style = layers.styles[i];
        last.emplace(make(l.layer->GetName()));
        RasteriseRule rule;
        rule.fill = [&style](const std::string& value) { return preview_color(style, value); };
        rule.within = area;
        rasterise_layer(l, style, *layers.found.working, *last, rule, options.cancel);
        osg::ref_ptr<osg::Image> colors = last->colors();
        if (!picture) {
            picture = new osg::Image;
            picture->allocateImage(colors->s(), colors->t(), 1, GL_RGBA, GL_UNSIGNED_BYTE);
            std::fill_n(picture->data(), picture->getTotalSizeInBytes(), 0);
        }
        lay_over(*picture, *colors, style.opacity);
    }
    if (!last) // nothing there
        return new osg::Group;
    return last->to_group(*picture, origin_x, origin_y);
}

} // namespace

CountyPreview preview_county(const LoadOptions& options)
{
    auto layers = std::make_shared<PreviewLayers>();
    layers->options = options;
    layers->options.progress = nullptr;
    layers->options.cancel = nullptr;
    layers->found = find_layers_to_show(options);
    const LayersToShow& found = layers->found;
    CountyPreview preview;
    preview.terrain = std::make_unique<TerrainModel>(found.dem_path.empty()
                                                         ? TerrainModel::flat(extent_of(found.layers, *found.working))
                                                         : TerrainModel::from_dem(found.dem_path, *found.working));
    preview.working.reset(found.working->Clone());
    for (const LayerToShow& l : found.layers) {
        const geo::ProjectLayer* settings = project_settings_for(options, l.layer->GetName());
        layers->styles.push_back(style_from_attributes(l, settings, *found.working, options.cancel, kStyleSample));
        layers->extents.push_back(extent_in_working(l, *found.working));
        preview.layer_names.emplace_back(l.layer->GetName());
    }
    const TerrainModel& terrain = *preview.terrain;
    preview.fills = lay_layers(
        *layers, [&terrain](const char* name) { return FillRaster(terrain, name, false); }, std::nullopt,
        terrain.origin_x(), terrain.origin_y(), options);
    preview.layers = std::move(layers);
    return preview;
}

osg::ref_ptr<osg::Group> preview_of_area(PreviewLayers& layers, const geo::Envelope& area, int texels, double origin_x,
                                         double origin_y, const std::atomic<bool>* cancel)
{
    LoadOptions options;
    options.cancel = cancel;
    return lay_layers(
        layers, [&](const char* name) { return FillRaster(area, texels, name, false); }, area, origin_x, origin_y,
        options);
}

std::unique_ptr<CountyScene> assemble_preview(CountyPreview& preview)
{
    auto scene = std::make_unique<CountyScene>(*preview.terrain);
    [[maybe_unused]] const std::size_t index =
        scene->add_backdrop(preview.fills, 1.0F); // the layers' opacities are in the picture
    assert(index == kPreviewBackdrop);
    return scene;
}

} // namespace scene
