#pragma once
// Renders a scene graph to an image without a window: EGL on Mesa's surfaceless platform when
// it is there (no X server needed), else a GLX pbuffer on the X server in DISPLAY (Xvfb).
#include <string>

#include <osg/Image>
#include <osg/Node>
#include <osg/Vec4>

#include "viewpoint.h"

namespace scene {

struct RenderRequest {
    int width = 1920, height = 1080;
    Viewpoint view;
    osg::Vec4 background{0.93F, 0.95F, 0.97F, 1.0F};
    double ortho_half_height = 0; // > 0: orthographic (true-scale map), this many metres above and below centre
};

// The image is RGBA with OSG's bottom-left origin (row 0 is the bottom). Throws std::runtime_error when no OpenGL
// context can be made (no display), naming the reason.
osg::ref_ptr<osg::Image> render_offscreen(osg::Node* root, const RenderRequest& request);

// Writes `image` as PNG through OSG's png plugin; throws std::runtime_error on failure.
void write_png(const osg::Image& image, const std::string& path);

} // namespace scene
