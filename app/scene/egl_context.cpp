#include "egl_context.h"

#include <stdexcept>

#include <EGL/egl.h>
#include <EGL/eglext.h>

namespace scene {
namespace {

EGLDisplay surfaceless_display()
{
    auto get_platform_display =
        reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (get_platform_display == nullptr)
        throw std::runtime_error("EGL has no eglGetPlatformDisplayEXT");
    return get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
}

} // namespace

std::future<void> start_loading_egl_driver()
{
    return std::async(std::launch::async, [] {
        try {
            // Initialising a display twice only initialises it once (EGL 1.5, 3.2).
            if (EGLDisplay display = surfaceless_display(); display != EGL_NO_DISPLAY)
                eglInitialize(display, nullptr, nullptr);
        } catch (const std::runtime_error&) {
        }
    });
}

EglContext::EglContext()
{
    EGLDisplay display = surfaceless_display();
    EGLint major = 0, minor = 0;
    if (display == EGL_NO_DISPLAY || eglInitialize(display, &major, &minor) != EGL_TRUE)
        throw std::runtime_error("cannot open Mesa's surfaceless EGL display");
    display_ = display;
    if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE) {
        eglTerminate(display);
        throw std::runtime_error("EGL cannot provide desktop OpenGL");
    }
    const EGLint config_attributes[] = {EGL_SURFACE_TYPE,
                                        EGL_PBUFFER_BIT,
                                        EGL_RENDERABLE_TYPE,
                                        EGL_OPENGL_BIT,
                                        EGL_RED_SIZE,
                                        8,
                                        EGL_GREEN_SIZE,
                                        8,
                                        EGL_BLUE_SIZE,
                                        8,
                                        EGL_DEPTH_SIZE,
                                        24,
                                        EGL_NONE};
    EGLConfig config = nullptr;
    EGLint count = 0;
    if (eglChooseConfig(display, config_attributes, &config, 1, &count) != EGL_TRUE || count == 0) {
        eglTerminate(display);
        throw std::runtime_error("EGL has no suitable OpenGL configuration");
    }
    // OSG 3.6 as Debian builds it is a GL2 build: a compatibility context.
    const EGLint context_attributes[] = {EGL_CONTEXT_MAJOR_VERSION, 2, EGL_CONTEXT_MINOR_VERSION, 1, EGL_NONE};
    EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attributes);
    if (context == EGL_NO_CONTEXT) {
        eglTerminate(display);
        throw std::runtime_error("EGL cannot create an OpenGL 2.1 context");
    }
    context_ = context;
    // A 1×1 pbuffer gives the context a default framebuffer, which OSG touches while it sets
    // up; the picture itself is drawn into OSG's framebuffer object.
    const EGLint pbuffer_attributes[] = {EGL_WIDTH, 1, EGL_HEIGHT, 1, EGL_NONE};
    EGLSurface surface = eglCreatePbufferSurface(display, config, pbuffer_attributes);
    surface_ = surface;
    if (eglMakeCurrent(display, surface, surface, context) != EGL_TRUE) {
        eglDestroyContext(display, context);
        eglTerminate(display);
        throw std::runtime_error("EGL cannot make a surfaceless context current");
    }
}

EglContext::~EglContext()
{
    eglMakeCurrent(static_cast<EGLDisplay>(display_), EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(static_cast<EGLDisplay>(display_), static_cast<EGLContext>(context_));
    if (surface_ != EGL_NO_SURFACE)
        eglDestroySurface(static_cast<EGLDisplay>(display_), static_cast<EGLSurface>(surface_));
    eglTerminate(static_cast<EGLDisplay>(display_));
}

} // namespace scene
