#pragma once
// OSG compiles every GL object of the scene (VBOs, textures) before its first frame, including
// LOD children nobody sees: a million parcels' geometry behind their far-away impostors. Call
// after each setSceneData so objects are compiled when first drawn instead.
#include <osgViewer/Renderer>
#include <osgViewer/View>

namespace scene {

inline void compile_when_drawn(osgViewer::View& view)
{
    if (auto* renderer = dynamic_cast<osgViewer::Renderer*>(view.getCamera()->getRenderer()))
        renderer->setCompileOnNextDraw(false);
}

} // namespace scene
