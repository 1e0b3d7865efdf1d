# Turns shaders/*.glsl into a C++ source defining planview_embedded_shader(name), run at build
# time so a shader edit needs only a rebuild (or, in a developer build, no rebuild at all: see
# app/scene/shaders.cpp for the on-disk override).
file(GLOB shaders "${SHADER_DIR}/*.glsl")
set(body "// Generated from shaders/*.glsl by shaders/embed.cmake. Do not edit.\n#include <cstring>\n\nconst char* planview_embedded_shader(const char* name)\n{\n")
foreach(shader ${shaders})
  get_filename_component(name "${shader}" NAME)
  file(READ "${shader}" text)
  string(APPEND body "    if (std::strcmp(name, \"${name}\") == 0)\n        return R\"glsl(${text})glsl\";\n")
endforeach()
string(APPEND body "    return nullptr;\n}\n")
file(WRITE "${OUTPUT}.tmp" "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
