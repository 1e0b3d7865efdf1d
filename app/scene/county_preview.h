#pragma once
// A county's first picture while its layers load: the terrain and every layer rasterised by
// GDAL straight from the source into one texture on the terrain (terrain_fill.h) — no conversion
// to GEOS, no repair, no triangles. A million parcels take a minute to read, repair and mesh;
// their picture takes the time GDAL needs to read them, and the viewer shows it meanwhile.
// Not interactive: nothing to pick or select until the county itself replaces it.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <osg/Group>

#include "county_loader.h"
#include "county_scene.h"

namespace scene {

struct CountyPreview {
    geo::SrsPtr working;
    std::unique_ptr<TerrainModel> terrain;
    std::vector<std::string> layer_names; // bottom to top
    // Every layer laid over the one below in a single texture (one more pass over the
    // terrain, whatever the number of layers), as FillRaster::to_group.
    osg::ref_ptr<osg::Group> fills;
};

// Reads what load_county would (the same layers, working CRS, DEM and styles, the styles from
// each layer's first features) and rasterises it. Safe off the GUI thread. Throws geo::Error
// as load_county does, and geo::Error("cancelled") when options.cancel is set.
CountyPreview preview_county(const LoadOptions& options);

// The preview as a scene (no layers(): nothing in it can be picked). On the rendering thread.
std::unique_ptr<CountyScene> assemble_preview(CountyPreview& preview);

} // namespace scene
