#include "osg_view.h"

#include <QMouseEvent>
#include <QWheelEvent>
#include <osgDB/DatabasePager>
#include <osgGA/OrbitManipulator>
#include <osgUtil/LineSegmentIntersector>
#include <utility>

#include "county_scene.h"
#include "lazy_compile.h"

namespace ui {
namespace {

// Orbit around the focus point with the left button, pan with the right (or middle), zoom with
// the wheel towards the cursor, tilt with Shift+left; in the 2D map view rotation is disabled.
class PlanningManipulator : public osgGA::OrbitManipulator {
public:
    bool map_view = false;

protected:
    bool performMovementLeftMouseButton(double eventTimeDelta, double dx, double dy) override
    {
        if (map_view)
            return performMovementRightMouseButton(eventTimeDelta, dx, dy);
        return osgGA::OrbitManipulator::performMovementLeftMouseButton(eventTimeDelta, dx, dy);
    }
    bool performMovementRightMouseButton(double, double dx, double dy) override
    {
        const float scale = -0.3F * static_cast<float>(_distance);
        panModel(static_cast<float>(dx) * scale, static_cast<float>(dy) * scale);
        return true;
    }
};

int osg_button(Qt::MouseButton button)
{
    switch (button) {
    case Qt::LeftButton:
        return 1;
    case Qt::MiddleButton:
        return 2;
    case Qt::RightButton:
        return 3;
    default:
        return 0;
    }
}

// While tiles are read, whether the pager has any to merge is asked this often.
constexpr int kPagingPollMilliseconds = 100;

} // namespace

OsgView::OsgView(QWidget* parent) : QOpenGLWidget(parent), viewer_(new osgViewer::Viewer)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 240);
    window_ = viewer_->setUpViewerAsEmbeddedInWindow(0, 0, width(), height());
    viewer_->setThreadingModel(osgViewer::Viewer::SingleThreaded);
    viewer_->setRunFrameScheme(osgViewer::ViewerBase::ON_DEMAND);
    viewer_->getCamera()->setClearColor(osg::Vec4(0.93F, 0.95F, 0.97F, 1.0F));
    viewer_->setCameraManipulator(new PlanningManipulator);
    paging_poll_.setInterval(kPagingPollMilliseconds);
    connect(&paging_poll_, &QTimer::timeout, this, [this] {
        // A frame merges what the pager has read, and asks for what the view needs next; none
        // while it only reads (llvmpipe's frames would take the cores the reads need).
        const osgDB::DatabasePager* pager = viewer_->getDatabasePager();
        if (pager->requiresUpdateSceneGraph() || !pager->getRequestsInProgress())
            update();
    });
}

OsgView::~OsgView() = default;

osgGA::EventQueue* OsgView::events() const
{
    return window_->getEventQueue();
}

void OsgView::set_scene(scene::CountyScene* county)
{
    scene_ = county;
    viewer_->setSceneData(county ? county->root() : nullptr);
    scene::compile_when_drawn(*viewer_);
    go_home();
}

void OsgView::go_home()
{
    if (scene_ == nullptr)
        return;
    const double aspect = static_cast<double>(std::max(width(), 1)) / std::max(height(), 1);
    const geo::Envelope extent = scene_->terrain().extent();
    set_viewpoint(map_view_ ? scene::top_down_view(*scene_, extent, aspect)
                            : scene::oblique_view(*scene_, extent, aspect));
}

void OsgView::set_map_view(bool top_down)
{
    map_view_ = top_down;
    static_cast<PlanningManipulator*>(viewer_->getCameraManipulator())->map_view = top_down;
    go_home();
}

void OsgView::fit_extent(const geo::Envelope& extent)
{
    if (scene_ == nullptr)
        return;
    const double aspect = static_cast<double>(std::max(width(), 1)) / std::max(height(), 1);
    set_viewpoint(map_view_ ? scene::top_down_view(*scene_, extent, aspect)
                            : scene::oblique_view(*scene_, extent, aspect));
}

scene::Viewpoint OsgView::viewpoint() const
{
    osg::Vec3d eye, center, up;
    viewer_->getCameraManipulator()->getInverseMatrix().getLookAt(eye, center, up);
    auto* orbit = static_cast<osgGA::OrbitManipulator*>(viewer_->getCameraManipulator());
    return {eye, orbit->getCenter(), up};
}

void OsgView::set_viewpoint(const scene::Viewpoint& view)
{
    auto* orbit = static_cast<osgGA::OrbitManipulator*>(viewer_->getCameraManipulator());
    orbit->setHomePosition(view.eye, view.center, view.up);
    orbit->setTransformation(view.eye, view.center, view.up);
    viewer_->getCamera()->setViewMatrix(orbit->getInverseMatrix());
    update();
    emit view_changed();
}

void OsgView::initializeGL()
{
    // QOpenGLWidget draws into its own framebuffer object, whose id OSG must bind.
    window_->setDefaultFboId(defaultFramebufferObject());
}

void OsgView::resizeGL(int w, int h)
{
    const int pw = static_cast<int>(w * scale()), ph = static_cast<int>(h * scale());
    events()->windowResize(0, 0, pw, ph);
    window_->resized(0, 0, pw, ph);
    viewer_->getCamera()->setViewport(0, 0, pw, ph);
    viewer_->getCamera()->setProjectionMatrixAsPerspective(scene::kFieldOfViewDegrees,
                                                           static_cast<double>(pw) / std::max(ph, 1), 1.0, 1e7);
}

void OsgView::paintGL()
{
    window_->setDefaultFboId(defaultFramebufferObject());
    viewer_->frame();
    if (scene_ != nullptr)
        emit frame_drawn();
    const osgDB::DatabasePager* pager = viewer_->getDatabasePager();
    if (pager != nullptr && (pager->getRequestsInProgress() || pager->requiresUpdateSceneGraph())) {
        paging_ = true;
        if (!paging_poll_.isActive())
            paging_poll_.start();
    } else if (std::exchange(paging_, false)) {
        paging_poll_.stop();
        emit pages_loaded();
    }
}

void OsgView::keep_paged_nodes(unsigned count)
{
    viewer_->getDatabasePager()->setTargetMaximumNumberOfPageLOD(count);
}

void OsgView::mousePressEvent(QMouseEvent* event)
{
    press_position_ = event->position().toPoint();
    events()->mouseButtonPress(static_cast<float>(event->position().x() * scale()),
                               static_cast<float>(event->position().y() * scale()),
                               static_cast<unsigned>(osg_button(event->button())));
    update();
}

void OsgView::mouseReleaseEvent(QMouseEvent* event)
{
    events()->mouseButtonRelease(static_cast<float>(event->position().x() * scale()),
                                 static_cast<float>(event->position().y() * scale()),
                                 static_cast<unsigned>(osg_button(event->button())));
    // A click (not a drag) identifies what is under the cursor.
    if (event->button() == Qt::LeftButton && (event->position().toPoint() - press_position_).manhattanLength() < 4) {
        if (auto ground = ground_at(event->position().toPoint()); ground && scene_)
            emit clicked(scene_->to_world(*ground).x(), scene_->to_world(*ground).y());
    }
    update();
    emit view_changed();
}

void OsgView::mouseMoveEvent(QMouseEvent* event)
{
    if (event->buttons() != Qt::NoButton) {
        events()->mouseMotion(static_cast<float>(event->position().x() * scale()),
                              static_cast<float>(event->position().y() * scale()));
        update();
    }
    if (scene_) {
        auto ground = ground_at(event->position().toPoint());
        emit hovered(ground ? std::optional<osg::Vec3d>(scene_->to_world(*ground)) : std::nullopt);
    }
}

void OsgView::wheelEvent(QWheelEvent* event)
{
    // Zoom towards the point under the cursor: move the orbit centre a step towards it.
    auto* orbit = static_cast<osgGA::OrbitManipulator*>(viewer_->getCameraManipulator());
    const double factor = event->angleDelta().y() > 0 ? 0.8 : 1.25;
    if (auto target = ground_at(event->position().toPoint()); target && factor < 1)
        orbit->setCenter(orbit->getCenter() + (*target - orbit->getCenter()) * (1 - factor));
    orbit->setDistance(orbit->getDistance() * factor);
    update();
    emit view_changed();
}

void OsgView::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Space || event->key() == Qt::Key_Home) {
        go_home();
        return;
    }
    QOpenGLWidget::keyPressEvent(event);
}

std::optional<osg::Vec3d> OsgView::ground_at(const QPoint& position) const
{
    if (scene_ == nullptr)
        return std::nullopt;
    const double x = position.x() * scale(), y = (height() - position.y()) * scale();
    osg::ref_ptr<osgUtil::LineSegmentIntersector> picker =
        new osgUtil::LineSegmentIntersector(osgUtil::Intersector::WINDOW, x, y);
    osgUtil::IntersectionVisitor visitor(picker.get());
    visitor.setTraversalMask(scene::kTerrainMask);
    viewer_->getCamera()->setViewMatrix(viewer_->getCameraManipulator()->getInverseMatrix());
    viewer_->getCamera()->accept(visitor);
    if (!picker->containsIntersections())
        return std::nullopt;
    return picker->getFirstIntersection().getWorldIntersectPoint();
}

QPointF OsgView::project(const osg::Vec3d& p) const
{
    const osg::Camera* camera = viewer_->getCamera();
    const osg::Matrixd mvpw = viewer_->getCameraManipulator()->getInverseMatrix() * camera->getProjectionMatrix() *
                              camera->getViewport()->computeWindowMatrix();
    const osg::Vec3d window = p * mvpw;
    return {window.x() / scale(), height() - window.y() / scale()};
}

double OsgView::metres_per_pixel() const
{
    return scene::metres_per_pixel(viewpoint(), height());
}

} // namespace ui
