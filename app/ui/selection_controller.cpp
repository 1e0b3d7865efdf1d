#include "selection_controller.h"

#include "county_session.h"
#include "geo/feature_table.h"
#include "osg_view.h"

namespace ui {

SelectionController::SelectionController(CountySession& session, OsgView& view, QObject* parent)
    : QObject(parent), session_(session), view_(view)
{}

void SelectionController::select(const QString& layer, const std::vector<std::size_t>& rows)
{
    auto* scene = session_.scene();
    if (scene == nullptr)
        return;
    const std::string name = layer.toStdString();
    for (auto& each : scene->layers())
        scene->set_selection(*each, each->name == name ? rows : std::vector<std::size_t>{});
    view_.update();
    emit changed(rows.empty() ? QString() : layer, rows);
}

void SelectionController::clear()
{
    select({}, {});
}

bool SelectionController::available() const
{
    return session_.scene() != nullptr;
}

std::vector<std::size_t> SelectionController::rows(const QString& layer_name) const
{
    std::vector<std::size_t> rows;
    const auto* layer = session_.layer(layer_name);
    if (layer == nullptr)
        return rows;
    for (std::size_t row = 0; row < layer->table->size(); ++row)
        if (scene::CountyScene::is_selected(*layer, row))
            rows.push_back(row);
    return rows;
}

std::optional<geo::Envelope> SelectionController::extent() const
{
    if (!session_.scene())
        return std::nullopt;
    for (const auto& layer : session_.scene()->layers()) {
        std::optional<geo::Envelope> bounds;
        for (std::size_t row = 0; row < layer->table->size(); ++row)
            if (scene::CountyScene::is_selected(*layer, row) && layer->table->geometry(row))
                bounds = bounds ? geo::merged(*bounds, layer->table->envelope(row)) : layer->table->envelope(row);
        if (bounds)
            return bounds; // one layer is selected at a time
    }
    return std::nullopt;
}

void SelectionController::highlight(const QString& layer, const std::vector<std::size_t>& rows)
{
    auto* scene = session_.scene();
    if (scene == nullptr)
        return;
    const std::string name = layer.toStdString();
    for (auto& each : scene->layers())
        scene->set_highlight(*each, each->name == name ? rows : std::vector<std::size_t>{});
    view_.update();
}

} // namespace ui
