#pragma once
// A county viewed as pictures (too large to mesh: memory_budget.h), tile by tile: a quadtree of
// osg::PagedLOD nodes over the terrain. OpenSceneGraph's DatabasePager reads a tile's four
// children in the background once the tile covers more pixels than it has texels, and drops them
// again when the camera has left and more tiles are held than the pager's target: the memory is
// that of the tiles in view and a bounded few more, whatever the county's size. Each read draws
// the four children in one picture (county_preview.h: the features there read through the
// sources' spatial indexes, a window of the picture cache where that is fine enough) and cuts
// it into their textures, each with a texel of its neighbours around it, so that no seam shows.
// The coarse levels, no finer than the whole county's picture, draw that picture. OSG only.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include <osg/Group>
#include <osg/StateSet>

#include "geo/geos.h"
#include "terrain_model.h"

namespace scene {

struct PreviewLayers;

// Texels along a tile's side.
inline constexpr int kTileTexels = 256;
// No tile finer than this (metres a texel): a parcel's boundary is then a few texels wide.
inline constexpr double kFinestTileCell = 0.25;

class PictureTiles {
public:
    // Tiles of `layers` over `terrain`, whose triangles are `terrain_surface` (scene coordinates
    // from origin_x, origin_y). `whole` is the whole county's picture as picture_group makes it
    // (textures and uniforms on the group): the coarse levels draw it, and whole_changed renews it.
    PictureTiles(std::shared_ptr<PreviewLayers> layers, const TerrainModel& terrain, osg::Node* terrain_surface,
                 double origin_x, double origin_y, const osg::Group& whole, int texels = kTileTexels);
    ~PictureTiles(); // stops the reads in flight
    PictureTiles(const PictureTiles&) = delete;
    PictureTiles& operator=(const PictureTiles&) = delete;

    // The quadtree's root: add it under the scene (a backdrop) on the rendering thread.
    osg::Node* root() const { return root_.get(); }
    // The coarse levels draw `whole` from now on (the whole county's picture drawn again).
    void whole_changed(const osg::Group& whole);
    // Where the camera looks (working CRS) and how many metres a pixel covers there: a read of the
    // tiles under that point goes on down to the level the view needs there, so that the pager,
    // which asks for each level only once the one above is on screen, finds them at once.
    void look_at(double x, double y, double metres_per_pixel);
    // Tiles drawn so far (up to four a read; a tile read again after the pager dropped it counts once).
    int tiles_drawn() const;
    // The finest level of the tiles drawn so far at working-CRS (x, y): 0 the whole county's
    // picture, each level twice as fine; -1 where none is.
    int finest_level_at(double x, double y) const;
    // What stopped a read (its source went away): the first since the last call; empty when none.
    std::string take_error();

    class Reader; // the DatabasePager's reads (picture_tiles.cpp)

private:
    osg::ref_ptr<Reader> reader_;
    osg::ref_ptr<osg::Node> root_;
};

// The number of PagedLOD nodes the pager should keep when they are out of view, so that the
// tiles held take at most a quarter of `memory_budget` bytes.
unsigned tiles_to_keep(std::size_t memory_budget, int texels = kTileTexels);

} // namespace scene
