#pragma once
// The terrain's triangles in two levels of detail, and the part of them under a fill. A fill
// drawn as a texture on the terrain (terrain_fill.h) costs a pass over the terrain's triangles,
// and llvmpipe bins and shades every one, coloured texel or not; most fills cover a part of the
// county (the red line a sixth of it, a briefing's parcels their towns). Under a fill only the
// tiles of the DEM where its texture has colour are drawn: the same triangles, switched between
// levels by the same rule, so the fill lies exactly where it lay.
#include <vector>

#include <osg/Geometry>
#include <osg/Image>
#include <osg/Node>

#include "terrain_model.h"

namespace scene {

class TerrainSurface {
public:
    TerrainSurface(const TerrainModel& terrain, double origin_x, double origin_y);

    // Every triangle: the terrain's own pass, and fills whose texture may still change.
    osg::ref_ptr<osg::Node> whole() const { return whole_; }
    // The triangles under the texels of `colors` with any colour (alpha above 0), the texture
    // placed by `uv_from_position` (terrain_fill.h's u_uv_from_position: scene x, y to texture
    // coordinates), a tile more on every side for the blur of its mipmaps. Null when no texel
    // has colour.
    osg::ref_ptr<osg::Node> under(const osg::Image& colors, const osg::Vec4& uv_from_position) const;

private:
    struct Level {
        osg::ref_ptr<osg::Geometry> geometry;
        std::vector<int> cols, rows; // the DEM samples its vertices stand on
        float min_pixels = 0, max_pixels = 0;
    };
    // Which tiles of kTileCells × kTileCells cells hold a coloured texel, with a margin of one.
    std::vector<char> tiles_under(const osg::Image& colors, const osg::Vec4& uv_from_position) const;
    osg::ref_ptr<osg::Geometry> part_of(const Level& level, const std::vector<char>& tiles) const;

    int cols_, rows_;
    double first_x_, first_y_, cell_x_, cell_y_; // scene coordinates of the first cell centre
    int tile_cols_, tile_rows_;
    std::vector<Level> levels_;
    osg::ref_ptr<osg::Node> whole_;
};

} // namespace scene
