#include <QGuiApplication>
#include <QStringList>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <future>
#include <stdexcept>

#include "args.h"
#include "briefing.h"
#include "commands.h"
#include "county_loader.h"
#include "egl_context.h"
#include "geo/bookmarks.h"
#include "geo/crs.h"
#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/ledger_loader.h"
#include "geo/project.h"
#include "geo/roles.h"
#include "geo/text_values.h"
#include "geo/vector_source.h"
#include "layer_picture.h"
#include "mapped_reads.h"
#include "offscreen_qt.h"
#include "scene_briefing.h"
#include "terrain_fill.h"

namespace cli {
namespace {

std::pair<int, int> parse_size(const std::string& text)
{
    int width = 0, height = 0;
    char x = 0, extra = 0;
    if (std::sscanf(text.c_str(), "%d%c%d%c", &width, &x, &height, &extra) != 3 || (x != 'x' && x != 'X') ||
        width < 64 || height < 64 || width > 16384 || height > 16384)
        throw UsageError("option --size needs WIDTHxHEIGHT between 64 and 16384, not '" + text + "'");
    return {width, height};
}

geo::Envelope parse_extent(const std::string& text)
{
    const auto parts = split_list(text);
    std::optional<double> v[4];
    for (std::size_t i = 0; i < 4 && parts.size() == 4; ++i)
        v[i] = geo::parse_number(parts[i]);
    if (parts.size() != 4 || !v[0] || !v[1] || !v[2] || !v[3] || !(*v[0] < *v[2] && *v[1] < *v[3]))
        throw UsageError("option --extent needs XMIN,YMIN,XMAX,YMAX in the working CRS, not '" + text + "'");
    return {*v[0], *v[1], *v[2], *v[3]};
}

// The data date: when the county file was last written (so the same data gives the same image).
QString data_date(const std::string& path)
{
    std::error_code ec;
    const auto written = std::filesystem::last_write_time(path, ec);
    if (ec)
        return {};
    const auto system = std::chrono::file_clock::to_sys(written);
    const std::chrono::year_month_day day(std::chrono::floor<std::chrono::days>(system));
    return QStringLiteral("数据日期 %1-%2-%3")
        .arg(static_cast<int>(day.year()))
        .arg(static_cast<unsigned>(day.month()), 2, 10, QLatin1Char('0'))
        .arg(static_cast<unsigned>(day.day()), 2, 10, QLatin1Char('0'));
}

std::string output_for(const std::string& out, const std::string& view_name, bool several)
{
    if (!several)
        return out;
    const std::filesystem::path p(out);
    // View names come from the bookmarks file: never let one climb out of the folder.
    return (p.parent_path() / (p.stem().string() + "_" + geo::safe_file_stem(view_name) + p.extension().string()))
        .string();
}

const scene::LoadedLayer* loaded_layer(const scene::LoadedCounty& county, const std::string& name)
{
    for (const auto& layer : county.layers)
        if (layer.name() == name)
            return &layer;
    return nullptr;
}

// The layer named `standard_name`, else the first that plays its part (CountyScene::layer_playing).
const scene::LoadedLayer* loaded_layer_playing(const scene::LoadedCounty& county, const std::string& standard_name)
{
    if (const auto* exact = loaded_layer(county, standard_name))
        return exact;
    for (const auto& layer : county.layers)
        if (geo::standard_name_of(layer.name()) == standard_name)
            return &layer;
    return nullptr;
}

// The views to render: bookmarks, an extent (`extent`, with --extent), a layer's extent, the
// project's camera, or the whole county (its boundary's extent, else the terrain's).
std::vector<std::pair<std::string, briefing::View>> views_to_render(const Args& args, const scene::LoadedCounty& county,
                                                                    const std::optional<geo::Project>& project,
                                                                    const std::string& gpkg,
                                                                    const std::optional<geo::Envelope>& extent)
{
    std::vector<std::pair<std::string, briefing::View>> views;
    const bool map_2d = args.has("--2d");
    if (args.has("--bookmark") || args.has("--all-bookmarks")) {
        const auto bookmarks = geo::load_bookmarks(geo::bookmarks_path(gpkg));
        const auto wanted = split_list(args.value_or("--bookmark", ""));
        for (const auto& b : bookmarks)
            if (args.has("--all-bookmarks") || std::find(wanted.begin(), wanted.end(), b.name) != wanted.end())
                views.push_back({b.name, {b.extent, b.map_2d || map_2d, std::nullopt}});
        for (const auto& name : wanted)
            if (std::none_of(bookmarks.begin(), bookmarks.end(), [&](const auto& b) { return b.name == name; }))
                throw geo::file_error(geo::bookmarks_path(gpkg), "no bookmark '" + name + "'");
        if (views.empty())
            throw geo::file_error(geo::bookmarks_path(gpkg), "no bookmarks");
    } else if (extent) {
        views.push_back({"extent", {*extent, map_2d, std::nullopt}});
    } else if (project && project->camera && !map_2d) { // where the project's camera was left
        const auto& c = *project->camera;
        const briefing::View::Camera camera{osg::Vec3d(c.eye[0], c.eye[1], c.eye[2]),
                                            osg::Vec3d(c.center[0], c.center[1], c.center[2]),
                                            osg::Vec3d(c.up[0], c.up[1], c.up[2])};
        views.push_back({"project", {county.terrain->extent(), false, camera}});
    } else if (auto layer_name = args.value("--layer-extent")) {
        const auto* layer = loaded_layer(county, *layer_name);
        if (layer == nullptr)
            throw geo::file_error(gpkg, "no layer '" + *layer_name + "' to frame");
        views.push_back({*layer_name, {layer->extent, map_2d, std::nullopt}});
    } else {
        const auto* boundary = loaded_layer_playing(county, "county_boundary");
        views.push_back({"county", {boundary ? boundary->extent : county.terrain->extent(), map_2d, std::nullopt}});
    }
    return views;
}

// Whether `view` shows the ground at its centre finer than the texels of a fill over the whole
// terrain (kTerrainFillTexels along its longer side): the LOD of a layer drawn from afar then
// draws its fills' triangles (layer_mesh.h).
bool comes_close(const scene::CountyScene& scene, const briefing::View& view, int width, int height)
{
    const scene::PictureFrame frame = scene::picture_frame(scene, briefing::render_request(scene, view, width, height));
    const double fill_texel = scene::RasterGrid::covering(scene.terrain().extent(), scene::kTerrainFillTexels).cell;
    return frame.metres_per_pixel <= 0 || frame.metres_per_pixel < fill_texel;
}

// The layers drawn as pictures (layer_picture.h) that `shown` keeps, rasterised for `view` over
// `scene`'s terrain, each picture handed to `take`; those whose classes were pending take them
// from their first picture.
void draw_pictures(scene::LoadedCounty& county, const scene::LoadOptions& options, const scene::CountyScene& scene,
                   const briefing::View& view, int width, int height,
                   const std::function<bool(const scene::LoadedLayer&)>& shown,
                   const std::function<void(scene::LoadedLayer&, osg::ref_ptr<osg::Group>)>& take)
{
    const scene::PictureFrame frame = scene::picture_frame(scene, briefing::render_request(scene, view, width, height));
    for (auto& loaded : county.layers)
        if (loaded.source && shown(loaded))
            take(loaded, scene::picture_of_loaded_layer(loaded, scene::project_settings_for(options, loaded.name()),
                                                        *county.working, frame, scene.origin_x(), scene.origin_y()));
}

// The targets' progress, from the county's tables; layers drawn as pictures are read for it.
std::vector<briefing::TargetBar> target_bars_of(const scene::LoadedCounty& county, const scene::LoadOptions& options,
                                                const std::string& gpkg, const geo::TargetsFile& targets)
{
    std::map<std::string, geo::Ledger::Layer> layers;
    std::map<std::string, std::unique_ptr<geo::OverlayLayer>> overlays;
    for (const auto& layer : county.layers) {
        std::shared_ptr<const geo::FeatureTable> table = layer.table;
        if (!table) { // opened again: the pictures read the other handle meanwhile, and GDAL's are not shared
            const std::string name = layer.name();
            const geo::VectorSource source = geo::VectorSource::open(layer.source_path);
            OGRLayer& read = source.layer(name);
            geo::FeatureTable::LoadOptions load;
            load.only_fields = scene::fields_for_picture(scene::project_settings_for(options, name));
            table = std::make_shared<geo::FeatureTable>(
                geo::FeatureTable::load(source, read, *geo::layer_crs(source, read), *county.working, load));
        }
        layers[table->name()] = {table, gpkg, table->name(), {}, {}};
        const std::string role = geo::standard_name_of(table->name());
        if (role == "farmland" || role == "eco_redline" || role == "urban_boundary")
            overlays[role] = geo::overlay_from(*table);
    }
    std::optional<geo::Overlays> flagging;
    if (overlays.size() == 3)
        flagging.emplace(geo::Overlays{*overlays["farmland"], *overlays["eco_redline"], *overlays["urban_boundary"]});
    const geo::Ledger ledger(targets, layers, flagging ? &*flagging : nullptr);
    return briefing::target_bars(ledger.evaluate());
}

} // namespace

int run_snapshot(int argc, char** argv)
{
    const Args args(argc, argv, 2,
                    {{"--out"},
                     {"--size"},
                     {"--2d", false},
                     {"--layers"},
                     {"--dem"},
                     {"--bookmark"},
                     {"--all-bookmarks", false},
                     {"--extent"},
                     {"--layer-extent"},
                     {"--title"},
                     {"--subtitle"},
                     {"--targets"}});
    if (args.positional().empty())
        throw UsageError("give the county to render: planview snapshot SOURCE... --out FILE.png");
    // A county delivered as several files (parcels.shp, jbnt.shp, …) is drawn together, as `open` does.
    const std::vector<std::string>& sources = args.positional();
    if (sources.size() > 1 && std::any_of(sources.begin(), sources.end(), geo::is_project_path))
        throw UsageError("a project (.pvproj) brings its own sources: render it alone");
    const std::string& source = sources.front();
    const std::string out = args.required("--out");
    const std::string extension = std::filesystem::path(out).extension().string();
    if (extension != ".png" && extension != ".pdf")
        throw UsageError("--out must name a .png or .pdf file");
    const auto [width, height] = parse_size(args.value_or("--size", "3840x2160"));
    const int view_choices = (args.has("--bookmark") || args.has("--all-bookmarks") ? 1 : 0) +
                             (args.has("--extent") ? 1 : 0) + (args.has("--layer-extent") ? 1 : 0);
    if (view_choices > 1)
        throw UsageError("give one of --bookmark/--all-bookmarks, --extent and --layer-extent");
    // Before any reading: a mistyped extent is a command-line error, said at once.
    const bool by_extent = args.has("--extent");
    const geo::Envelope extent = by_extent ? parse_extent(*args.value("--extent")) : geo::Envelope{};

    // QPainter needs a GUI application; the offscreen platform needs no display.
    prepare_offscreen_qt();
    int qt_argc = 1;
    QGuiApplication app(qt_argc, argv);

    // A project (.pvproj) brings its sources, DEM, targets, layer settings and camera.
    const std::optional<geo::Project> project =
        geo::is_project_path(source) ? std::optional(geo::load_project(source)) : std::nullopt;
    scene::LoadOptions options;
    options.sources = project ? project->sources : sources;
    options.dem = args.value_or("--dem", project ? project->dem : "");
    options.picture_only = true;
    options.dense_as_pictures = true;
    options.classes_from_pictures = true;
    if (project)
        options.layer_settings = project->layers;
    if (auto layers = args.value("--layers"))
        options.only_layers = split_list(*layers);
    const std::string gpkg = geo::parse_source_spec(options.sources.front()).path;
    auto shown_by_project = [&](const scene::LoadedLayer& layer) { // as the project left it, unless --layers chose
        const geo::ProjectLayer* saved =
            args.has("--layers") ? nullptr : scene::project_settings_for(options, layer.name());
        return saved == nullptr || saved->visible;
    };

    // Once the layers are read, the views are known from their extents: whether one comes close
    // enough for the red line's triangles (else it is meshed as seen from afar), and, while the
    // county's last meshes finish, the dense layers drawn as pictures of the first. Mesa's GL
    // driver (with LLVM, 0.1 s) loads then on a thread of its own: loaded from the start, it held
    // up GDAL's opening of the sources as long, the two taking turns in the dynamic loader.
    std::future<void> gl_driver;
    std::vector<std::pair<std::string, briefing::View>> views;
    std::unique_ptr<scene::CountyScene> terrain_scene;
    auto know_views = [&](const scene::LoadedCounty& read) {
        if (terrain_scene)
            return;
        gl_driver = scene::start_loading_egl_driver();
        views = views_to_render(args, read, project, gpkg, by_extent ? std::optional(extent) : std::nullopt);
        terrain_scene = std::make_unique<scene::CountyScene>(*read.terrain);
    };
    options.views_come_close = [&](const scene::LoadedCounty& read) {
        know_views(read);
        return std::any_of(views.begin(), views.end(),
                           [&](const auto& view) { return comes_close(*terrain_scene, view.second, width, height); });
    };
    options.while_meshes_finish = [&](scene::LoadedCounty& read) {
        know_views(read);
        draw_pictures(read, options, *terrain_scene, views.front().second, width, height, shown_by_project,
                      [](scene::LoadedLayer& layer, osg::ref_ptr<osg::Group> picture) { layer.mesh = picture; });
    };
    read_geopackages_mapped("snapshot", options.sources);
    scene::LoadedCounty county = scene::load_county(options);
    for (const auto& warning : county.warnings)
        std::fprintf(stderr, "planview: warning: %s\n", warning.c_str());
    auto view_scene = scene::assemble_scene(county, std::move(terrain_scene));
    if (project) {
        std::size_t position = 0;
        for (const auto& saved : project->layers)
            if (auto* layer = view_scene->layer(saved.name)) {
                if (!args.has("--layers"))
                    view_scene->set_visible(*layer, saved.visible);
                view_scene->set_opacity(*layer, static_cast<float>(saved.opacity));
                view_scene->set_order(*layer, position++);
            }
    }

    briefing::Content content;
    // The county's name: from its boundary layer's name field (name, XZQMC, …) or the targets;
    // never the file's name, which is no title ("wuyi国土空间规划一张图").
    QString county_name = briefing::county_name_of(*view_scene);
    const auto targets_path = args.has("--targets") || !project || project->targets.empty()
                                  ? args.value("--targets")
                                  : std::optional(project->targets);
    // The ledger reads what the pictures do not (every parcel) while the first view renders.
    std::future<std::vector<briefing::TargetBar>> bars;
    if (targets_path) {
        const geo::TargetsFile targets = geo::load_targets(*targets_path); // a bad file: said before rendering
        if (!targets.county.empty())
            county_name = QString::fromStdString(targets.county);
        bars = std::async(std::launch::async, [&county, &options, &gpkg, targets] {
            return target_bars_of(county, options, gpkg, targets);
        });
    }
    content.data_date = data_date(gpkg);
    QStringList data_files;
    for (const auto& read : options.sources)
        data_files << QString::fromStdString(geo::source_display_name(geo::parse_source_spec(read).path));
    if (!county.dem_path.empty())
        data_files << QString::fromStdString(std::filesystem::path(county.dem_path).filename().string());
    content.source_line = QStringLiteral("数据：%1　坐标系：%2 %3　制图：PlanView")
                              .arg(data_files.join(QStringLiteral("、")),
                                   QString::fromStdString(geo::describe(*county.working).authority_code),
                                   QString::fromStdString(geo::describe(*county.working).name));
    if (gl_driver.valid())
        gl_driver.wait(); // loaded before a context is made, not by two threads at once
    for (const auto& [name, view] : views) {
        content.title = args.has("--title") ? QString::fromStdString(*args.value("--title"))
                                            : county_name + QStringLiteral("国土空间规划一张图");
        content.subtitle =
            args.has("--subtitle")
                ? QString::fromStdString(*args.value("--subtitle"))
                : (views.size() > 1 || args.has("--bookmark") ? QString::fromStdString(name) + QStringLiteral("　")
                                                              : QString()) +
                      QString::fromUtf8(view.map_2d ? "二维平面图（上北）" : "三维鸟瞰");
        if (&view != &views.front().second) { // the first view's were drawn as the county loaded
            auto visible = [&](const scene::LoadedLayer& layer) {
                const scene::SceneLayer* shown = view_scene->layer(layer.name());
                return shown != nullptr && shown->visible;
            };
            draw_pictures(county, options, *view_scene, view, width, height, visible,
                          [&](scene::LoadedLayer& layer, osg::ref_ptr<osg::Group> picture) {
                              scene::SceneLayer& drawn = *view_scene->layer(layer.name());
                              view_scene->restyle(drawn, layer.style, picture, drawn.stats);
                          });
        }
        content.legend = briefing::legend_for(*view_scene); // the pictures' classes complete now
        try {
            briefing::render_map(*view_scene, view, width, height, content);
        } catch (const std::runtime_error& e) {
            throw geo::Error(std::string("snapshot: ") + e.what());
        }
        if (bars.valid())
            content.targets = bars.get();
        const std::string path = output_for(out, name, views.size() > 1);
        const bool written = extension == ".pdf" ? briefing::write_pdf(content, QString::fromStdString(path))
                                                 : briefing::write_png(content, QString::fromStdString(path));
        if (!written)
            throw geo::file_error(path, "cannot write the image");
        std::printf("wrote %s (%dx%d)\n", path.c_str(), width, height);
    }
    return 0;
}

} // namespace cli
