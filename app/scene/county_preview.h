#pragma once
// A county's first picture while its layers load: the terrain and every layer rasterised by
// GDAL straight from the source into one texture on the terrain (terrain_fill.h) — no conversion
// to GEOS, no repair, no triangles. A million parcels take a minute to read, repair and mesh;
// their picture takes the time GDAL needs to read them, and the viewer shows it meanwhile: the
// layers of few features first (a second, whatever the county's size), the dense ones filling
// in as GDAL reads them (start_preview, finish_preview).
// Not interactive: nothing to pick or select until the county itself replaces it.
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <osg/Group>

#include "county_loader.h"
#include "county_scene.h"
#include "terrain_fill.h"

namespace scene {

class PictureCache;

// The layers a preview is drawn from, kept open to draw it again over part of the county (a
// county too large to mesh is viewed so: memory_budget.h). GDAL's handles are not shared
// between threads: one picture at a time.
struct PreviewLayers {
    PreviewLayers();
    ~PreviewLayers();
    LoadOptions options; // what they were found with, without callbacks: to open them again
    LayersToShow found;
    std::vector<LayerStyle> styles;                    // one per found.layers
    std::vector<std::optional<geo::Envelope>> extents; // one per found.layers: nullopt when GDAL knows none
    geo::Envelope extent;                              // of them all
    // Pictures of them drawn before (`planview tiles`, picture_cache.h), for views no finer than it.
    std::unique_ptr<PictureCache> cache;
    std::mutex drawing;
    // The names of the layers the user hid: not drawn. Its own lock, so that hiding a layer
    // never waits for a picture being drawn.
    std::set<std::string> hidden;
    std::mutex hiding;
};

// The layers `options` names, open, with their styles (from each layer's first features) and
// extents. Throws as load_county does.
std::shared_ptr<PreviewLayers> open_preview_layers(const LoadOptions& options);

// The names of the layers, bottom to top, each once (a city's sources hold the same names):
// layers of one name are drawn into one picture and laid over the others' as one.
std::vector<std::string> layer_names(const PreviewLayers& layers);
// Where the first layer named `name` is in layers.found.layers (its style's opacity is the name's).
std::size_t first_layer_named(const PreviewLayers& layers, const std::string& name);

// The pictures of some layers over one grid, by layer name.
using LayerPictures = std::map<std::string, osg::ref_ptr<osg::Image>>;

// Every layer named `name` rasterised over `grid`, reading only the features crossing it (the
// sources' spatial indexes), in its colours without its opacity: premultiplied RGBA, rows north
// first; null where no such layer's extent meets the grid. Any thread; throws as preview_county.
osg::ref_ptr<osg::Image> picture_of_layer(PreviewLayers& layers, const std::string& name, const RasterGrid& grid,
                                          const std::atomic<bool>* cancel);

// Layers of more features than this (a county's parcels, its farmland's patches) take most of a
// picture's time: the picture cache holds them, and the first picture draws them last, shown as
// they fill in. The others cost little, so they are drawn for each view at its own resolution (a
// boundary's line stays a pixel wide; averaged in a cache's overview it would fade).
inline constexpr long long kManyFeatures = 1000;
// The names of the layers of more than kManyFeatures features, bottom to top, each once.
std::vector<std::string> names_of_many_features(const PreviewLayers& layers);

struct PreviewStack; // the first picture's layers drawn so far, and those still to draw

struct CountyPreview {
    geo::SrsPtr working;
    std::unique_ptr<TerrainModel> terrain;
    std::vector<std::string> layer_names; // bottom to top
    // Every layer laid over the one below in a single texture (one more pass over the
    // terrain, whatever the number of layers), as FillRaster::to_group.
    osg::ref_ptr<osg::Group> fills;
    std::shared_ptr<PreviewLayers> layers;
    std::vector<std::string> warnings; // a picture cache not used, and why
    // Set by start_preview while layers of many features are still to draw (finish_preview).
    std::shared_ptr<const PreviewStack> still_to_draw;
};

// Reads what load_county would (the same layers, working CRS, DEM and styles, the styles from
// each layer's first features) and rasterises it, its dense layers read from
// options.picture_cache (or the cache beside a single source) when that was drawn from the same
// data, else a warning says why not. Safe off the GUI thread. Throws geo::Error as load_county
// does, and geo::Error("cancelled") when options.cancel is set.
CountyPreview preview_county(const LoadOptions& options);

// preview_county in two steps, so that a county whose dense layers take a minute to read (ten
// million parcels, no cache) is on screen in seconds: start_preview draws every layer but those
// of many features the cache does not hold (boundaries, towns, zones, the red line: their
// features are few); finish_preview draws those, calling `so_far` with the fills as drawn so far
// (on its own thread) once `every` has passed, then after twice that, four times…, and returns
// the whole picture's fills. `preview` is not changed: it may be on screen meanwhile.
CountyPreview start_preview(const LoadOptions& options);
osg::ref_ptr<osg::Group> finish_preview(const CountyPreview& preview, const LoadOptions& options,
                                        const std::function<void(osg::ref_ptr<osg::Group>)>& so_far,
                                        std::chrono::milliseconds every = std::chrono::milliseconds(1000));

// The same picture over `area` (working CRS) only, `texels` along its longer side: the features
// there read through the sources' spatial indexes (GeoPackage R-tree, PostGIS GiST), so a view
// close up costs what lies in it; in a view no finer than the layers' picture cache, the dense
// layers are a window of it. Beyond `area` it draws nothing. Any thread; throws as preview_county.
osg::ref_ptr<osg::Group> preview_of_area(PreviewLayers& layers, const geo::Envelope& area, int texels, double origin_x,
                                         double origin_y, const std::atomic<bool>* cancel);

// The same picture over exactly `grid` (the features crossing it read as preview_of_area reads
// them), as premultiplied RGBA, rows north first; null when nothing lies there. Any thread.
osg::ref_ptr<osg::Image> picture_over(PreviewLayers& layers, const RasterGrid& grid, const std::atomic<bool>* cancel);

// The backdrop (CountyScene::add_backdrop) assemble_preview draws the picture in.
inline constexpr std::size_t kPreviewBackdrop = 0;

// The preview as a scene (no layers(): nothing in it can be picked). On the rendering thread.
std::unique_ptr<CountyScene> assemble_preview(CountyPreview& preview);

} // namespace scene
