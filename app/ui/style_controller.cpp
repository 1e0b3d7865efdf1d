#include "style_controller.h"

#include <QWidget>
#include <QtConcurrent>

#include "county_scene.h"
#include "county_session.h"
#include "layer_mesh.h"

namespace ui {

struct Restyled {
    const scene::CountyScene* scene; // the county it was built for: dropped if another is shown
    std::string layer;
    scene::LayerStyle style;
    osg::ref_ptr<osg::Group> mesh;
    scene::MeshStats stats;
};

StyleController::StyleController(CountySession& session, QWidget& window) : QObject(&window), session_(session)
{
    connect(&building_, &QFutureWatcher<std::shared_ptr<Restyled>>::finished, this, &StyleController::finish);
}

void StyleController::restyle(const QString& layer_name, const QString& style_field, const QString& label_field)
{
    const scene::SceneLayer* layer = session_.layer(layer_name);
    if (layer == nullptr)
        return;
    scene::LayerStyle style = scene::default_style(layer->name, *layer->table);
    if (!style_field.isEmpty() && !scene::style_by_field(style, *layer->table, style_field.toStdString())) {
        emit message(
            tr("%1 cannot colour this layer: it has one value, or too many that are not numbers").arg(style_field),
            8000);
        return;
    }
    style.label_field = label_field.toStdString();
    restyle_with(layer_name, std::move(style));
}

void StyleController::restyle_with(const QString& layer_name, scene::LayerStyle style)
{
    scene::CountyScene* scene = session_.scene();
    scene::SceneLayer* layer = scene ? scene->layer(layer_name.toStdString()) : nullptr;
    if (layer == nullptr)
        return;
    if (building_.isRunning()) {
        emit message(tr("Still drawing the previous style; choose again in a moment"), 4000);
        return;
    }
    style.opacity = layer->style.opacity;
    // The task holds what it reads: the table and a copy of the terrain, whatever the user opens meanwhile.
    auto result = std::make_shared<Restyled>(Restyled{scene, layer->name, style, {}, {}});
    building_.setFuture(QtConcurrent::run(
        [result, table = layer->table, terrain = scene->terrain(), x = scene->origin_x(), y = scene->origin_y()] {
            result->mesh = scene::build_layer_mesh(*table, result->style, terrain, x, y, result->stats);
            return result;
        }));
}

void StyleController::finish()
{
    std::shared_ptr<Restyled> result = building_.result();
    scene::CountyScene* scene = session_.scene();
    if (scene == nullptr || scene != result->scene || !result->mesh)
        return; // another county is on screen now
    if (scene::SceneLayer* layer = scene->layer(result->layer)) {
        scene->restyle(*layer, result->style, result->mesh, result->stats);
        emit restyled(QString::fromStdString(result->layer));
    }
}

} // namespace ui
