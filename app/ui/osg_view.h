#pragma once
// The 3D view: an OpenSceneGraph viewer embedded in a QOpenGLWidget (compatibility profile;
// Debian's OSG is a GL2 build). Frames are drawn on demand only: after input, a resize or a
// scene change, and while OSG's DatabasePager reads tiles the view asked for (picture_tiles.h),
// so that they show as they come.
#include <optional>

#include <QOpenGLWidget>
#include <QTimer>
#include <osg/Vec3d>
#include <osg/ref_ptr>
#include <osgViewer/Viewer>

#include "viewpoint.h"

namespace scene {
class CountyScene;
}

namespace ui {

class OsgView : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit OsgView(QWidget* parent = nullptr);
    ~OsgView() override;

    // Shows `scene` (not owned; it must outlive the view or be replaced first).
    void set_scene(scene::CountyScene* scene);
    scene::CountyScene* scene() const { return scene_; } // what is drawn: a county, its preview, or null
    void go_home();                                      // the default oblique view of the whole county
    void set_map_view(bool top_down);                    // north-up 2D map view, or back to 3D
    bool map_view() const { return map_view_; }
    void fit_extent(const geo::Envelope& extent); // zoom to an extent, keeping 2D/3D
    scene::Viewpoint viewpoint() const;
    void set_viewpoint(const scene::Viewpoint& view);

    // The ground point (scene coordinates) under a widget position, if the terrain is there.
    std::optional<osg::Vec3d> ground_at(const QPoint& position) const;
    // Widget position of a scene point, for tests and overlays.
    QPointF project(const osg::Vec3d& scene_point) const;
    // Pixels per metre at the centre of the view (for the scale bar).
    double metres_per_pixel() const;
    // How many paged nodes out of view the DatabasePager keeps (picture_tiles.h: tiles_to_keep).
    void keep_paged_nodes(unsigned count);
    // Whether the pager is reading what the last frame asked for (pages_loaded follows).
    bool paging() const { return paging_; }

signals:
    void clicked(double x, double y);                    // working-CRS position of a left click
    void hovered(std::optional<osg::Vec3d> world_point); // working CRS x, y, terrain height
    void view_changed();
    void frame_drawn();  // after each frame with a county in it
    void pages_loaded(); // the tiles the view asked the DatabasePager for are all on screen

protected:
    void initializeGL() override;
    void resizeGL(int width, int height) override;
    void paintGL() override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    osgGA::EventQueue* events() const;
    double scale() const { return devicePixelRatioF(); }

    osg::ref_ptr<osgViewer::Viewer> viewer_;
    osg::ref_ptr<osgViewer::GraphicsWindowEmbedded> window_;
    scene::CountyScene* scene_ = nullptr;
    bool map_view_ = false;
    QPoint press_position_;
    QTimer paging_poll_; // while the pager reads: a frame once it has read something
    bool paging_ = false;
};

} // namespace ui
