#include "layer_picture.h"

#include <algorithm>
#include <cmath>
#include <optional>

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

PictureFrame picture_frame(const CountyScene& scene, const RenderRequest& request)
{
    const geo::Envelope terrain = scene.terrain().extent();
    const double aspect = static_cast<double>(request.width) / request.height;
    const osg::Matrixd to_scene = osg::Matrixd::inverse(request.view.view_matrix());
    const osg::Vec3d eye = request.view.eye;
    const double ground = scene.to_scene(0, 0, scene.terrain().min_height()).z();
    std::optional<geo::Envelope> seen;
    bool sky = false; // a ray above the horizon: the ground beyond is seen as far as it goes
    double metres_per_pixel = 0;
    constexpr int kSteps = 8;             // rays along each edge of the image, and one through its centre
    auto look = [&](double u, double v) { // u, v in [-1, 1] across the image
        osg::Vec3d from = eye, direction;
        if (request.ortho_half_height > 0) {
            from = osg::Vec3d(u * request.ortho_half_height * aspect, v * request.ortho_half_height, 0) * to_scene;
            direction = osg::Matrixd::transform3x3(osg::Vec3d(0, 0, -1), to_scene);
        } else {
            const double half = std::tan(osg::DegreesToRadians(kFieldOfViewDegrees) / 2);
            direction = osg::Matrixd::transform3x3(osg::Vec3d(u * half * aspect, v * half, -1), to_scene);
        }
        if (direction.z() >= -1e-9) {
            sky = true;
            return;
        }
        const osg::Vec3d hit = from + direction * ((ground - from.z()) / direction.z());
        const osg::Vec3d world = scene.to_world(hit);
        const geo::Envelope point{world.x(), world.y(), world.x(), world.y()};
        seen = seen ? geo::merged(*seen, point) : point;
        if (u == 0 && v == 0) // the ground a pixel covers at the centre of the image
            metres_per_pixel = request.ortho_half_height > 0
                                   ? 2 * request.ortho_half_height / request.height
                                   : (hit - from).length() * 2 *
                                         std::tan(osg::DegreesToRadians(kFieldOfViewDegrees) / 2) / request.height;
    };
    look(0, 0);
    for (int i = 0; i <= kSteps; ++i) {
        const double t = -1 + 2.0 * i / kSteps;
        for (const auto& [u, v] : {std::pair{t, -1.0}, std::pair{t, 1.0}, std::pair{-1.0, t}, std::pair{1.0, t}})
            look(u, v);
    }
    geo::Envelope area = terrain;
    if (seen && !sky) { // a margin for what stands above the lowest ground
        const double margin = 0.1 * std::max(seen->max_x - seen->min_x, seen->max_y - seen->min_y);
        area = {std::max(seen->min_x - margin, terrain.min_x), std::max(seen->min_y - margin, terrain.min_y),
                std::min(seen->max_x + margin, terrain.max_x), std::min(seen->max_y + margin, terrain.max_y)};
        if (!(area.min_x < area.max_x && area.min_y < area.max_y))
            area = terrain;
    }
    const double span = std::max(area.max_x - area.min_x, area.max_y - area.min_y);
    const double per_pixel = request.ortho_half_height > 0 ? 1.5 : 1.0; // an oblique view is finer below, coarser above
    const double texels = metres_per_pixel > 0 ? per_pixel * span / metres_per_pixel : kMostTexels;
    return {area, static_cast<int>(std::clamp(texels, 1024.0, static_cast<double>(kMostTexels))), metres_per_pixel};
}

osg::ref_ptr<osg::Group> picture_of_layer(const LayerToShow& layer, const LayerStyle& style,
                                          const OGRSpatialReference& working, const geo::Envelope& area, int texels,
                                          double origin_x, double origin_y, const std::atomic<bool>* cancel,
                                          std::set<std::string>* values_seen)
{
    FillRaster raster(area, texels, layer.layer->GetName(), false);
    RasteriseRule rule;
    rule.fill = [&style](const std::string& value) { return class_color(style, value); };
    rule.thin_outlines_from_texels = kOutlineFromTexels;
    rule.within = area;
    rule.values_seen = values_seen;
    rasterise_layer(layer, style, working, raster, rule, cancel);
    osg::ref_ptr<osg::Group> mesh = new osg::Group; // as build_layer_mesh's: the fills one child of it
    mesh->addChild(raster.to_group(origin_x, origin_y));
    return mesh;
}

std::optional<LayerStyle> finished_style(const LayerStyle& sampled, const geo::Envelope& extent,
                                         const geo::Envelope& area, const std::set<std::string>& values_seen)
{
    const bool whole_layer = area.min_x <= extent.min_x && area.min_y <= extent.min_y && area.max_x >= extent.max_x &&
                             area.max_y >= extent.max_y;
    const bool some_code =
        std::any_of(values_seen.begin(), values_seen.end(), [](const auto& v) { return !v.empty(); });
    if (!whole_layer || !some_code || !all_land_use_codes(values_seen))
        return std::nullopt;
    LayerStyle finished = sampled;
    style_by_land_use(finished, sampled.field, values_seen);
    return finished;
}

osg::ref_ptr<osg::Group> picture_of_loaded_layer(LoadedLayer& loaded, const geo::ProjectLayer* settings,
                                                 const OGRSpatialReference& working, const PictureFrame& frame,
                                                 double origin_x, double origin_y)
{
    auto picture_in = [&](const LayerStyle& style, std::set<std::string>* values_seen) {
        return picture_of_layer(*loaded.source, style, working, frame.area, frame.texels, origin_x, origin_y, nullptr,
                                values_seen);
    };
    std::set<std::string> values_seen;
    osg::ref_ptr<osg::Group> picture = picture_in(loaded.style, loaded.classes_pending ? &values_seen : nullptr);
    if (!loaded.classes_pending)
        return picture;
    loaded.classes_pending = false;
    if (auto finished = finished_style(loaded.style, loaded.extent, frame.area, values_seen)) {
        loaded.style = std::move(*finished);
        return picture;
    }
    loaded.style = style_from_attributes(*loaded.source, settings, working, nullptr);
    return picture_in(loaded.style, nullptr);
}

} // namespace scene
