#pragma once
// Fills drawn as a texture on the terrain's own triangles. Cut to the DEM's grid and
// triangulated as other fills are, a layer of few large areas (the 三区, which tile the whole
// county) repeats the terrain's mesh (1.7 s to build and half the frame time at 100k parcels);
// as a texture GDAL rasterises once, it costs a second pass over the terrain and lies exactly on
// it. The county's first picture (county_preview.h) draws every layer so while it loads.
#include <optional>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <osg/Group>

#include "geo/gdal_ptr.h"
#include "style.h"
#include "terrain_model.h"
#include "terrain_surface.h"

namespace geo {
class FeatureTable;
}

namespace scene {

// The name of the group make_terrain_fill returns: CountyScene adds its terrain under it.
inline constexpr const char* kTerrainFillName = "fills on the terrain";

// Texels along the terrain's longer side of a fill over the whole terrain.
inline constexpr int kTerrainFillTexels = 2048;

// Where a north-up raster's square texels lie in the working CRS.
struct RasterGrid {
    double min_x = 0, max_y = 0, cell = 1;
    int width = 1, height = 1;

    // `extent` with `texels` along its longer side; the east and north edges rounded out to a texel.
    static RasterGrid covering(const geo::Envelope& extent, int texels);
    // `extent` in texels of `cell` metres, rounded out the same way.
    static RasterGrid with_cell(const geo::Envelope& extent, double cell);
    geo::Envelope envelope() const { return {min_x, max_y - height * cell, min_x + width * cell, max_y}; }
};

// A transparent RGBA image, zeroed as the kernel maps its pages: texels never drawn cost no page
// (a county's 2,048-texel layer is 16 MB, and each page fault here costs microseconds).
osg::ref_ptr<osg::Image> blank_rgba(int width, int height);

// `colors` (premultiplied RGBA, rows north first) over `grid`: the textures and uniforms of an
// empty group (kTerrainFillName) under terrain_fill_program (shaders.h), with no feature ids.
osg::ref_ptr<osg::Group> picture_group(const osg::Image& colors, const RasterGrid& grid, double origin_x,
                                       double origin_y);

// Geometries (in the working CRS) burnt into a texture over the terrain's extent, in colours
// (premultiplied) and, unless `with_ids` is false, feature ids: the impostor's encoding the
// overlay shader reads. GDAL rasterises; later geometries cover earlier ones.
class FillRaster {
public:
    // Over the terrain's extent, 2,048 texels along its longer side. `what` names the layer in errors.
    FillRaster(const TerrainModel& terrain, std::string what, bool with_ids = true);
    // Over `extent` (working CRS), `texels` along its longer side. Nothing is drawn beyond it.
    FillRaster(const geo::Envelope& extent, int texels, std::string what, bool with_ids);
    // Over exactly `grid`'s texels.
    FillRaster(const RasterGrid& grid, std::string what, bool with_ids);

    const RasterGrid& grid() const { return grid_; }
    double cell_size() const { return grid_.cell; }
    std::size_t bytes() const
    {
        return static_cast<std::size_t>(grid_.width) * static_cast<std::size_t>(grid_.height) * bands_;
    }

    // Burns `geometry` in `color`; `row` is its feature's row (selection, hover), or -1 for
    // none. Lines and rings burn the texels they cross. Kept until flush() or to_group().
    void add(OGRGeometryH geometry, const Rgba& color, long long row);
    // Rasterises what add() kept (call every few thousand geometries to bound memory).
    void flush();
    // Whether anything was added.
    bool empty() const { return empty_; }
    // The colours as an RGBA image, premultiplied, rows north first (as to_group maps them): the
    // raster's own texels, which later adds draw into.
    osg::ref_ptr<osg::Image> colors();
    // The textures, uniforms and program (terrain_fill_program, shaders.h) of an empty group
    // (kTerrainFillName); CountyScene draws the terrain's triangles under it.
    osg::ref_ptr<osg::Group> to_group(double origin_x, double origin_y);
    // The same for `colors` over this raster's texels, with no feature ids.
    osg::ref_ptr<osg::Group> to_group(const osg::Image& colors, double origin_x, double origin_y) const;

private:
    RasterGrid grid_;
    int bands_ = 8;
    std::string what_;
    // GDAL burns straight into the images (MEM bands over their texels): no copy to hand out.
    osg::ref_ptr<osg::Image> colors_, ids_;
    geo::DatasetPtr raster_;
    std::vector<OGRGeometryH> geometries_;
    std::vector<double> burn_;
    bool empty_ = true;
};

// The terrain's triangles under where `fill` (a group to_group or picture_group made) has colour,
// null where it has none; nullopt when the group holds no such picture.
std::optional<osg::ref_ptr<osg::Node>> terrain_under_fill(const osg::Group& fill, const TerrainSurface& surface);

// `layer` (premultiplied RGBA, as FillRaster::colors) times `opacity` laid over `below`, the same size.
void lay_over(osg::Image& below, const osg::Image& layer, float opacity);

// The layer's polygon fills in their style's colours and feature ids (rows) over the terrain's
// extent (the ids only `with_ids`), as FillRaster::to_group. Safe off the GUI thread.
osg::ref_ptr<osg::Group> make_terrain_fill(const geo::FeatureTable& table, const LayerStyle& style,
                                           const TerrainModel& terrain, double origin_x, double origin_y,
                                           bool with_ids = true);

} // namespace scene
