#include "picture_view_controller.h"

#include <QtConcurrent>
#include <algorithm>
#include <utility>

#include "background_priority.h"
#include "county_loader.h"
#include "county_preview.h"
#include "county_scene.h"
#include "geo/feature_table.h"
#include "identify_dock.h"
#include "osg_view.h"
#include "source_pick.h"

namespace ui {
namespace {

// The feature identified and those selected, outlined as the 3D county's selection is striped.
const osg::Vec4 kSelectionCyan(0.0F, 0.85F, 1.0F, 1.0F);
// A selection is outlined on the map up to this many features (each read from its source and
// draped as a bold line; a query's result may hold a county's hundred thousand parcels).
constexpr std::size_t kMostOutlined = 2000;

} // namespace

PictureViewController::PictureViewController(OsgView& view, IdentifyDock& identify, QObject* parent)
    : QObject(parent), view_(view), identify_(identify)
{
    connect(&view_, &OsgView::pages_loaded, this, &PictureViewController::tiles_loaded);
    connect(&view_, &OsgView::view_changed, this, &PictureViewController::follow_camera);
    connect(&view_, &OsgView::frame_drawn, this, [this] {
        if (active() && std::exchange(first_frame_, false) && !view_.paging())
            tiles_loaded(); // the first view needed no tile: the whole county's picture is its own
    });
    connect(&outlining_, &QFutureWatcher<std::vector<scene::Ring>>::finished, this, [this] {
        if (!active() || outlining_cancel_)
            return;
        selected_rings_ = outlining_.result();
        show_marks();
        emit outlined();
    });
    connect(&whole_, &QFutureWatcher<osg::ref_ptr<osg::Group>>::finished, this, [this] {
        osg::ref_ptr<osg::Group> picture = whole_.result();
        if (!active() || !picture)
            return;
        preview_->fills = picture;
        scene_->replace_backdrop(scene::kPreviewBackdrop, picture);
        show_whole(picture);
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
    view_.keep_paged_nodes(scene::tiles_to_keep(preview_->layers->options.memory_budget));
    backdrop_ = scene_->add_backdrop(new osg::Group, 1.0F);
    plant_tiles();
    // The tiles' coarse levels draw the whole county's picture: the backdrop it was in, nowhere.
    scene_->hide_backdrop(scene::kPreviewBackdrop);
    first_frame_ = true;
    view_.update();
}

void PictureViewController::plant_tiles()
{
    tiles_ = std::make_unique<scene::PictureTiles>(preview_->layers, scene_->terrain(), scene_->terrain_surface(),
                                                   scene_->origin_x(), scene_->origin_y(), *preview_->fills);
    osg::ref_ptr<osg::Group> tree = new osg::Group;
    tree->addChild(tiles_->root());
    scene_->replace_backdrop(backdrop_, tree);
    follow_camera();
}

void PictureViewController::follow_camera()
{
    if (!active())
        return;
    const osg::Vec3d looked_at = scene_->to_world(view_.viewpoint().center);
    // The tiles' texels meet the framebuffer's pixels, not the widget's.
    tiles_->look_at(looked_at.x(), looked_at.y(), view_.metres_per_pixel() / view_.devicePixelRatioF());
}

void PictureViewController::stop()
{
    outlining_cancel_ = true;
    outlining_.waitForFinished();
    selected_rings_.clear();
    identified_.clear();
    selected_ = 0;
    if (tiles_) {
        scene_->replace_backdrop(backdrop_, new osg::Group); // nothing more asked of the pager
        tiles_.reset();                                      // and its reads in flight stop
    }
    whole_.waitForFinished();
    whole_stale_ = false;
    first_frame_ = false;
    scene_ = nullptr;
    preview_.reset();
    pick_layers_.reset();
}

void PictureViewController::show_whole(const osg::ref_ptr<osg::Group>& fills)
{
    if (!active() || !fills)
        return;
    tiles_->whole_changed(*fills);
    view_.update();
}

void PictureViewController::tiles_loaded()
{
    if (!active())
        return;
    first_frame_ = false;
    if (const std::string error = tiles_->take_error(); !error.empty())
        emit message(tr("Cannot draw part of the view: %1").arg(QString::fromStdString(error)), 8000);
    if (whole_stale_) // after the view, which the user waits for
        draw_whole();
    emit drawn();
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
    plant_tiles();       // the tiles read so far show the layers as they were
    whole_stale_ = true; // drawn again once the tiles in view are (tiles_loaded)
    view_.update();
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
    identified_.clear();
    if (geometry != nullptr)
        identified_ = geo::rings_of(*geometry);
    show_marks();
}

void PictureViewController::show_marks()
{
    std::vector<scene::CountyScene::Mark> marks;
    for (const auto* rings : {&selected_rings_, &identified_})
        for (const scene::Ring& ring : *rings)
            marks.push_back({ring, kSelectionCyan});
    scene_->set_marks(marks);
    view_.update();
}

std::optional<geo::Envelope> PictureViewController::selection_extent() const
{
    std::optional<geo::Envelope> extent;
    for (const scene::Ring& ring : selected_rings_)
        for (const auto& [x, y] : ring)
            extent = extent ? geo::merged(*extent, {x, y, x, y}) : geo::Envelope{x, y, x, y};
    return extent;
}

void PictureViewController::select(const SourceSelection& features)
{
    if (!active())
        return;
    outlining_cancel_ = true; // a selection being outlined is no longer the selection
    outlining_.waitForFinished();
    outlining_cancel_ = false;
    const std::size_t count = features.size();
    selected_ = static_cast<int>(count);
    SourceSelection outlined = features;
    if (count > kMostOutlined) {
        emit message(tr("%1 features selected: the first %2 are outlined on the map").arg(count).arg(kMostOutlined),
                     8000);
        std::size_t left = kMostOutlined;
        for (SourceFeatures& part : outlined.sources) {
            part.fids.resize(std::min(part.fids.size(), left));
            left -= part.fids.size();
        }
    }
    // Read on its own GDAL handles: a click's identify never waits for it.
    outlining_.setFuture(QtConcurrent::run([options = preview_->layers->options, outlined = std::move(outlined),
                                            cancel = &outlining_cancel_]() -> std::vector<scene::Ring> {
        const scene::BackgroundPriority below_the_frames;
        std::vector<scene::Ring> rings;
        try {
            const scene::LayersToShow layers = scene::find_layers_to_show(options);
            for (const SourceFeatures& part : outlined.sources)
                for (std::size_t i = 0; i < layers.layers.size(); ++i)
                    if (!part.fids.empty() && layers.layers[i].source->path() == part.path &&
                        layers.layers[i].layer->GetName() == outlined.layer) {
                        std::vector<scene::Ring> more = scene::outlines_from_source(layers, i, part.fids, cancel);
                        rings.insert(rings.end(), std::make_move_iterator(more.begin()),
                                     std::make_move_iterator(more.end()));
                    }
        } catch (const std::exception&) { // a source went away: what was read is outlined
        }
        return rings;
    }));
}

} // namespace ui
