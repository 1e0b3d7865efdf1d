#pragma once
// Fills of a layer of few large areas (the 三区, which tile the whole county) drawn as a texture
// on the terrain's own triangles. Cut to the DEM's grid and triangulated as other fills are,
// they repeat the terrain's mesh (1.7 s to build and half the frame time at 100k parcels); as
// a texture GDAL rasterises once, they cost a second pass over the terrain and lie exactly on it.
#include <osg/Group>

#include "style.h"
#include "terrain_model.h"

namespace geo {
class FeatureTable;
}

namespace scene {

// The name of the group make_terrain_fill returns: CountyScene adds its terrain under it.
inline constexpr const char* kTerrainFillName = "fills on the terrain";

// The layer's polygon fills in their style's colours (premultiplied) and feature ids, over
// the terrain's extent, as the textures and uniforms of an empty group for the overlay
// program's impostor mode. Safe off the GUI thread.
osg::ref_ptr<osg::Group> make_terrain_fill(const geo::FeatureTable& table, const LayerStyle& style,
                                           const TerrainModel& terrain, double origin_x, double origin_y);

} // namespace scene
