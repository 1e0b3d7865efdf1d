#include "terrain_surface.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <osg/LOD>

namespace scene {
namespace {

// Tiles of 16 × 16 cells (1.6 km of a 100 m DEM): small enough to follow a red line's edge,
// large enough that a margin of one covers the blur of any mipmap a visible fill is drawn from.
constexpr int kTileCells = 16;

// Seen whole, a DEM cell covers a few pixels: every other sample is drawn then (a quarter of the
// triangles, which llvmpipe feels), every sample once a cell covers more than this. One switch
// for the whole terrain, so no cracks between levels.
constexpr float kTerrainDetailPixels = 4.0F;

// Every `step`-th DEM sample in each direction, always with the last, so the grid covers the DEM.
std::vector<int> samples(int count, int step)
{
    std::vector<int> indexes;
    for (int i = 0; i < count; i += step)
        indexes.push_back(i);
    if (indexes.back() != count - 1)
        indexes.push_back(count - 1);
    return indexes;
}

// The terrain as one indexed triangle mesh over the samples `cs` × `rs`, with normals from
// central differences at that spacing. Each cell's two triangles start with its south-west corner.
osg::ref_ptr<osg::Geometry> terrain_geometry(const TerrainModel& terrain, double origin_x, double origin_y,
                                             const std::vector<int>& cs, const std::vector<int>& rs)
{
    const auto nc = static_cast<int>(cs.size()), nr = static_cast<int>(rs.size());
    osg::ref_ptr<osg::Vec3Array> vertices = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec3Array> normals = new osg::Vec3Array;
    vertices->reserve(cs.size() * rs.size());
    for (int j = 0; j < nr; ++j)
        for (int i = 0; i < nc; ++i) {
            const int c = cs[static_cast<std::size_t>(i)], r = rs[static_cast<std::size_t>(j)];
            vertices->push_back(osg::Vec3(static_cast<float>(terrain.x(c) - origin_x),
                                          static_cast<float>(terrain.y(r) - origin_y), terrain.z(c, r)));
            const int c0 = cs[static_cast<std::size_t>(std::max(i - 1, 0))],
                      c1 = cs[static_cast<std::size_t>(std::min(i + 1, nc - 1))];
            const int r0 = rs[static_cast<std::size_t>(std::max(j - 1, 0))],
                      r1 = rs[static_cast<std::size_t>(std::min(j + 1, nr - 1))];
            const float dzdx =
                (terrain.z(c1, r) - terrain.z(c0, r)) / static_cast<float>(terrain.x(c1) - terrain.x(c0));
            const float dzdy =
                (terrain.z(c, r1) - terrain.z(c, r0)) / static_cast<float>(terrain.y(r1) - terrain.y(r0));
            osg::Vec3 n(-dzdx, -dzdy, 1.0F);
            n.normalize();
            normals->push_back(n);
        }
    osg::ref_ptr<osg::DrawElementsUInt> triangles = new osg::DrawElementsUInt(GL_TRIANGLES);
    for (int j = 0; j + 1 < nr; ++j)
        for (int i = 0; i + 1 < nc; ++i) {
            const int c = cs[static_cast<std::size_t>(i)], c1 = cs[static_cast<std::size_t>(i + 1)];
            const int r = rs[static_cast<std::size_t>(j)], r1 = rs[static_cast<std::size_t>(j + 1)];
            if (!terrain.valid(c, r) || !terrain.valid(c1, r) || !terrain.valid(c, r1) || !terrain.valid(c1, r1))
                continue; // outside the DEM's data: leave a hole rather than a cliff
            const auto k = static_cast<unsigned>(j * nc + i), up = static_cast<unsigned>(nc);
            for (unsigned index : {k, k + 1, k + up + 1, k, k + up + 1, k + up})
                triangles->push_back(index);
        }
    osg::ref_ptr<osg::Geometry> geometry = new osg::Geometry;
    geometry->setName("terrain");
    geometry->setUseDisplayList(false);
    geometry->setUseVertexBufferObjects(true);
    geometry->setVertexArray(vertices);
    geometry->setNormalArray(normals, osg::Array::BIND_PER_VERTEX);
    geometry->addPrimitiveSet(triangles);
    return geometry;
}

} // namespace

TerrainSurface::TerrainSurface(const TerrainModel& terrain, double origin_x, double origin_y)
    : cols_(terrain.cols()), rows_(terrain.rows()), first_x_(terrain.x(0) - origin_x),
      first_y_(terrain.y(0) - origin_y), cell_x_(terrain.x(1) - terrain.x(0)), cell_y_(terrain.y(1) - terrain.y(0)),
      tile_cols_((cols_ + kTileCells - 1) / kTileCells), tile_rows_((rows_ + kTileCells - 1) / kTileCells)
{
    auto level = [&](int step, float min_pixels, float max_pixels) {
        Level l;
        l.cols = samples(cols_, step);
        l.rows = samples(rows_, step);
        l.geometry = terrain_geometry(terrain, origin_x, origin_y, l.cols, l.rows);
        l.min_pixels = min_pixels;
        l.max_pixels = max_pixels;
        return l;
    };
    if (std::min(cols_, rows_) < 64) {
        levels_.push_back(level(1, 0.0F, std::numeric_limits<float>::max()));
        whole_ = levels_.front().geometry;
        return;
    }
    // OSG's pixel size is the bounding sphere's diameter on screen, about √2 × the DEM's side.
    const float switch_at = kTerrainDetailPixels * 1.414F * static_cast<float>(std::max(cols_, rows_));
    levels_.push_back(level(2, 0.0F, switch_at));
    levels_.push_back(level(1, switch_at, std::numeric_limits<float>::max()));
    osg::ref_ptr<osg::LOD> lod = new osg::LOD;
    lod->setRangeMode(osg::LOD::PIXEL_SIZE_ON_SCREEN);
    for (const Level& l : levels_)
        lod->addChild(l.geometry, l.min_pixels, l.max_pixels);
    whole_ = lod;
}

std::vector<char> TerrainSurface::tiles_under(const osg::Image& colors, const osg::Vec4& uv_from_position) const
{
    const int width = colors.s(), height = colors.t();
    // Each texel column's and row's tile, from its centre's scene position.
    auto tile_of = [](double position, double first, double cell, int count) {
        const int cell_index = static_cast<int>(std::floor((position - first) / cell + 0.5));
        return std::clamp(cell_index, 0, count - 1) / kTileCells;
    };
    std::vector<int> column_tile(static_cast<std::size_t>(width));
    for (int s = 0; s < width; ++s)
        column_tile[static_cast<std::size_t>(s)] =
            tile_of(uv_from_position.x() + (s + 0.5) / width / uv_from_position.z(), first_x_, cell_x_, cols_);
    std::vector<char> coloured(static_cast<std::size_t>(tile_cols_) * tile_rows_, 0);
    const unsigned int row_bytes = colors.getRowSizeInBytes();
    for (int t = 0; t < height; ++t) {
        const int tile_row =
            tile_of(uv_from_position.y() + (t + 0.5) / height / uv_from_position.w(), first_y_, cell_y_, rows_);
        const unsigned char* row = colors.data() + static_cast<std::size_t>(t) * row_bytes;
        char* tiles = coloured.data() + static_cast<std::size_t>(tile_row) * tile_cols_;
        for (int s = 0; s < width; ++s)
            if (row[4 * s + 3] != 0)
                tiles[column_tile[static_cast<std::size_t>(s)]] = 1;
    }
    std::vector<char> with_margin(coloured.size(), 0);
    for (int ty = 0; ty < tile_rows_; ++ty)
        for (int tx = 0; tx < tile_cols_; ++tx) {
            if (!coloured[static_cast<std::size_t>(ty) * tile_cols_ + tx])
                continue;
            for (int y = std::max(ty - 1, 0); y <= std::min(ty + 1, tile_rows_ - 1); ++y)
                for (int x = std::max(tx - 1, 0); x <= std::min(tx + 1, tile_cols_ - 1); ++x)
                    with_margin[static_cast<std::size_t>(y) * tile_cols_ + x] = 1;
        }
    return with_margin;
}

osg::ref_ptr<osg::Geometry> TerrainSurface::part_of(const Level& level, const std::vector<char>& tiles) const
{
    const auto& all = static_cast<const osg::DrawElementsUInt&>(*level.geometry->getPrimitiveSet(0));
    const auto columns = static_cast<unsigned>(level.cols.size());
    osg::ref_ptr<osg::DrawElementsUInt> kept = new osg::DrawElementsUInt(GL_TRIANGLES);
    for (std::size_t q = 0; q + 6 <= all.size(); q += 6) { // a cell's two triangles, its corner first
        const unsigned corner = all[q];
        const int c = level.cols[corner % columns], r = level.rows[corner / columns];
        if (tiles[static_cast<std::size_t>(r / kTileCells) * tile_cols_ + c / kTileCells])
            kept->insert(kept->end(), all.begin() + static_cast<std::ptrdiff_t>(q),
                         all.begin() + static_cast<std::ptrdiff_t>(q + 6));
    }
    osg::ref_ptr<osg::Geometry> part = new osg::Geometry;
    part->setName("terrain under a fill");
    part->setUseDisplayList(false);
    part->setUseVertexBufferObjects(true);
    part->setVertexArray(level.geometry->getVertexArray()); // shared: the very same positions
    part->addPrimitiveSet(kept);
    return part;
}

osg::ref_ptr<osg::Node> TerrainSurface::under(const osg::Image& colors, const osg::Vec4& uv_from_position) const
{
    const std::vector<char> tiles = tiles_under(colors, uv_from_position);
    if (std::find(tiles.begin(), tiles.end(), 1) == tiles.end())
        return nullptr;
    if (levels_.size() == 1)
        return part_of(levels_.front(), tiles);
    // Switched as the whole terrain is: its bound, not the part's, decides the level.
    osg::ref_ptr<osg::LOD> lod = new osg::LOD;
    lod->setRangeMode(osg::LOD::PIXEL_SIZE_ON_SCREEN);
    lod->setCenterMode(osg::LOD::USER_DEFINED_CENTER);
    lod->setCenter(whole_->getBound().center());
    lod->setRadius(whole_->getBound().radius());
    for (const Level& l : levels_)
        lod->addChild(part_of(l, tiles), l.min_pixels, l.max_pixels);
    return lod;
}

} // namespace scene
