#pragma once
// A county's first picture while its layers load: the terrain and every layer rasterised by
// GDAL straight from the source into one texture on the terrain (terrain_fill.h) — no conversion
// to GEOS, no repair, no triangles. A million parcels take a minute to read, repair and mesh;
// their picture takes the time GDAL needs to read them, and the viewer shows it meanwhile.
// Not interactive: nothing to pick or select until the county itself replaces it.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <osg/Group>

#include "county_loader.h"
#include "county_scene.h"

namespace scene {

// The layers a preview is drawn from, kept open to draw it again over part of the county (a
// county too large to mesh is viewed so: memory_budget.h). GDAL's handles are not shared
// between threads: one picture at a time.
struct PreviewLayers {
    LoadOptions options; // what they were found with, without callbacks: to open them again
    LayersToShow found;
    std::vector<LayerStyle> styles;                    // one per found.layers
    std::vector<std::optional<geo::Envelope>> extents; // one per found.layers: nullopt when GDAL knows none
    std::mutex drawing;
};

struct CountyPreview {
    geo::SrsPtr working;
    std::unique_ptr<TerrainModel> terrain;
    std::vector<std::string> layer_names; // bottom to top
    // Every layer laid over the one below in a single texture (one more pass over the
    // terrain, whatever the number of layers), as FillRaster::to_group.
    osg::ref_ptr<osg::Group> fills;
    std::shared_ptr<PreviewLayers> layers;
};

// Reads what load_county would (the same layers, working CRS, DEM and styles, the styles from
// each layer's first features) and rasterises it. Safe off the GUI thread. Throws geo::Error
// as load_county does, and geo::Error("cancelled") when options.cancel is set.
CountyPreview preview_county(const LoadOptions& options);

// The same picture over `area` (working CRS) only, `texels` along its longer side: the features
// there read through the sources' spatial indexes (GeoPackage R-tree, PostGIS GiST), so a view
// close up costs what lies in it. Beyond `area` it draws nothing. Any thread; throws as
// preview_county.
osg::ref_ptr<osg::Group> preview_of_area(PreviewLayers& layers, const geo::Envelope& area, int texels, double origin_x,
                                         double origin_y, const std::atomic<bool>* cancel);

// The backdrop (CountyScene::add_backdrop) assemble_preview draws the picture in.
inline constexpr std::size_t kPreviewBackdrop = 0;

// The preview as a scene (no layers(): nothing in it can be picked). On the rendering thread.
std::unique_ptr<CountyScene> assemble_preview(CountyPreview& preview);

} // namespace scene
