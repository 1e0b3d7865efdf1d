#pragma once
// An OpenGL (compatibility) context with no window and no X server: EGL on Mesa's surfaceless
// platform. Made current on construction, released on destruction (RAII around the EGL
// handles). OSG then renders into a framebuffer object of its own.
#include <string>

namespace scene {

class EglContext {
public:
    // Throws std::runtime_error saying why when EGL or the surfaceless platform is missing.
    EglContext();
    ~EglContext();
    EglContext(const EglContext&) = delete;
    EglContext& operator=(const EglContext&) = delete;

private:
    void* display_ = nullptr;
    void* context_ = nullptr;
    void* surface_ = nullptr;
};

} // namespace scene
