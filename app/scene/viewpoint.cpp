#include "viewpoint.h"

#include <algorithm>
#include <cmath>

#include "county_scene.h"

namespace scene {
namespace {

double fit_distance(const geo::Envelope& e, double aspect)
{
    const double half_fov = osg::DegreesToRadians(kFieldOfViewDegrees) / 2;
    const double width = e.max_x - e.min_x, height = e.max_y - e.min_y;
    const double needed = std::max(height / 2, width / 2 / std::max(aspect, 0.1));
    return needed / std::tan(half_fov) * 1.05;
}

osg::Vec3d ground_centre(const CountyScene& scene, const geo::Envelope& e)
{
    const double x = (e.min_x + e.max_x) / 2, y = (e.min_y + e.max_y) / 2;
    return scene.to_scene(x, y, scene.terrain().height_at(x, y));
}

} // namespace

Viewpoint oblique_view(const CountyScene& scene, const geo::Envelope& extent, double aspect, double tilt_degrees)
{
    const osg::Vec3d center = ground_centre(scene, extent);
    // Closer than a view from above, as the tilt foreshortens the ground's depth; but not its
    // width: a wide extent (a city, a county in a narrow window) stays whole from side to side.
    const double width_fit = fit_distance({extent.min_x, extent.min_y, extent.max_x, extent.min_y}, aspect);
    const double distance = std::max(fit_distance(extent, aspect) * 0.85, width_fit);
    const double tilt = osg::DegreesToRadians(tilt_degrees);
    const osg::Vec3d eye = center + osg::Vec3d(0, -std::sin(tilt) * distance, std::cos(tilt) * distance);
    return {eye, center, osg::Vec3d(0, 0, 1)};
}

Viewpoint top_down_view(const CountyScene& scene, const geo::Envelope& extent, double aspect)
{
    const osg::Vec3d center = ground_centre(scene, extent);
    const double distance = fit_distance(extent, aspect);
    return {center + osg::Vec3d(0, 0, distance), center, osg::Vec3d(0, 1, 0)};
}

double metres_per_pixel(const Viewpoint& view, int height)
{
    const double distance = (view.eye - view.center).length();
    return 2 * distance * std::tan(osg::DegreesToRadians(kFieldOfViewDegrees) / 2) / std::max(1, height);
}

} // namespace scene
