#include "picture_view_controller.h"

#include <QtConcurrent>
#include <algorithm>

#include "background_priority.h"
#include "county_loader.h"
#include "county_preview.h"
#include "county_scene.h"
#include "geo/feature_table.h"
#include "identify_dock.h"
#include "layer_picture.h"
#include "offscreen.h"
#include "osg_view.h"
#include "source_pick.h"

namespace ui {
namespace {

// How long the camera rests before its picture is drawn: a drag or a wheel turn is over.
constexpr int kSettleMilliseconds = 400;
// A view's picture is at most this many texels a side (64 MB of colours; GDAL's raster twice
// that): an oblique view to the horizon asks for more than its pixels show.
constexpr int kMostTexels = 4096;
// The feature identified, outlined as the 3D county's selection is striped.
const osg::Vec4 kSelectionCyan(0.0F, 0.85F, 1.0F, 1.0F);

} // namespace

PictureViewController::PictureViewController(OsgView& view, IdentifyDock& identify, QObject* parent)
    : QObject(parent), view_(view), identify_(identify)
{
    settle_.setSingleShot(true);
    settle_.setInterval(kSettleMilliseconds);
    connect(&settle_, &QTimer::timeout, this, &PictureViewController::draw_view);
    connect(&view_, &OsgView::view_changed, this, [this] {
        if (!active())
            return;
        cancel_ = true; // what was being drawn is no longer what the camera sees
        settle_.start();
    });
    connect(&drawing_, &QFutureWatcher<osg::ref_ptr<osg::Group>>::finished, this, &PictureViewController::show_drawn);
    connect(&whole_, &QFutureWatcher<osg::ref_ptr<osg::Group>>::finished, this, [this] {
        osg::ref_ptr<osg::Group> picture = whole_.result();
        if (!active() || !picture)
            return;
        scene_->replace_backdrop(scene::kPreviewBackdrop, picture);
        view_.update();
    });
}

PictureViewController::~PictureViewController()
{
    stop();
}

void PictureViewController::start(std::shared_ptr<scene::CountyPreview> preview, scene::CountyScene& scene)
{
    stop();
    preview_ = std::move(preview);
    scene_ = &scene;
    // Above the whole county's picture, empty until the first view is drawn.
    backdrop_ = scene_->add_backdrop(new osg::Group, 1.0F);
    settle_.start();
}

void PictureViewController::stop()
{
    settle_.stop();
    cancel_ = true;
    drawing_.waitForFinished();
    whole_.waitForFinished();
    whole_stale_ = false;
    scene_ = nullptr;
    preview_.reset();
    pick_layers_.reset();
}

void PictureViewController::identify_at(double x, double y)
{
    if (!active())
        return;
    try {
        const auto picked =
            scene::pick_from_sources(pick_layers(), preview_->layers->styles, x, y, 4 * view_.metres_per_pixel());
        if (picked) {
            identify_.show_feature(*picked->table, picked->row, nullptr);
            mark(picked->table->geometry(picked->row));
        } else {
            identify_.clear();
            mark(nullptr);
        }
    } catch (const std::exception& e) { // never out of a Qt slot
        emit message(tr("Cannot identify here: %1").arg(QString::fromUtf8(e.what())), 8000);
    }
}

void PictureViewController::set_layer_visible(const QString& name, bool visible)
{
    if (!active())
        return;
    {
        scene::PreviewLayers& layers = *preview_->layers;
        const std::lock_guard lock(layers.hiding);
        if (visible)
            layers.hidden.erase(name.toStdString());
        else
            layers.hidden.insert(name.toStdString());
    }
    cancel_ = true; // the view being drawn shows the layers as they were
    settle_.start();
    whole_stale_ = true; // drawn again once the view is (show_drawn)
}

void PictureViewController::draw_whole()
{
    whole_stale_ = false;
    // From the cache, or every feature again: after the view's picture, which the user waits for.
    whole_.setFuture(QtConcurrent::run([layers = preview_->layers, area = scene_->terrain().extent(),
                                        x = scene_->origin_x(), y = scene_->origin_y()]() -> osg::ref_ptr<osg::Group> {
        const scene::BackgroundPriority below_the_frames;
        try {
            return scene::preview_of_area(*layers, area, scene::kTerrainFillTexels, x, y, nullptr);
        } catch (const std::exception&) {
            return nullptr; // the source went away: the picture stays as it was
        }
    }));
}

const scene::LayersToShow& PictureViewController::pick_layers()
{
    if (!pick_layers_)
        pick_layers_ = std::make_unique<scene::LayersToShow>(scene::find_layers_to_show(preview_->layers->options));
    return *pick_layers_;
}

void PictureViewController::show_feature(const std::string& path, const std::string& layer, long long fid)
{
    if (!active())
        return;
    try {
        const scene::LayersToShow& layers = pick_layers();
        const auto found = std::find_if(layers.layers.begin(), layers.layers.end(), [&](const scene::LayerToShow& l) {
            return l.source->path() == path && l.layer->GetName() == layer;
        });
        if (found == layers.layers.end())
            return;
        const auto picked =
            scene::feature_from_source(layers, static_cast<std::size_t>(found - layers.layers.begin()), fid);
        if (!picked) {
            emit message(tr("Feature %1 of %2 has no geometry to show").arg(fid).arg(QString::fromStdString(layer)),
                         8000);
            return;
        }
        // The feature with as much again around it, and at least a few hundred metres: where it lies.
        geo::Envelope around = picked->table->envelope(picked->row);
        const double margin = std::max({around.max_x - around.min_x, around.max_y - around.min_y, 200.0});
        around = {around.min_x - margin, around.min_y - margin, around.max_x + margin, around.max_y + margin};
        view_.fit_extent(around);
        identify_.show_feature(*picked->table, picked->row, nullptr);
        mark(picked->table->geometry(picked->row));
    } catch (const std::exception& e) { // never out of a Qt slot
        emit message(tr("Cannot show this feature: %1").arg(QString::fromUtf8(e.what())), 8000);
    }
}

void PictureViewController::mark(const GEOSGeometry* geometry)
{
    std::vector<scene::CountyScene::Mark> marks;
    if (geometry != nullptr)
        for (auto& ring : geo::rings_of(*geometry))
            marks.push_back({std::move(ring), kSelectionCyan});
    scene_->set_marks(marks);
    view_.update();
}

void PictureViewController::draw_view()
{
    if (!active())
        return;
    if (drawing_.isRunning()) { // cancelled; drawn again once it has stopped
        settle_.start();
        return;
    }
    scene::RenderRequest request;
    const qreal ratio = view_.devicePixelRatioF();
    request.width = std::max(1, static_cast<int>(view_.width() * ratio));
    request.height = std::max(1, static_cast<int>(view_.height() * ratio));
    request.view = view_.viewpoint();
    scene::PictureFrame frame = scene::picture_frame(*scene_, request);
    frame.texels = std::min(frame.texels, kMostTexels);
    drawn_area_ = frame.area;
    cancel_ = false;
    drawing_.setFuture(QtConcurrent::run([layers = preview_->layers, frame, x = scene_->origin_x(),
                                          y = scene_->origin_y(), cancel = &cancel_]() -> osg::ref_ptr<osg::Group> {
        const scene::BackgroundPriority below_the_frames;
        try {
            return scene::preview_of_area(*layers, frame.area, frame.texels, x, y, cancel);
        } catch (const std::exception&) {
            return nullptr; // cancelled, or the source went away: the whole county's picture stays
        }
    }));
}

void PictureViewController::show_drawn()
{
    osg::ref_ptr<osg::Group> picture = drawing_.result();
    if (!active() || !picture || cancel_)
        return;
    scene_->replace_backdrop(backdrop_, picture);
    // The whole county's picture shows around it only (through gaps between features it
    // would blur what is sharp).
    scene_->hide_backdrop_within(scene::kPreviewBackdrop, drawn_area_);
    view_.update();
    if (whole_stale_)
        draw_whole();
    emit drawn();
}

} // namespace ui
