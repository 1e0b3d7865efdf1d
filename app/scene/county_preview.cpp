#include "county_preview.h"

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
        const LayerStyle style = style_from_attributes(l, settings, *preview.working, options.cancel, kStyleSample);
        last.emplace(*preview.terrain, l.layer->GetName(), false);
        RasteriseRule rule;
        rule.fill = [&style](const std::string& value) { return preview_color(style, value); };
        rasterise_layer(l, style, *preview.working, *last, rule, options.cancel);
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
