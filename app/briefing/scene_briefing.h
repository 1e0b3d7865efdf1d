#pragma once
// From a county scene to a briefing: renders the map off screen (EGL, or Xvfb) for a view, and
// builds the legend from the visible layers and their styles and the target panel from the
// ledger. Shared by `planview snapshot` and the viewer's export.
#include <optional>
#include <string>
#include <vector>

#include <osg/Vec3d>

#include "briefing.h"
#include "geo/geos.h"
#include "geo/ledger.h"
#include "offscreen.h"

namespace scene {
class CountyScene;
}

namespace briefing {

struct View {
    geo::Envelope extent; // what must be in the picture (working CRS)
    bool map_2d = false;  // true: north-up orthographic map with a true scale
    // 3D only: the camera to render from (eye and centre in the working CRS, metres of height,
    // and its up direction), e.g. the viewer's on screen; none: an oblique view of `extent`.
    struct Camera {
        osg::Vec3d eye, center, up;
    };
    std::optional<Camera> camera;
};

// The Chinese name planners use for a standard layer ("farmland" → "永久基本农田").
QString display_name(const std::string& layer);
// The county's name from the data: the name field (name, XZQMC, …) of the layer playing the
// county boundary; empty when there is none. Never the file's name, which is no title.
QString county_name_of(scene::CountyScene& scene);

std::vector<LegendEntry> legend_for(const scene::CountyScene& scene);
std::vector<TargetBar> target_bars(const std::vector<geo::TargetProgress>& progress);

// How the map of `view` is rendered at width × height: the camera, and the scale of a 2D map.
scene::RenderRequest render_request(const scene::CountyScene& county, const View& view, int width, int height);

// Renders the map of `view` at width × height and fills content.map and the scale.
// Throws std::runtime_error when nothing can render.
void render_map(const scene::CountyScene& scene, const View& view, int width, int height, Content& content);

} // namespace briefing
