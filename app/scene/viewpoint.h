#pragma once
// Camera placements over a county scene: the default oblique view from the south, the
// north-up map view, and a view fitted to an extent.
#include <osg/Matrixd>
#include <osg/Vec3d>

#include "geo/geos.h"

namespace scene {

class CountyScene;

struct Viewpoint {
    osg::Vec3d eye, center, up;
    osg::Matrixd view_matrix() const { return osg::Matrixd::lookAt(eye, center, up); }
};

inline constexpr double kFieldOfViewDegrees = 30.0;

// Looking north at `extent` (working CRS) from the south, tilted `tilt_degrees` from vertical.
Viewpoint oblique_view(const CountyScene& scene, const geo::Envelope& extent, double aspect, double tilt_degrees = 50);
// Straight down, north up, `extent` filling the view.
Viewpoint top_down_view(const CountyScene& scene, const geo::Envelope& extent, double aspect);
// Metres a pixel covers where the view looks, in an image `height` pixels high.
double metres_per_pixel(const Viewpoint& view, int height);

} // namespace scene
