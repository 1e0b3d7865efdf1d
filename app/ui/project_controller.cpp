#include "project_controller.h"

#include <QFileDialog>
#include <QWidget>
#include <algorithm>

#include "county_loader.h"
#include "county_session.h"
#include "geo/bookmarks.h"
#include "geo/error.h"
#include "osg_view.h"

namespace ui {

ProjectController::ProjectController(CountySession& session, OsgView& view, QWidget& window,
                                     std::function<void(scene::LoadOptions)> open_county)
    : QObject(&window), session_(session), view_(view), window_(window), open_county_(std::move(open_county))
{}

void ProjectController::open_dialog()
{
    const QString path =
        QFileDialog::getOpenFileName(&window_, tr("Open project"), {}, tr("PlanView projects (*.pvproj)"));
    if (!path.isEmpty())
        open(path);
}

void ProjectController::save_dialog()
{
    if (!session_.has_county())
        return;
    QString path = QFileDialog::getSaveFileName(&window_, tr("Save project"), {}, tr("PlanView projects (*.pvproj)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QString::fromLatin1(geo::kProjectExtension)))
        path += QString::fromLatin1(geo::kProjectExtension);
    save(path);
}

bool ProjectController::open(const QString& path)
{
    geo::Project project;
    try {
        project = geo::load_project(path.toStdString());
    } catch (const geo::Error& e) {
        emit message(QString::fromUtf8(e.what()), 10000);
        return false;
    }
    scene::LoadOptions options;
    options.sources = project.sources;
    options.dem = project.dem;
    options.targets = project.targets;
    options.layer_settings = project.layers;
    emit review_db_opened(QString::fromStdString(project.review_db));
    pending_ = std::move(project);
    open_county_(std::move(options));
    return true;
}

geo::Project ProjectController::current() const
{
    geo::Project project;
    const scene::LoadedCounty& county = session_.data()->county;
    project.sources = county.sources;
    // A city's mosaic of its counties' DEMs lives in memory; opened again, it is made again.
    project.dem = county.dem_path.starts_with("/vsimem/") ? std::string() : county.dem_path;
    project.targets = county.targets_path;
    project.bookmarks = geo::bookmarks_path(session_.primary_path());
    if (review_db_)
        project.review_db = review_db_().toStdString();
    auto& scene = *session_.scene();
    for (const auto& layer : scene.layers())
        project.layers.push_back(
            {layer->name, layer->visible, layer->style.opacity, layer->style.field, layer->style.label_field});
    const scene::Viewpoint view = view_.viewpoint();
    auto world = [&](const osg::Vec3d& p) {
        const osg::Vec3d w = scene.to_world(p);
        return std::array<double, 3>{w.x(), w.y(), w.z()};
    };
    project.camera = geo::ProjectCamera{world(view.eye), world(view.center), {view.up.x(), view.up.y(), view.up.z()}};
    return project;
}

bool ProjectController::save(const QString& path)
{
    if (!session_.has_county())
        return false;
    try {
        geo::save_project(current(), path.toStdString());
    } catch (const geo::Error& e) {
        emit message(QString::fromUtf8(e.what()), 10000);
        return false;
    }
    emit message(tr("Saved the project %1").arg(path), 5000);
    return true;
}

void ProjectController::apply_pending()
{
    if (!pending_ || !session_.has_county())
        return;
    const geo::Project project = std::move(*pending_);
    pending_.reset();
    auto& scene = *session_.scene();
    std::size_t position = 0;
    for (const auto& saved : project.layers) {
        scene::SceneLayer* layer = scene.layer(saved.name);
        if (layer == nullptr)
            continue; // the data changed since: the layers it still has keep their settings
        scene.set_visible(*layer, saved.visible);
        scene.set_opacity(*layer, static_cast<float>(std::clamp(saved.opacity, 0.0, 1.0)));
        scene.set_order(*layer, position++);
    }
    if (project.camera) {
        auto local = [&](const std::array<double, 3>& p) { return scene.to_scene(p[0], p[1], p[2]); };
        view_.set_viewpoint({local(project.camera->eye), local(project.camera->center),
                             osg::Vec3d(project.camera->up[0], project.camera->up[1], project.camera->up[2])});
    }
}

} // namespace ui
