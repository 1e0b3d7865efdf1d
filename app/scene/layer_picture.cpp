#include "layer_picture.h"

#include <algorithm>

#include "geo/geometry_type.h"
#include "layer_raster.h"

namespace scene {
namespace {

// Fewer features than this mesh in no time and keep their crisp vector outlines.
constexpr GIntBig kPictureAbove = 1000;
// A feature this many texels across shows its outline; smaller ones would be all outline.
constexpr double kOutlineFromTexels = 6;
constexpr int kMostTexels = 8192;

} // namespace

bool is_dense_area_layer(const LayerToShow& layer)
{
    return geo::is_polygonal_type(layer.layer->GetGeomType()) && layer.layer->GetFeatureCount(TRUE) > kPictureAbove;
}

geo::Envelope picture_area(const geo::Envelope& view, bool map_2d, double aspect, const geo::Envelope& terrain)
{
    const double width = view.max_x - view.min_x, height = view.max_y - view.min_y;
    const double shaped_width = std::max(width, height * aspect), shaped_height = std::max(height, width / aspect);
    const double margin = std::max(shaped_width, shaped_height) * (map_2d ? 0.1 : 0.5);
    const double grow_x = (shaped_width - width) / 2 + margin, grow_y = (shaped_height - height) / 2 + margin;
    const geo::Envelope around{
        std::max(view.min_x - grow_x, terrain.min_x), std::max(view.min_y - grow_y, terrain.min_y),
        std::min(view.max_x + grow_x, terrain.max_x), std::min(view.max_y + grow_y, terrain.max_y)};
    return around.min_x < around.max_x && around.min_y < around.max_y ? around : terrain;
}

int picture_texels(const geo::Envelope& view, const geo::Envelope& area, int width, int height)
{
    // Metres a pixel where the view is framed (it fits the image's shape by its tighter side).
    const double metres_per_pixel = std::max((view.max_x - view.min_x) / width, (view.max_y - view.min_y) / height);
    const double area_span = std::max(area.max_x - area.min_x, area.max_y - area.min_y);
    const double texels = 1.5 * area_span / std::max(metres_per_pixel, 1e-6);
    return static_cast<int>(std::clamp(texels, 1024.0, static_cast<double>(kMostTexels)));
}

osg::ref_ptr<osg::Group> picture_of_layer(const LayerToShow& layer, const LayerStyle& style,
                                          const OGRSpatialReference& working, const geo::Envelope& area, int texels,
                                          double origin_x, double origin_y, const std::atomic<bool>* cancel)
{
    FillRaster raster(area, texels, layer.layer->GetName(), false);
    RasteriseRule rule;
    rule.fill = [&style](const std::string& value) { return class_color(style, value); };
    rule.thin_outlines_from_texels = kOutlineFromTexels;
    rule.within = area;
    rasterise_layer(layer, style, working, raster, rule, cancel);
    osg::ref_ptr<osg::Group> mesh = new osg::Group; // as build_layer_mesh's: the fills one child of it
    mesh->addChild(raster.to_group(origin_x, origin_y));
    return mesh;
}

} // namespace scene
