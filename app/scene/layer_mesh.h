#pragma once
// Turns a FeatureTable into batched OSG geometry draped on the terrain: polygons tessellated
// once (OSG's GLU tessellator, after cutting large ones to the DEM's scale and densifying their
// edges so they follow the ground), outlines and lines as GL_LINES. Features
// are grouped into spatially coherent chunks of a few thousand, one fill and one line geometry
// per chunk, so a layer costs a handful of draw calls and culling still works. Each vertex
// carries its feature's row (attribute 6) for highlighting in the shader.
#include <atomic>
#include <functional>
#include <string>

#include <osg/Group>

#include "style.h"
#include "terrain_model.h"

namespace geo {
class FeatureTable;
}

namespace scene {

inline constexpr unsigned kFeatureAttribute = 6;

struct MeshStats {
    std::size_t triangles = 0;
    std::size_t line_vertices = 0;
    std::size_t draw_calls = 0; // with every chunk's geometry drawn (close up)
    std::size_t impostors = 0;  // chunks with a far-away stand-in
};

// With `extrude_by` (a numeric field such as height_m), polygons become blocks that tall
// (10 m when the field is empty) instead of draped fills.
// Builds the layer's node (no state set: the scene adds shaders and render order). Safe to run
// off the GUI thread. `origin_x/y` are subtracted from every coordinate (float precision).
// Returns null when `cancel` was set. Without `pickable` (a briefing's), fills on the terrain
// carry no texture of feature ids: a texture as large as their colours' that nothing reads.
osg::ref_ptr<osg::Group> build_layer_mesh(const geo::FeatureTable& table, const LayerStyle& style,
                                          const TerrainModel& terrain, double origin_x, double origin_y,
                                          MeshStats& stats, const std::function<void(double)>& progress = {},
                                          const std::atomic<bool>* cancel = nullptr, const std::string& extrude_by = {},
                                          bool pickable = true);

// Whether build_layer_mesh draws the fills of `table` in `style` from afar as a texture on the
// terrain (drawn_from_afar_on_terrain): a filled layer of few features (the red line's four)
// whose areas cover more than kCellsDrawnFromAfar of the DEM's cells. Known before meshing: a
// briefing whose views are all far meshes such a layer as seen from afar only.
bool drawn_from_afar(const geo::FeatureTable& table, const LayerStyle& style, const TerrainModel& terrain,
                     const std::string& extrude_by = {});

// The fills of `mesh` (a layer of few large areas) drawn close up; from afar, while the texture's
// texels are no larger than the pixels, as a texture on the terrain's own triangles
// (terrain_fill.h). Its outlines are drawn at any distance. Null when `cancel` was set.
osg::ref_ptr<osg::Group> drawn_from_afar_on_terrain(const geo::FeatureTable& table, const LayerStyle& style,
                                                    const TerrainModel& terrain, double origin_x, double origin_y,
                                                    osg::ref_ptr<osg::Group> mesh,
                                                    const std::atomic<bool>* cancel = nullptr, bool pickable = true);

} // namespace scene
