#include "county_preview.h"

#include <algorithm>
#include <cassert>
#include <filesystem>
#include <functional>
#include <optional>

#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/vector_source.h"
#include "layer_raster.h"
#include "picture_cache.h"

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
geo::Envelope extent_of(const PreviewLayers& layers)
{
    std::optional<geo::Envelope> all;
    for (const auto& e : layers.extents)
        if (e)
            all = all ? geo::merged(*all, *e) : *e;
    if (!all)
        throw geo::file_error(layers.found.layers.front().source->path(), "no extent to show");
    return *all;
}

bool meet(const geo::Envelope& a, const geo::Envelope& b)
{
    return a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

// Every layer named `name` rasterised over `grid` (only the features crossing `area` read, when
// set); null when none meets the area or nothing of it shows (points). `so_far`, when set, is
// called after each batch with the raster as drawn until then. The caller holds layers.drawing.
osg::ref_ptr<osg::Image> rasterise_name(PreviewLayers& layers, const std::string& name, const RasterGrid& grid,
                                        const std::optional<geo::Envelope>& area, const std::atomic<bool>* cancel,
                                        const std::function<void(FillRaster&)>& so_far = {})
{
    const std::vector<LayerToShow>& found = layers.found.layers;
    std::optional<FillRaster> raster;
    for (std::size_t i = 0; i < found.size(); ++i) {
        const LayerToShow& l = found[i];
        // A city's counties: only those the area meets are read.
        if (l.layer->GetName() != name || (area && layers.extents[i] && !meet(*layers.extents[i], *area)))
            continue;
        if (!raster)
            raster.emplace(grid, name, false);
        const LayerStyle& style = layers.styles[i];
        RasteriseRule rule;
        rule.fill = [&style](const std::string& value) { return preview_color(style, value); };
        rule.within = area;
        if (so_far)
            rule.after_batch = [&] { so_far(*raster); };
        rasterise_layer(l, style, *layers.found.working, *raster, rule, cancel);
    }
    return raster && !raster->empty() ? raster->colors() : nullptr;
}

} // namespace

// A picture's layers bottom to top: runs of drawn layers laid over one another (premultiplied
// "over" is associative, so a run laid once is the same as its layers laid one by one), and the
// layers still to draw between them, each with its picture so far.
struct PreviewStack {
    struct Slot {
        std::string to_draw;            // empty: a run of drawn layers
        osg::ref_ptr<osg::Image> drawn; // the run; or the layer to draw, so far (null: nothing yet)
    };
    RasterGrid grid;
    std::vector<Slot> slots;
};

namespace {

osg::ref_ptr<osg::Image> blank_like(const osg::Image& image)
{
    return blank_rgba(image.s(), image.t());
}

float opacity_of(const PreviewLayers& layers, const std::string& name)
{
    return layers.styles[first_layer_named(layers, name)].opacity;
}

// Every layer over `grid` but the hidden ones, the pictures in `cached` (by layer name) where it
// has them, the others rasterised, but those in `later`, left to draw. The caller holds
// layers.drawing.
PreviewStack stack_layers(PreviewLayers& layers, const RasterGrid& grid, const std::optional<geo::Envelope>& area,
                          const LoadOptions& options, const LayerPictures* cached,
                          const std::vector<std::string>& later)
{
    const std::vector<std::string> names = layer_names(layers);
    std::set<std::string> hidden;
    {
        const std::lock_guard lock(layers.hiding);
        hidden = layers.hidden;
    }
    PreviewStack stack{grid, {}};
    for (std::size_t k = 0; k < names.size(); ++k) {
        const std::string& name = names[k];
        if (hidden.contains(name))
            continue;
        const auto from_cache = cached != nullptr ? cached->find(name) : LayerPictures::const_iterator();
        const bool in_cache = cached != nullptr && from_cache != cached->end();
        if (!in_cache && std::find(later.begin(), later.end(), name) != later.end()) {
            stack.slots.push_back({name, nullptr});
            continue;
        }
        if (options.progress)
            options.progress("preview " + name, static_cast<double>(k) / static_cast<double>(names.size()));
        const osg::ref_ptr<osg::Image> colors =
            in_cache ? from_cache->second : rasterise_name(layers, name, grid, area, options.cancel);
        if (!colors)
            continue;
        if (stack.slots.empty() || !stack.slots.back().to_draw.empty())
            stack.slots.push_back({{}, blank_like(*colors)});
        lay_over(*stack.slots.back().drawn, *colors, opacity_of(layers, name));
    }
    return stack;
}

// The stack's pictures laid over one another; null when nothing is there.
osg::ref_ptr<osg::Image> laid(const PreviewLayers& layers, const PreviewStack& stack)
{
    // One run, already laid with its layers' opacities (a view's picture): not copied. A layer
    // still drawing, alone, is laid below for its opacity.
    if (stack.slots.size() == 1 && stack.slots.front().to_draw.empty())
        return stack.slots.front().drawn;
    osg::ref_ptr<osg::Image> picture;
    for (const PreviewStack::Slot& slot : stack.slots) {
        if (!slot.drawn)
            continue;
        if (!picture)
            picture = blank_like(*slot.drawn);
        lay_over(*picture, *slot.drawn, slot.to_draw.empty() ? 1.0F : opacity_of(layers, slot.to_draw));
    }
    return picture;
}

// The layers over `grid`, those the cache holds read from it when `use_cache`; those in `later`
// left to draw.
PreviewStack draw_layers(PreviewLayers& layers, const RasterGrid& grid, const std::optional<geo::Envelope>& area,
                         const LoadOptions& options, bool use_cache, const std::vector<std::string>& later = {})
{
    const std::lock_guard lock(layers.drawing);
    if (!use_cache || !layers.cache)
        return stack_layers(layers, grid, area, options, nullptr, later);
    const LayerPictures cached = layers.cache->read(grid);
    return stack_layers(layers, grid, area, options, &cached, later);
}

osg::ref_ptr<osg::Group> group_of(const osg::ref_ptr<osg::Image>& picture, const RasterGrid& grid, double origin_x,
                                  double origin_y)
{
    if (!picture) // nothing there
        return new osg::Group;
    return picture_group(*picture, grid, origin_x, origin_y);
}

} // namespace

PreviewLayers::PreviewLayers() = default;
PreviewLayers::~PreviewLayers() = default;

std::shared_ptr<PreviewLayers> open_preview_layers(const LoadOptions& options)
{
    auto layers = std::make_shared<PreviewLayers>();
    layers->options = options;
    layers->options.progress = nullptr;
    layers->options.cancel = nullptr;
    layers->found = find_layers_to_show(options);
    const LayersToShow& found = layers->found;
    for (const LayerToShow& l : found.layers) {
        const geo::ProjectLayer* settings = project_settings_for(options, l.layer->GetName());
        layers->styles.push_back(style_from_attributes(l, settings, *found.working, options.cancel, kStyleSample));
        layers->extents.push_back(extent_in_working(l, *found.working));
    }
    layers->extent = extent_of(*layers);
    return layers;
}

CountyPreview start_preview(const LoadOptions& options)
{
    CountyPreview preview;
    preview.layers = open_preview_layers(options);
    PreviewLayers& layers = *preview.layers;
    const LayersToShow& found = layers.found;
    preview.terrain =
        std::make_unique<TerrainModel>(found.dem_path.empty() ? TerrainModel::flat(layers.extent)
                                                              : TerrainModel::from_dem(found.dem_path, *found.working));
    preview.working.reset(found.working->Clone());
    for (const LayerToShow& l : found.layers)
        preview.layer_names.emplace_back(l.layer->GetName());
    const TerrainModel& terrain = *preview.terrain;
    const RasterGrid grid = RasterGrid::covering(terrain.extent(), kTerrainFillTexels);
    // The cache beside a county opened whole (not one layer of it, not a database).
    std::string cache = options.picture_cache;
    if (std::error_code ec; cache.empty() && options.sources.size() == 1 &&
                            !geo::is_postgresql(options.sources.front()) &&
                            geo::parse_source_spec(options.sources.front()).layer.empty() &&
                            std::filesystem::exists(picture_cache_beside(options.sources.front()), ec))
        cache = picture_cache_beside(options.sources.front());
    if (!cache.empty()) {
        try {
            layers.cache = std::make_unique<PictureCache>(cache, layers);
        } catch (const geo::Error& e) { // drawn from the sources instead, and said so
            preview.warnings.emplace_back(e.what());
        }
    }
    auto stack = std::make_shared<PreviewStack>(
        draw_layers(layers, grid, std::nullopt, options, true, names_of_many_features(layers)));
    preview.fills = group_of(laid(layers, *stack), grid, terrain.origin_x(), terrain.origin_y());
    if (std::any_of(stack->slots.begin(), stack->slots.end(),
                    [](const PreviewStack::Slot& slot) { return !slot.to_draw.empty(); }))
        preview.still_to_draw = std::move(stack);
    return preview;
}

osg::ref_ptr<osg::Group> finish_preview(const CountyPreview& preview, const LoadOptions& options,
                                        const std::function<void(osg::ref_ptr<osg::Group>)>& so_far,
                                        std::chrono::milliseconds every)
{
    if (!preview.still_to_draw)
        return preview.fills;
    PreviewLayers& layers = *preview.layers;
    PreviewStack stack = *preview.still_to_draw; // the runs' pictures shared, never changed
    const double x = preview.terrain->origin_x(), y = preview.terrain->origin_y();
    const std::lock_guard lock(layers.drawing);
    auto shown = std::chrono::steady_clock::now();
    for (std::size_t k = 0; k < stack.slots.size(); ++k) {
        PreviewStack::Slot& slot = stack.slots[k];
        if (slot.to_draw.empty())
            continue;
        if (options.progress)
            options.progress("preview " + slot.to_draw,
                             static_cast<double>(k) / static_cast<double>(stack.slots.size()));
        auto show = [&](FillRaster& raster) {
            if (!so_far || std::chrono::steady_clock::now() - shown < every)
                return;
            slot.drawn = raster.colors();
            so_far(group_of(laid(layers, stack), stack.grid, x, y));
            shown = std::chrono::steady_clock::now(); // the time to lay them over not counted
            // Each wait twice the last: the first pictures tell the most, and each costs a copy,
            // the layers laid over one another and a texture drawn (a city's 20 s took 2-4 s
            // longer renewed every second).
            every *= 2;
        };
        slot.drawn = rasterise_name(layers, slot.to_draw, stack.grid, std::nullopt, options.cancel, show);
    }
    return group_of(laid(layers, stack), stack.grid, x, y);
}

CountyPreview preview_county(const LoadOptions& options)
{
    CountyPreview preview = start_preview(options);
    preview.fills = finish_preview(preview, options, {});
    preview.still_to_draw.reset();
    return preview;
}

std::vector<std::string> names_of_many_features(const PreviewLayers& layers)
{
    std::vector<std::string> names;
    for (const LayerToShow& l : layers.found.layers)
        if (l.layer->GetFeatureCount(TRUE) > kManyFeatures &&
            std::find(names.begin(), names.end(), l.layer->GetName()) == names.end())
            names.emplace_back(l.layer->GetName());
    return names;
}

std::vector<std::string> layer_names(const PreviewLayers& layers)
{
    std::vector<std::string> names;
    for (const LayerToShow& l : layers.found.layers)
        if (std::find(names.begin(), names.end(), l.layer->GetName()) == names.end())
            names.emplace_back(l.layer->GetName());
    return names;
}

std::size_t first_layer_named(const PreviewLayers& layers, const std::string& name)
{
    const auto& found = layers.found.layers;
    const auto first =
        std::find_if(found.begin(), found.end(), [&](const LayerToShow& l) { return l.layer->GetName() == name; });
    assert(first != found.end());
    return static_cast<std::size_t>(first - found.begin());
}

osg::ref_ptr<osg::Image> picture_of_layer(PreviewLayers& layers, const std::string& name, const RasterGrid& grid,
                                          const std::atomic<bool>* cancel)
{
    const std::lock_guard lock(layers.drawing);
    return rasterise_name(layers, name, grid, grid.envelope(), cancel);
}

osg::ref_ptr<osg::Group> preview_of_area(PreviewLayers& layers, const geo::Envelope& area, int texels, double origin_x,
                                         double origin_y, const std::atomic<bool>* cancel)
{
    const RasterGrid grid = RasterGrid::covering(area, texels);
    return group_of(picture_over(layers, grid, cancel), grid, origin_x, origin_y);
}

osg::ref_ptr<osg::Image> picture_over(PreviewLayers& layers, const RasterGrid& grid, const std::atomic<bool>* cancel)
{
    LoadOptions options;
    options.cancel = cancel;
    // A view no finer than the cache's texels: its dense layers are a window of the cache.
    const bool use_cache = layers.cache && grid.cell >= layers.cache->cell();
    return laid(layers, draw_layers(layers, grid, grid.envelope(), options, use_cache));
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
