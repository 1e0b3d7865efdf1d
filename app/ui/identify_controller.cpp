#include "identify_controller.h"

#include "county_session.h"
#include "geo/compliance.h"
#include "geo/feature_table.h"
#include "geo/roles.h"
#include "identify_dock.h"
#include "osg_view.h"
#include "selection_controller.h"

namespace ui {

IdentifyController::IdentifyController(CountySession& session, OsgView& view, IdentifyDock& dock,
                                       SelectionController& selection, QObject* parent)
    : QObject(parent), session_(session), view_(view), dock_(dock), selection_(selection)
{
    connect(&session_, &CountySession::shown, this, [this] { pending_click_.reset(); });
    connect(&session_, &CountySession::analysed, this, &IdentifyController::answer_pending);
}

void IdentifyController::answer_pending()
{
    if (!pending_click_)
        return;
    const auto [x, y] = *pending_click_;
    pending_click_.reset();
    if (session_.analysis() != nullptr) // otherwise the analysis failed: the status bar says why
        identify_at(x, y);
}

void IdentifyController::identify_at(double x, double y)
{
    auto* scene = session_.scene();
    if (scene == nullptr)
        return;
    if (session_.analysing()) {
        // Picking needs the spatial indexes, still being built: answer when they are ready
        // rather than freeze the window.
        pending_click_ = {x, y};
        emit message(tr("Still indexing; the feature will be identified in a moment"), 3000);
        return;
    }
    try {
        const double tolerance = 4 * view_.metres_per_pixel();
        auto& layers = scene->layers();
        for (auto it = layers.rbegin(); it != layers.rend(); ++it) { // topmost first
            const scene::SceneLayer& layer = **it;
            if (!layer.visible || !layer.style.pickable)
                continue;
            const auto rows = scene::rows_under(layer, x, y, tolerance);
            if (rows.empty())
                continue;
            const std::size_t row = rows.front();
            std::optional<geo::ParcelCheck> check;
            const auto* analysis = session_.analysis();
            if (geo::standard_name_of(layer.name) == "parcels" && analysis && analysis->overlays) {
                // A GEOS failure on one parcel is said in the status bar; the rest is shown.
                try {
                    check.emplace();
                    check_parcel(*check, geo::clone(*layer.table->geometry(row)), *analysis->overlays,
                                 geo::CheckOptions{});
                } catch (const std::exception& e) {
                    check.reset();
                    emit message(
                        tr("Overlaps of this parcel could not be computed: %1").arg(QString::fromUtf8(e.what())), 8000);
                }
            }
            dock_.show_feature(*layer.table, row, check ? &*check : nullptr);
            selection_.select(QString::fromStdString(layer.name), {row});
            return;
        }
        dock_.clear();
        selection_.clear();
    } catch (const std::exception& e) { // never out of a Qt slot
        emit message(tr("Cannot identify here: %1").arg(QString::fromUtf8(e.what())), 8000);
    }
}

} // namespace ui
