// Viewer benchmark: for a county GeoPackage, the time GDAL alone takes to read the parcels, the
// scene build (read + triangulate + assemble), the first frame and the median frame time at
// 1920×1080 with everything in view (Mesa llvmpipe through EGL, or a GPU when there is one),
// draw calls, a pick's median time, the attribute table's sort, the target ledger's what-if
// update, the background analysis after the first frame, and peak memory.
// Usage: viewer_bench COUNTY.gpkg
//        viewer_bench --gdal-read COUNTY.gpkg   (only GDAL's read of the parcels, or of a
//        source's only layer, for bench/whole_process.sh to set whole-process times against)
//        viewer_bench --per-layer COUNTY.gpkg   (also each layer's share of the frame time)
//        viewer_bench --preview COUNTY.gpkg     (the county's first picture: GDAL's read, each
//        layer rasterised, its first frame, frames while its dense layers fill in)
//        viewer_bench --tiles SOURCE...         (a county or city viewed as pictures, tile by
//        tile through OSG's DatabasePager: a zoom to its county seat, frames while tiles stream)
//        viewer_bench --source-table SOURCE...  (the attribute table of the parcels of a county or
//        city viewed as pictures: its rows read, filtered and sorted by the sources)
//        viewer_bench --query SOURCE...         (the query panel's "parcels intersects
//        eco_redline" over a county or city, as the viewer runs it, then with the local engine)
#include <QEventLoop>
#include <QGuiApplication>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <future>
#include <mutex>
#include <random>
#include <sys/resource.h>
#include <thread>

#include <osgDB/DatabasePager>
#include <osgUtil/LineSegmentIntersector>
#include <osgViewer/Viewer>

#include "background_priority.h"
#include "county_analysis.h"
#include "county_loader.h"
#include "county_preview.h"
#include "county_scene.h"
#include "county_session.h"
#include "egl_context.h"
#include "feature_table_model.h"
#include "geo/compliance.h"
#include "geo/feature_table.h"
#include "geo/ledger.h"
#include "geo/query.h"
#include "geo/vector_source.h"
#include "layer_picture.h"
#include "lazy_compile.h"
#include "picture_tiles.h"
#include "review_controller.h"
#include "source_pick.h"
#include "source_rows.h"
#include "viewpoint.h"

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

long peak_mb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

// What a click at window (x, y) does in the viewer: the ray to the terrain, then the topmost
// visible pickable layer with a feature there, and for a parcel its overlaps for identify.
// Returns the layer hit (null for none).
const scene::SceneLayer* click_at(scene::CountyScene& view_scene, osg::Camera& camera, double x, double y,
                                  double tolerance, const scene::CountyAnalysis& analysis)
{
    osg::ref_ptr<osgUtil::LineSegmentIntersector> picker =
        new osgUtil::LineSegmentIntersector(osgUtil::Intersector::WINDOW, x, y);
    osgUtil::IntersectionVisitor visitor(picker.get());
    visitor.setTraversalMask(scene::kTerrainMask);
    camera.accept(visitor);
    if (!picker->containsIntersections())
        return nullptr;
    const osg::Vec3d ground = view_scene.to_world(picker->getFirstIntersection().getWorldIntersectPoint());
    const auto& layers = view_scene.layers();
    for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
        const scene::SceneLayer& layer = **it;
        if (!layer.visible || !layer.style.pickable)
            continue;
        const auto rows = scene::rows_under(layer, ground.x(), ground.y(), tolerance);
        if (rows.empty())
            continue;
        if (layer.name == "parcels" && analysis.overlays) {
            geo::ParcelCheck check;
            geo::check_parcel(check, geo::clone(*layer.table->geometry(rows.front())), *analysis.overlays,
                              geo::CheckOptions{});
        }
        return &layer;
    }
    return nullptr;
}

} // namespace

// Frames at 1920×1080 into an FBO through EGL, the whole county in view from the south.
class FrameTimer {
public:
    explicit FrameTimer(scene::CountyScene& view_scene)
    {
        viewer_.setThreadingModel(osgViewer::Viewer::SingleThreaded);
        viewer_.setUpViewerAsEmbeddedInWindow(0, 0, 1920, 1080);
        viewer_.setSceneData(view_scene.root());
        scene::compile_when_drawn(viewer_);
        osg::Camera* camera = viewer_.getCamera();
        camera->setViewport(0, 0, 1920, 1080);
        camera->setProjectionMatrixAsPerspective(scene::kFieldOfViewDegrees, 1920.0 / 1080.0, 1.0, 1e7);
        image_->allocateImage(1920, 1080, 1, GL_RGBA, GL_UNSIGNED_BYTE);
        camera->setRenderTargetImplementation(osg::Camera::FRAME_BUFFER_OBJECT);
        camera->attach(osg::Camera::COLOR_BUFFER, image_.get());
        camera->attach(osg::Camera::DEPTH_BUFFER, GL_DEPTH_COMPONENT24);
        view_ = scene::oblique_view(view_scene, view_scene.terrain().extent(), 1920.0 / 1080.0);
        camera->setViewMatrix(view_.view_matrix());
        viewer_.realize();
    }
    // The camera turned `degrees` more about the view's centre, as a user orbiting it would.
    void turn(double degrees)
    {
        turned_ += degrees;
        const osg::Matrixd turn = osg::Matrixd::rotate(osg::DegreesToRadians(turned_), osg::Vec3d(0, 0, 1));
        viewer_.getCamera()->setViewMatrix(osg::Matrixd::translate(-view_.center) * turn *
                                           osg::Matrixd::translate(view_.center) * view_.view_matrix());
    }
    void look(const scene::Viewpoint& view)
    {
        view_ = view;
        turned_ = 0;
        viewer_.getCamera()->setViewMatrix(view.view_matrix());
    }
    // Whether the pager is reading tiles the last frame asked for, or has some to merge.
    bool paging()
    {
        const osgDB::DatabasePager* pager = viewer_.getDatabasePager();
        return pager->getRequestsInProgress() || pager->requiresUpdateSceneGraph();
    }
    double frame_ms()
    {
        const auto start = Clock::now();
        viewer_.frame();
        return ms_since(start);
    }
    osgViewer::Viewer& viewer() { return viewer_; }
    const scene::Viewpoint& view() const { return view_; }

private:
    scene::EglContext context_;
    osgViewer::Viewer viewer_;
    osg::ref_ptr<osg::Image> image_ = new osg::Image;
    scene::Viewpoint view_;
    double turned_ = 0;
};

// The county's first picture (county_preview.h) as the viewer shows it while the county loads:
// its few-feature layers, its first frame, then frames drawn one after another (the camera
// turning a degree a frame) while the dense layers fill in, each new picture put in as it comes.
// Three runs, each beside GDAL's own read of the parcels.
int bench_preview(scene::LoadOptions options, const std::function<double()>& gdal_read)
{
    std::vector<double> gdal_runs, started_runs, first_frame_runs, whole_runs, streaming_frames;
    for (int run = 0; run < 3; ++run) {
        gdal_runs.push_back(gdal_read());
        const auto start = Clock::now();
        auto last = start;
        std::string stage = "open, DEM";
        options.progress = [&](const std::string& next, double) {
            std::printf("  %-24s %.0f ms\n", stage.c_str(), ms_since(last));
            stage = next;
            last = Clock::now();
        };
        // On a thread of its own, as the viewer makes it (glibc's per-thread arenas change its speed).
        scene::CountyPreview picture =
            std::async(std::launch::async, [&] { return scene::start_preview(options); }).get();
        started_runs.push_back(ms_since(start));
        auto view_scene = scene::assemble_preview(picture);
        FrameTimer frames(*view_scene);
        first_frame_runs.push_back(frames.frame_ms());
        std::mutex latest_mutex;
        osg::ref_ptr<osg::Group> latest;
        auto finishing = std::async(std::launch::async, [&] {
            const scene::BackgroundPriority below_the_frames; // as the viewer draws it
            return scene::finish_preview(picture, options, [&](osg::ref_ptr<osg::Group> so_far) {
                const std::lock_guard lock(latest_mutex);
                latest = std::move(so_far);
            });
        });
        std::vector<double> these;
        int pictures = 0;
        while (finishing.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
            {
                const std::lock_guard lock(latest_mutex);
                if (latest) {
                    view_scene->replace_backdrop(scene::kPreviewBackdrop, std::exchange(latest, nullptr));
                    ++pictures;
                }
            }
            frames.turn(1.0);
            these.push_back(frames.frame_ms());
        }
        view_scene->replace_backdrop(scene::kPreviewBackdrop, finishing.get());
        std::printf("  %-24s %.0f ms\n", stage.c_str(), ms_since(last));
        whole_runs.push_back(ms_since(start) + frames.frame_ms());
        std::printf("run %d: GDAL read %.0f ms; few-feature layers %.0f ms, their first frame %.0f ms; whole picture "
                    "on screen %.0f ms; %zu frames while it filled in (%d pictures put in): median %.0f ms, longest "
                    "%.0f ms\n",
                    run + 1, gdal_runs.back(), started_runs.back(), first_frame_runs.back(), whole_runs.back(),
                    these.size(), pictures, these.empty() ? 0.0 : median(these),
                    these.empty() ? 0.0 : *std::max_element(these.begin(), these.end()));
        streaming_frames.insert(streaming_frames.end(), these.begin(), these.end());
    }
    const double gdal = median(gdal_runs), first = median(started_runs) + median(first_frame_runs);
    std::printf("medians: GDAL read %.0f ms; first frame (few-feature layers) %.0f ms after the start (%.1fx the "
                "read); whole picture %.0f ms (%.1fx); frames while it filled in: median %.0f ms, longest %.0f ms; "
                "peak %ld MB\n",
                gdal, first, first / gdal, median(whole_runs), median(whole_runs) / gdal,
                streaming_frames.empty() ? 0.0 : median(streaming_frames),
                streaming_frames.empty() ? 0.0 : *std::max_element(streaming_frames.begin(), streaming_frames.end()),
                peak_mb());
    return 0;
}

// A county viewed as pictures (too large to mesh), tile by tile (scene/picture_tiles.h), as the
// viewer shows it: OSG's DatabasePager reads the tiles each view asks for, and a frame is drawn
// whenever it has some to merge (asked every 100 ms), as OsgView does. The camera zooms from the
// whole county (or city) to 250 m over its (first county's) county seat (the middle of its
// renewal zones) in 12 steps, each
// step waited on until every tile it asks for is on screen. Then, with none read yet, the same
// close-up in one jump, against the one picture of that view drawn in one go (the viewer's way
// before the tiles).
int bench_tiles(scene::LoadOptions options)
{
    auto start = Clock::now();
    scene::CountyPreview preview = scene::preview_county(options);
    std::printf("whole picture (every layer, %d texels): %.0f ms\n", scene::kTerrainFillTexels, ms_since(start));
    auto view_scene = scene::assemble_preview(preview);
    const std::size_t backdrop = view_scene->add_backdrop(new osg::Group, 1.0F);
    view_scene->hide_backdrop(scene::kPreviewBackdrop);
    auto plant = [&] {
        auto tiles =
            std::make_unique<scene::PictureTiles>(preview.layers, view_scene->terrain(), view_scene->terrain_surface(),
                                                  view_scene->origin_x(), view_scene->origin_y(), *preview.fills);
        osg::ref_ptr<osg::Group> tree = new osg::Group;
        tree->addChild(tiles->root());
        view_scene->replace_backdrop(backdrop, tree);
        return tiles;
    };
    auto tiles = plant();
    FrameTimer frames(*view_scene);
    const std::size_t budget = std::size_t{1} << 30;
    frames.viewer().getDatabasePager()->setTargetMaximumNumberOfPageLOD(scene::tiles_to_keep(budget));
    std::vector<double> streaming;
    std::function<bool()> watch_centre; // when set, until_sharp notes when it is first true
    std::optional<double> centre_sharp;
    // Frames as the viewer draws them until the pager has nothing left to read: the time.
    auto until_sharp = [&] {
        const auto begun = Clock::now();
        frames.frame_ms();
        while (frames.paging()) {
            if (frames.viewer().getDatabasePager()->requiresUpdateSceneGraph()) {
                streaming.push_back(frames.frame_ms());
                if (watch_centre && !centre_sharp && watch_centre())
                    centre_sharp = ms_since(begun);
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
        return ms_since(begun);
    };
    until_sharp();

    std::optional<geo::Envelope> zones;
    const scene::PreviewLayers& layers = *preview.layers;
    for (std::size_t i = 0; i < layers.found.layers.size(); ++i) // a city's: its first county's
        if (layers.found.layers[i].layer->GetName() == std::string("renewal_zones") &&
            layers.found.layers[i].source == layers.found.layers.front().source && layers.extents[i])
            zones = zones ? geo::merged(*zones, *layers.extents[i]) : *layers.extents[i];
    const geo::Envelope county = view_scene->terrain().extent();
    const geo::Envelope seat = zones.value_or(county);
    const double cx = (seat.min_x + seat.max_x) / 2, cy = (seat.min_y + seat.max_y) / 2;
    const double widest = std::max(county.max_x - county.min_x, county.max_y - county.min_y) / 2, closest = 250;
    const double aspect = 1920.0 / 1080.0;
    auto view_of = [&](double half) {
        return scene::oblique_view(*view_scene, {cx - half, cy - half, cx + half, cy + half}, aspect);
    };
    // As the viewer does: the camera moved, and the tiles told where it looks.
    auto look = [&](const scene::Viewpoint& view) {
        frames.look(view);
        const osg::Vec3d looked_at = view_scene->to_world(view.center);
        tiles->look_at(looked_at.x(), looked_at.y(), scene::metres_per_pixel(view, 1080));
    };
    double flight = 0;
    constexpr int kSteps = 12;
    for (int step = 0; step < kSteps; ++step) {
        const double half = widest * std::pow(closest / widest, static_cast<double>(step) / (kSteps - 1));
        look(view_of(half));
        const double ms = until_sharp();
        flight += ms;
        std::printf("  view %5.0f m across: sharp after %6.0f ms, %5d tiles drawn so far\n", 2 * half, ms,
                    tiles->tiles_drawn());
    }
    std::sort(streaming.begin(), streaming.end());
    auto share = [&](double fraction) {
        return streaming.empty() ? 0.0 : streaming[static_cast<std::size_t>(fraction * (streaming.size() - 1))];
    };
    std::printf("zoom in 12 steps: %.0f ms waiting on tiles, %d tiles drawn; frames while they streamed: %zu, "
                "median %.0f ms, 90%% under %.0f ms, longest %.0f ms; peak %ld MB\n",
                flight, tiles->tiles_drawn(), streaming.size(), share(0.5), share(0.9), share(1.0), peak_mb());

    // The close-up in one jump, no tile read yet; against one picture of that view.
    const int centre_level = tiles->finest_level_at(cx, cy);
    tiles = plant();
    look(view_of(widest));
    until_sharp();
    const int before = tiles->tiles_drawn();
    look(view_of(closest));
    centre_sharp = {};
    watch_centre = [&] { return tiles->finest_level_at(cx, cy) >= centre_level; };
    const double jump = until_sharp();
    scene::RenderRequest request;
    request.width = 1920;
    request.height = 1080;
    request.view = view_of(closest);
    scene::PictureFrame frame = scene::picture_frame(*view_scene, request);
    frame.texels = std::min(frame.texels, 4096);
    start = Clock::now();
    scene::preview_of_area(*preview.layers, frame.area, frame.texels, view_scene->origin_x(), view_scene->origin_y(),
                           nullptr);
    std::printf("close-up in one jump: its centre sharp (level %d) after %.0f ms, every tile after %.0f ms (%d "
                "tiles); one picture of the view (%.0f m across, %d texels): %.0f ms\n",
                centre_level, centre_sharp.value_or(-1), jump, tiles->tiles_drawn() - before,
                std::max(frame.area.max_x - frame.area.min_x, frame.area.max_y - frame.area.min_y), frame.texels,
                ms_since(start));
    return 0;
}

// A click on a county viewed as pictures (too large to hold), as the viewer answers it: every
// layer, topmost first, asked through its spatial index for what lies around the click and those
// features read (scene/source_pick.h), at 200 points inside random parcels of random sources.
int bench_source_pick(const std::vector<std::string>& sources)
{
    auto start = Clock::now();
    scene::LoadOptions options;
    options.sources = sources;
    const scene::LayersToShow layers = scene::find_layers_to_show(options);
    std::vector<scene::LayerStyle> styles;
    for (const auto& l : layers.layers)
        styles.push_back(scene::style_from_attributes(l, nullptr, *layers.working, nullptr, 2000));
    const double opened = ms_since(start);
    std::mt19937 random(7);
    std::vector<double> times;
    int on_parcels = 0;
    for (int i = 0; i < 200; ++i) {
        // A point inside a random parcel of a random source, read apart from the layers picked.
        auto source = geo::VectorSource::open(sources[random() % sources.size()]);
        OGRLayer& parcels = source.layer("parcels");
        const GIntBig count = parcels.GetFeatureCount();
        geo::FeaturePtr feature(parcels.GetFeature(1 + static_cast<GIntBig>(random() % static_cast<unsigned>(count))));
        if (!feature || feature->GetGeometryRef() == nullptr)
            continue;
        const std::unique_ptr<OGRGeometry> point(
            OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(feature->GetGeometryRef()))));
        if (!point || wkbFlatten(point->getGeometryType()) != wkbPoint)
            continue;
        start = Clock::now();
        const auto picked =
            scene::pick_from_sources(layers, styles, point->toPoint()->getX(), point->toPoint()->getY(), 8.0);
        times.push_back(ms_since(start));
        on_parcels += picked && picked->table->name() == "parcels" ? 1 : 0;
    }
    std::printf("sources opened and styled: %.0f ms; pick from the sources (a click, 8 m tolerance): median %.2f ms, "
                "max %.2f ms over %zu clicks, %d answered by a parcel; peak %ld MB\n",
                opened, median(times), *std::max_element(times.begin(), times.end()), times.size(), on_parcels,
                peak_mb());
    return 0;
}

// The parcels' table over budget (source_rows.h): each way the rows are read, timed, in one
// source or across a city's.
int bench_source_table(const std::vector<std::string>& sources)
{
    ui::RowsRequest request;
    request.paths = sources;
    request.layer = "parcels";
    auto timed = [&](const char* what, const ui::RowsRequest& r) {
        const auto start = Clock::now();
        const ui::Rows rows = ui::read_rows(r);
        std::printf("%-52s %9zu rows %8.0f ms%s%s\n", what, rows.rows.size(), ms_since(start),
                    rows.error.isEmpty() ? "" : "  error: ", rows.error.toStdString().c_str());
        return rows.rows;
    };
    const std::vector<ui::SourceRow> all = timed("every row, in the sources' order", request);
    request.sort_field = "planned_far";
    timed("sorted by planned_far (a number)", request);
    request.sort_field = "parcel_id";
    request.descending = true;
    timed("sorted by parcel_id (text), descending", request);
    request.where = "land_use_code = '1001'";
    request.sort_field = "planned_far";
    request.descending = false;
    timed("WHERE land_use_code = '1001', sorted by planned_far", request);
    request.where.clear();
    std::vector<ui::SourceRow> some;
    std::mt19937 random(7);
    std::sample(all.begin(), all.end(), std::back_inserter(some), 4000, random);
    request.only = some;
    timed("4,000 rows (a query's result) sorted by planned_far", request);
    std::printf("peak %ld MB\n", peak_mb());
    return 0;
}

// The query panel over every source, as the viewer runs it (inside PostGIS where the sources
// are schemas of one database), then forced local.
int bench_query(const std::vector<std::string>& sources)
{
    for (const geo::CheckEngine engine : {geo::CheckEngine::Automatic, geo::CheckEngine::Local}) {
        geo::QueryOptions options;
        options.subject = {sources.front(), "parcels"};
        options.other = {sources.front(), "eco_redline"};
        options.more_sources.assign(sources.begin() + 1, sources.end());
        options.engine = engine;
        std::size_t matched = 0;
        geo::QueryCallbacks callbacks;
        callbacks.on_matches = [&](std::vector<geo::QueryMatch>& matches) { matched += matches.size(); };
        const auto start = Clock::now();
        const geo::QueryResult result = geo::run_query(options, callbacks);
        std::printf("parcels intersects eco_redline, %zu source(s)%s: %zu of %lld match, %.1f s\n", sources.size(),
                    result.in_postgis ? ", inside PostGIS" : ", local engine", matched,
                    static_cast<long long>(result.examined), ms_since(start) / 1000);
        if (!result.in_postgis)
            break;
    }
    std::printf("peak %ld MB\n", peak_mb());
    return 0;
}

int bench(int argc, char** argv)
{
    if (argc >= 3 && std::string(argv[1]) == "--query")
        return bench_query({argv + 2, argv + argc});
    if (argc >= 3 && std::string(argv[1]) == "--source-table")
        return bench_source_table({argv + 2, argv + argc});
    if (argc >= 3 && std::string(argv[1]) == "--source-pick")
        return bench_source_pick({argv + 2, argv + argc});
    if (argc >= 3 && std::string(argv[1]) == "--tiles") {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        scene::LoadOptions options;
        options.sources = {argv + 2, argv + argc};
        return bench_tiles(options);
    }
    const bool read_only = argc == 3 && std::string(argv[1]) == "--gdal-read";
    const bool per_layer = argc == 3 && std::string(argv[1]) == "--per-layer";
    const bool preview = argc == 3 && std::string(argv[1]) == "--preview";
    if (argc != 2 && !read_only && !per_layer && !preview) {
        std::fprintf(stderr, "usage: viewer_bench [--gdal-read | --per-layer | --preview] COUNTY.gpkg\n"
                             "       viewer_bench --source-pick COUNTY.gpkg...\n"
                             "       viewer_bench --tiles SOURCE...\n"
                             "       viewer_bench --source-table SOURCE...\n"
                             "       viewer_bench --query SOURCE...\n");
        return 2;
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const std::string gpkg = argv[argc - 1];

    // GDAL alone (every parcel with its geometry and attributes) and the viewer's scene build,
    // three times each, alternately: a shared machine's speed drifts between runs, so ratios
    // are taken between neighbouring runs and medians reported.
    auto gdal_read = [&] {
        const auto start = Clock::now();
        auto source = geo::VectorSource::open(gpkg);
        const auto names = source.layer_names(); // a delivered Shapefile: its only layer
        OGRLayer& layer = source.layer(names.size() == 1 ? names.front() : "parcels");
        std::size_t n = 0;
        for (geo::FeaturePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature()))
            n += f->GetGeometryRef() != nullptr ? 1 : 0;
        std::printf("parcels: %zu\n", n);
        return ms_since(start);
    };
    if (read_only) {
        const double ms = gdal_read();
        std::printf("GDAL read of parcels: %.0f ms\n", ms);
        return 0;
    }
    scene::LoadOptions options;
    options.sources = {gpkg};
    options.attributes_later = true; // as the viewer does: draw first, read the rest after
    if (preview)
        return bench_preview(options, gdal_read);
    scene::LoadedCounty county;
    std::unique_ptr<scene::CountyScene> view_scene;
    std::vector<double> gdal_runs, build_runs, ratios;
    for (int run = 0; run < 3; ++run) {
        gdal_runs.push_back(gdal_read());
        view_scene.reset();
        county = {}; // a launch starts with nothing in memory
        const auto start = Clock::now();
        county = scene::load_county(options);
        view_scene = scene::assemble_scene(county);
        build_runs.push_back(ms_since(start));
        ratios.push_back(build_runs.back() / gdal_runs.back());
    }
    const double gdal_ms = median(gdal_runs), build_ms = median(build_runs);
    auto start = Clock::now();
    std::size_t draw_calls = 1; // the terrain
    for (const auto& layer : county.layers) {
        draw_calls += layer.stats.draw_calls;
        std::printf("  %-16s read %.0f ms, mesh %.0f ms, %zu draw calls, %zu triangles, %zu line vertices, %zu "
                    "impostors\n",
                    layer.table->name().c_str(), layer.load_seconds * 1000, layer.mesh_seconds * 1000,
                    layer.stats.draw_calls, layer.stats.triangles, layer.stats.line_vertices, layer.stats.impostors);
    }

    // Frames at 1920×1080 into an FBO, the whole county in view, the camera turning a degree a
    // frame after the first. The first ten still meet what no later frame does (llvmpipe's
    // memory growing, shader variants compiled, levels of detail met for the first time); the
    // next ten are the frames of a user turning the county for a while.
    FrameTimer timer(*view_scene);
    const double first_frame_ms = timer.frame_ms();
    std::vector<double> frames, later_frames;
    for (int i = 0; i < 20; ++i) {
        if (i > 0)
            timer.turn(1.0);
        (i < 10 ? frames : later_frames).push_back(timer.frame_ms());
    }

    if (per_layer) { // each layer's share of the frame: frames without it, then with it again
        for (auto& layer : view_scene->layers()) {
            view_scene->set_visible(*layer, false);
            std::vector<double> without;
            for (int i = 0; i < 5; ++i)
                without.push_back(timer.frame_ms());
            view_scene->set_visible(*layer, true);
            std::vector<double> with;
            for (int i = 0; i < 5; ++i)
                with.push_back(timer.frame_ms());
            std::printf("  frame without %-16s %.0f ms, with %.0f ms\n", layer->name.c_str(), median(without),
                        median(with));
        }
    }
    // What the viewer prepares in the background once the county is on screen: spatial
    // indexes, the 三区三线 overlays, the target ledger. Picks and identify wait for it.
    start = Clock::now();
    auto analysis = scene::analyse_county(county);
    const double analysis_ms = ms_since(start);
    for (std::size_t i = 0; i < analysis->tables.size(); ++i) // as the viewer swaps them in
        view_scene->layer(analysis->tables[i]->name())->table = analysis->tables[i];

    // Picks at random parcels' centres: the index lookup alone, and a whole click as the viewer
    // answers it (the ray cast from the window position to the terrain, the lookup in every
    // pickable layer topmost first, and the hit parcel's overlaps with the 三区三线 for identify).
    auto* parcels = view_scene->layer("parcels");
    osg::Camera* camera = timer.viewer().getCamera();
    const scene::Viewpoint& view = timer.view();
    camera->setViewMatrix(view.view_matrix());
    const osg::Matrixd to_window =
        camera->getViewMatrix() * camera->getProjectionMatrix() * camera->getViewport()->computeWindowMatrix();
    // As the viewer's identify: four pixels at the centre of the view.
    const double tolerance = 4 * 2 * (view.eye - view.center).length() *
                             std::tan(osg::DegreesToRadians(scene::kFieldOfViewDegrees) / 2) / 1080;
    std::vector<double> picks, clicks;
    std::size_t clicks_on_parcel = 0;
    std::mt19937 random(7);
    for (int i = 0; i < 200; ++i) {
        const std::size_t row = random() % parcels->table->size();
        geo::GeomPtr inside(GEOSPointOnSurface_r(geo::geos_context(), parcels->table->geometry(row)));
        double x = 0, y = 0;
        GEOSGeomGetX_r(geo::geos_context(), inside.get(), &x);
        GEOSGeomGetY_r(geo::geos_context(), inside.get(), &y);
        start = Clock::now();
        const auto hits = parcels->table->rows_at(x, y);
        picks.push_back(ms_since(start));
        if (hits.empty())
            std::fprintf(stderr, "pick missed row %zu\n", row);

        const osg::Vec3d window = view_scene->to_scene(x, y, view_scene->terrain().height_at(x, y)) * to_window;
        start = Clock::now();
        if (click_at(*view_scene, *camera, window.x(), window.y(), tolerance, *analysis) == parcels)
            ++clicks_on_parcel;
        clicks.push_back(ms_since(start));
    }

    // The attribute table: opening (the model over the table) and sorting by a text column.
    start = Clock::now();
    ui::FeatureTableModel model;
    model.set_table(parcels->table);
    const double table_open_ms = ms_since(start);
    start = Clock::now();
    model.sort(static_cast<int>(*parcels->table->field_index("town")), Qt::AscendingOrder);
    const double table_sort_ms = ms_since(start);

    // The target ledger's what-if update with 100 parcels added.
    double ledger_ms = -1, ledger_cold_ms = -1;
    if (analysis->ledger) {
        geo::Scenario scenario;
        scenario.name = "bench";
        const auto id = *parcels->table->field_index("parcel_id");
        for (std::size_t row = 0; row < 100; ++row)
            scenario.added.insert(std::string(parcels->table->value(row, id)));
        // Cold: the first update computes the added parcels' conflicts; warm: the same plan again.
        std::vector<double> updates;
        for (int i = 0; i < 6; ++i) {
            start = Clock::now();
            (void)analysis->ledger->evaluate(&scenario);
            updates.push_back(ms_since(start));
        }
        ledger_cold_ms = updates.front();
        ledger_ms = median({updates.begin() + 1, updates.end()});
    }

    // The review queue over every parcel: opened, filtered by town, and with conflicts first once
    // the background pass has them (its time too), as the review panel asks for them.
    double queue_ms = 0, queue_town_ms = 0, queue_conflicts_ms = 0, conflicts_pass_ms = 0;
    std::size_t queue_size = 0, queue_town_size = 0;
    {
        auto data = std::make_shared<ui::LoadResult>();
        data->county = std::move(county);
        ui::CountySession session;
        ui::ReviewController reviews(session);
        session.show(data, std::move(view_scene));
        start = Clock::now();
        queue_size = reviews.queue({}).size();
        queue_ms = ms_since(start);
        ui::QueueFilter by_town;
        by_town.town = reviews.towns().value(0);
        start = Clock::now();
        queue_town_size = reviews.queue(by_town).size();
        queue_town_ms = ms_since(start);
        QEventLoop wait;
        QObject::connect(&reviews, &ui::ReviewController::conflicts_ready, &wait, &QEventLoop::quit);
        start = Clock::now();
        session.finish_analysis(std::shared_ptr<scene::CountyAnalysis>(std::move(analysis)));
        wait.exec();
        conflicts_pass_ms = ms_since(start);
        start = Clock::now();
        (void)reviews.queue({});
        queue_conflicts_ms = ms_since(start);
    }

    auto list = [](const std::vector<double>& runs) {
        std::string text;
        for (double r : runs)
            text += (text.empty() ? "" : " / ") + std::to_string(static_cast<long>(std::lround(r)));
        return text;
    };
    std::printf("GDAL read of parcels: median %.0f ms (%s)\n", gdal_ms, list(gdal_runs).c_str());
    std::printf("scene build (read, triangulate, assemble): median %.0f ms (%s), %.2f× GDAL\n", build_ms,
                list(build_runs).c_str(), median(ratios));
    std::printf("first frame: %.0f ms; launch to first frame %.0f ms (%.2f× GDAL)\n", first_frame_ms,
                build_ms + first_frame_ms, median(ratios) + first_frame_ms / gdal_ms);
    std::printf(
        "analysis after the first frame (other attributes, indexes, overlays, ledger; in the background): %.0f ms\n",
        analysis_ms);
    std::printf("frame time at 1920x1080, all in view: median %.1f ms over the %zu frames after the first, "
                "%.1f ms over the %zu after them\n",
                median(frames), frames.size(), median(later_frames), later_frames.size());
    std::printf("draw calls: %zu\n", draw_calls);
    std::printf("pick (index lookup): median %.3f ms, max %.3f ms\n", median(picks),
                *std::max_element(picks.begin(), picks.end()));
    std::printf("whole click (ray cast, lookup, identify's overlaps): median %.2f ms, max %.2f ms; %zu of %zu on a "
                "parcel\n",
                median(clicks), *std::max_element(clicks.begin(), clicks.end()), clicks_on_parcel, clicks.size());
    std::printf("attribute table: open %.1f ms, sort by town %.0f ms\n", table_open_ms, table_sort_ms);
    if (ledger_ms >= 0)
        std::printf("ledger what-if update (100 parcels added): cold %.2f ms, warm %.2f ms\n", ledger_cold_ms,
                    ledger_ms);
    std::printf("review queue of %zu parcels: open %.0f ms, by town (%zu) %.0f ms, conflicts first %.0f ms "
                "(after the background conflicts pass, %.0f ms)\n",
                queue_size, queue_ms, queue_town_size, queue_town_ms, queue_conflicts_ms, conflicts_pass_ms);
    std::printf("peak memory: %ld MB\n", peak_mb());
    return 0;
}

int main(int argc, char** argv)
{
    try {
        return bench(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "viewer_bench: %s\n", e.what());
        return 1;
    }
}
