#pragma once
// An OpenGL (compatibility) context with no window and no X server: EGL on Mesa's surfaceless
// platform. Made current on construction, released on destruction (RAII around the EGL
// handles). OSG then renders into a framebuffer object of its own.
#include <future>
#include <string>

namespace scene {

// Loads the GL driver behind EGL (Mesa's llvmpipe and LLVM: a tenth of a second, most of what
// making an EglContext costs) on a thread of its own, for a command to read its data meanwhile;
// an EglContext made later finds it loaded. Failures are left for that EglContext to report.
std::future<void> start_loading_egl_driver();

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
