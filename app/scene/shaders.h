#pragma once
// GLSL sources: embedded at build from shaders/*.glsl; in a developer (non-Release) build, or
// when PLANVIEW_SHADER_DIR is set, a copy on disk takes precedence so an edit needs no rebuild.
#include <string>

namespace scene {

// The source of shaders/NAME (e.g. "terrain.frag.glsl"). Throws std::runtime_error if unknown.
std::string shader_source(const std::string& name);

} // namespace scene
