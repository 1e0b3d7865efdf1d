#include "offscreen.h"

#include "egl_context.h"
#include "lazy_compile.h"

#include <cstdlib>
#include <stdexcept>

#include <osg/GraphicsContext>
#include <osgDB/WriteFile>
#include <osgViewer/Viewer>

namespace scene {
namespace {

// Reads the frame back once it is drawn.
struct Capture : osg::Camera::DrawCallback {
    explicit Capture(osg::Image* target) : image(target) {}
    void operator()(osg::RenderInfo&) const override
    {
        image->readPixels(0, 0, image->s(), image->t(), GL_RGBA, GL_UNSIGNED_BYTE);
    }
    osg::ref_ptr<osg::Image> image;
};

void set_camera(osg::Camera& camera, const RenderRequest& request)
{
    camera.setViewport(0, 0, request.width, request.height);
    camera.setClearColor(request.background);
    const double aspect = static_cast<double>(request.width) / request.height;
    if (request.ortho_half_height > 0) {
        const double h = request.ortho_half_height, w = h * aspect;
        camera.setProjectionMatrixAsOrtho(-w, w, -h, h, 1.0, 1e7);
    } else {
        camera.setProjectionMatrixAsPerspective(kFieldOfViewDegrees, aspect, 1.0, 1e7);
    }
    camera.setViewMatrix(request.view.view_matrix());
}

// Without any X server: EGL surfaceless, OSG drawing into a multisampled framebuffer object.
osg::ref_ptr<osg::Image> render_with_egl(osg::Node* root, const RenderRequest& request)
{
    EglContext context;
    osgViewer::Viewer viewer;
    viewer.setThreadingModel(osgViewer::Viewer::SingleThreaded);
    osg::ref_ptr<osgViewer::GraphicsWindowEmbedded> window =
        viewer.setUpViewerAsEmbeddedInWindow(0, 0, request.width, request.height);
    viewer.setSceneData(root);
    compile_when_drawn(viewer);
    osg::Camera* camera = viewer.getCamera();
    set_camera(*camera, request);
    osg::ref_ptr<osg::Image> image = new osg::Image;
    image->allocateImage(request.width, request.height, 1, GL_RGBA, GL_UNSIGNED_BYTE);
    camera->setRenderTargetImplementation(osg::Camera::FRAME_BUFFER_OBJECT);
    camera->attach(osg::Camera::COLOR_BUFFER, image.get());
    camera->attach(osg::Camera::DEPTH_BUFFER, GL_DEPTH_COMPONENT24);
    viewer.realize();
    viewer.frame();
    viewer.setSceneData(nullptr); // release GL objects while the context is current
    viewer.getCamera()->getGraphicsContext()->releaseContext();
    return image;
}

} // namespace

osg::ref_ptr<osg::Image> render_offscreen(osg::Node* root, const RenderRequest& request)
{
    std::string egl_problem;
    try {
        return render_with_egl(root, request);
    } catch (const std::runtime_error& e) {
        egl_problem = e.what();
    }
    const char* display = std::getenv("DISPLAY");
    if (display == nullptr || *display == '\0')
        throw std::runtime_error("cannot render: " + egl_problem + ", and no X display (DISPLAY is unset)");
    osg::ref_ptr<osg::GraphicsContext::Traits> traits = new osg::GraphicsContext::Traits;
    traits->x = 0;
    traits->y = 0;
    traits->width = request.width;
    traits->height = request.height;
    traits->red = traits->green = traits->blue = 8;
    traits->alpha = 0;
    traits->depth = 24;
    traits->pbuffer = true;
    traits->doubleBuffer = true;
    traits->sharedContext = nullptr;
    traits->readDISPLAY();
    osg::ref_ptr<osg::GraphicsContext> context = osg::GraphicsContext::createGraphicsContext(traits.get());
    if (!context || !context->valid())
        throw std::runtime_error(std::string("cannot create an off-screen OpenGL context on display ") + display);

    osgViewer::Viewer viewer;
    viewer.setThreadingModel(osgViewer::Viewer::SingleThreaded);
    viewer.setSceneData(root);
    compile_when_drawn(viewer);
    osg::Camera* camera = viewer.getCamera();
    camera->setGraphicsContext(context.get());
    set_camera(*camera, request);
    const GLenum buffer = GL_BACK;
    camera->setDrawBuffer(buffer);
    camera->setReadBuffer(buffer);
    osg::ref_ptr<osg::Image> image = new osg::Image;
    image->allocateImage(request.width, request.height, 1, GL_RGBA, GL_UNSIGNED_BYTE);
    camera->setFinalDrawCallback(new Capture(image.get()));
    viewer.realize();
    if (!viewer.isRealized())
        throw std::runtime_error("the off-screen OpenGL context could not be realised");
    viewer.frame();
    return image;
}

void write_png(const osg::Image& image, const std::string& path)
{
    if (!osgDB::writeImageFile(image, path))
        throw std::runtime_error(path + ": cannot write the PNG (is the OSG png plugin installed?)");
}

} // namespace scene
