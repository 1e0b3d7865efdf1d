#pragma once
// GLSL sources: embedded at build from shaders/*.glsl; in a developer (non-Release) build, or
// when PLANVIEW_SHADER_DIR is set, a copy on disk takes precedence so an edit needs no rebuild.
// And the scene's programs made of them, one of each for the process.
#include <string>

#include <osg/Program>

namespace scene {

// The source of shaders/NAME (e.g. "terrain.frag.glsl"). Throws std::runtime_error if unknown.
std::string shader_source(const std::string& name);

// The terrain's hillshade.
osg::ref_ptr<osg::Program> terrain_program();
// The same with the lowest layer's fills laid over it in the one pass (terrain.*.glsl with
// WITH_FILL): a fill group's textures and uniforms (terrain_fill.h) and its layer's.
osg::ref_ptr<osg::Program> terrain_with_fill_program();
// Vector layers draped on the terrain (overlay.*.glsl): fills, lines, impostors.
osg::ref_ptr<osg::Program> overlay_program();
// The same for fills drawn as a texture on the terrain's own vertices (terrain_fill.h), which
// carry only their position: overlay.*.glsl with ON_TERRAIN.
osg::ref_ptr<osg::Program> terrain_fill_program();

} // namespace scene
