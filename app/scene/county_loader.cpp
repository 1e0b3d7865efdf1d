#include "county_loader.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <set>

#include <gdal_utils.h>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/roles.h"
#include "geo/targets.h"
#include "geo/vector_source.h"
#include "layer_picture.h"
#include "layer_raster.h"
#include "memory_budget.h"

namespace scene {
namespace {

constexpr const char* kDrawOrder[] = {"three_zones", "towns",          "farmland",       "eco_redline",
                                      "parcels",     "renewal_zones",  "urban_boundary", "key_projects",
                                      "villages",    "county_boundary"};

double seconds_since(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string find_dem_beside(const std::string& source)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    // A folder of Shapefiles (a delivery package) holds its DEM inside.
    const fs::path dir = fs::is_directory(source, ec)             ? fs::path(source)
                         : fs::path(source).parent_path().empty() ? fs::path(".")
                                                                  : fs::path(source).parent_path();
    const fs::path preferred = dir / (fs::path(source).stem().string() + "_dem.tif");
    if (fs::exists(preferred, ec))
        return preferred.string();
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.path().extension() == ".tif")
            return entry.path().string();
    return {};
}

// The DEM for `sources`: the one beside them, or for a city of counties each with its own, a
// mosaic of them (a GDAL VRT in memory, named for them). A DEM GDAL cannot add to the mosaic (another
// CRS) is left out with a warning; the counties over it then lie on flat ground.
std::string dem_for(const std::vector<std::string>& sources, std::vector<std::string>& warnings)
{
    std::vector<std::string> dems;
    for (const auto& source : sources)
        if (const std::string dem = find_dem_beside(geo::parse_source_spec(source).path);
            !dem.empty() && std::find(dems.begin(), dems.end(), dem) == dems.end())
            dems.push_back(dem);
    if (dems.size() <= 1)
        return dems.empty() ? std::string() : dems.front();
    std::string all;
    for (const auto& dem : dems)
        all += dem + '\n';
    const std::string mosaic = "/vsimem/planview/dem_mosaic_of_" + std::to_string(dems.size()) + "_" +
                               std::to_string(std::hash<std::string>{}(all)) + ".vrt";
    std::vector<const char*> names;
    for (const auto& dem : dems)
        names.push_back(dem.c_str());
    CPLErrorReset();
    int usage_error = 0;
    GDALDatasetH vrt =
        GDALBuildVRT(mosaic.c_str(), static_cast<int>(names.size()), nullptr, names.data(), nullptr, &usage_error);
    if (vrt == nullptr) {
        warnings.push_back(dems.front() + ": cannot make one DEM of the sources' " + std::to_string(dems.size()) +
                           " (" + geo::last_gdal_error("GDALBuildVRT failed") + "); only this one is used");
        return dems.front();
    }
    if (CPLGetLastErrorType() == CE_Warning)
        warnings.push_back(mosaic + ": " + CPLGetLastErrorMsg());
    GDALClose(vrt); // written to memory now
    return mosaic;
}

} // namespace

// Not inside a delivery's folder: its targets name PlanView's layers and fields (parcels,
// land_use_code), which a delivery's are not.
std::string targets_beside(const std::string& source)
{
    std::error_code ec;
    std::string targets = geo::targets_path_beside(geo::parse_source_spec(source).path);
    return std::filesystem::exists(targets, ec) ? targets : std::string();
}

std::size_t city_counties(const LayersToShow& found)
{
    std::map<std::string, std::set<const geo::VectorSource*>> sources_of_layer;
    std::set<const geo::VectorSource*> sources;
    for (const LayerToShow& l : found.layers) {
        sources_of_layer[l.layer->GetName()].insert(l.source.get());
        sources.insert(l.source.get());
    }
    for (const auto& [name, holding] : sources_of_layer)
        if (holding.size() > 1)
            return sources.size();
    return 0;
}

std::string targets_path_for(const LoadOptions& options)
{
    return options.targets.empty() ? targets_beside(options.sources.front()) : options.targets;
}

const std::vector<std::string>& picture_fields()
{
    static const std::vector<std::string> fields = [] {
        std::vector<std::string> names;
        for (const auto role : {geo::FieldRole::LandUseCode, geo::FieldRole::Name, geo::FieldRole::ParcelId})
            for (auto& name : geo::known_field_names(role))
                names.push_back(std::move(name));
        for (const char* zone : {"zone", "KJLX", "SQLX"}) // the three zones' zone (三区) field
            names.emplace_back(zone);
        for (const auto& name : class_field_names())
            names.push_back(name);
        return names;
    }();
    return fields;
}

int standard_layer_rank(const std::string& name)
{
    const std::string standard = geo::standard_name_of(name);
    for (int i = 0; i < static_cast<int>(std::size(kDrawOrder)); ++i)
        if (standard == kDrawOrder[i])
            return i * 10;
    return 35; // between parcels (30) and renewal zones (40)
}

LayersToShow find_layers_to_show(const LoadOptions& options)
{
    if (options.sources.empty())
        throw geo::Error("nothing to open");
    LayersToShow found;
    for (const auto& text : options.sources) {
        const geo::SourceSpec spec = geo::parse_source_spec(text);
        auto source = std::make_shared<geo::VectorSource>(geo::VectorSource::open(spec.path));
        found.warnings.insert(found.warnings.end(), source->warnings().begin(), source->warnings().end());
        std::vector<std::string> names = spec.layer.empty() ? source->layer_names() : std::vector{spec.layer};
        for (const auto& name : names) {
            if (!options.only_layers.empty() &&
                std::find(options.only_layers.begin(), options.only_layers.end(), name) == options.only_layers.end())
                continue;
            OGRLayer& layer = source->layer(name);
            if (layer.GetGeomType() == wkbNone)
                continue; // attribute-only tables are not drawn
            found.layers.push_back({source, &layer, geo::layer_crs(*source, layer)});
        }
    }
    if (found.layers.empty())
        throw geo::file_error(options.sources.front(), "no vector layer to show");
    const LayerToShow& first = found.layers.front();
    found.working = options.working_crs.empty() ? geo::working_crs_for_layer(*first.source, *first.layer, *first.srs)
                                                : geo::srs_from_user_text(options.working_crs);
    std::stable_sort(found.layers.begin(), found.layers.end(), [](const LayerToShow& a, const LayerToShow& b) {
        return standard_layer_rank(a.layer->GetName()) < standard_layer_rank(b.layer->GetName());
    });
    found.dem_path = options.dem.empty() ? dem_for(options.sources, found.warnings) : options.dem;
    return found;
}

const geo::ProjectLayer* project_settings_for(const LoadOptions& options, const std::string& layer_name)
{
    const auto found = std::find_if(options.layer_settings.begin(), options.layer_settings.end(),
                                    [&](const geo::ProjectLayer& l) { return l.name == layer_name; });
    return found == options.layer_settings.end() ? nullptr : &*found;
}

std::vector<std::string> fields_for_picture(const geo::ProjectLayer* settings)
{
    std::vector<std::string> fields = picture_fields();
    if (settings != nullptr) // the fields a project styles and labels it by are part of its picture
        fields.insert(fields.end(), {settings->style_field, settings->label_field});
    return fields;
}

LayerStyle style_for_layer(const geo::FeatureTable& table, const geo::ProjectLayer* settings)
{
    LayerStyle style = default_style(table.name(), table);
    if (settings != nullptr) {
        if (!settings->style_field.empty())
            style_by_field(style, table, settings->style_field);
        if (table.field_index(settings->label_field))
            style.label_field = settings->label_field;
    }
    return style;
}

std::string LoadedLayer::name() const
{
    return table ? table->name() : source->layer->GetName();
}

LayerStyle style_from_attributes(const LayerToShow& layer, const geo::ProjectLayer* settings,
                                 const OGRSpatialReference& working, const std::atomic<bool>* cancel,
                                 std::size_t max_rows)
{
    geo::FeatureTable::LoadOptions attributes;
    attributes.only_fields = fields_for_picture(settings);
    // Ids choose nothing (too many values to be classes); not reading them saved ~0.5 s of a
    // 1M-parcel briefing.
    const auto ids = geo::known_field_names(geo::FieldRole::ParcelId);
    std::erase_if(attributes.only_fields, [&](const std::string& field) {
        return std::find(ids.begin(), ids.end(), field) != ids.end() &&
               (settings == nullptr || (field != settings->style_field && field != settings->label_field));
    });
    attributes.attributes_only = true;
    attributes.max_rows = max_rows;
    attributes.cancel = cancel;
    return style_for_layer(geo::FeatureTable::load(*layer.source, *layer.layer, *layer.srs, working, attributes),
                           settings);
}

namespace {

// A dense layer's style for a briefing (LoadOptions::classes_from_pictures): a sample's when its
// 用地用海 field colours it (`pending`: its classes to come from its picture), else every
// feature's.
LayerStyle briefing_style(const LayerToShow& layer, const geo::ProjectLayer* settings,
                          const OGRSpatialReference& working, const std::atomic<bool>* cancel, bool& pending)
{
    constexpr std::size_t kSample = 2000;
    pending = false;
    LayerStyle sampled = style_from_attributes(layer, settings, working, cancel, kSample);
    const GIntBig features = layer.layer->GetFeatureCount(TRUE);
    if (features >= 0 && features <= static_cast<GIntBig>(kSample))
        return sampled; // the sample was every feature
    const auto land_use = geo::find_field(*layer.layer->GetLayerDefn(), geo::FieldRole::LandUseCode);
    std::set<std::string> codes;
    for (const auto& c : sampled.classes)
        codes.insert(c.value);
    const bool by_codes = land_use && sampled.field == land_use->name && sampled.kind == StyleKind::Categorised &&
                          !codes.empty() && all_land_use_codes(codes) &&
                          (settings == nullptr || settings->style_field.empty());
    if (!by_codes)
        return style_from_attributes(layer, settings, working, cancel);
    pending = true;
    return sampled;
}

} // namespace

LoadedCounty load_county(const LoadOptions& options)
{
    std::mutex reporting; // meshes report from their own threads
    auto report = [&](const std::string& stage, double f) {
        const std::lock_guard lock(reporting);
        if (options.progress)
            options.progress(stage, f);
    };
    LayersToShow found = find_layers_to_show(options);
    LoadedCounty county;
    county.sources = options.sources;
    county.attributes_pending = options.attributes_later && !options.picture_only;
    county.warnings = std::move(found.warnings);
    county.working = std::move(found.working);
    std::vector<LayerToShow>& pending = found.layers;
    if (const std::size_t counties = options.city_as_one ? city_counties(found) : 0; counties > 1)
        throw CityViewedAsOne(geo::without_password(options.sources.front()) + ": a city of " +
                                  std::to_string(counties) + " counties, viewed as one",
                              counties);
    if (options.memory_budget > 0) {
        std::vector<const LayerToShow*> meshed;
        for (const LayerToShow& p : pending)
            if (!(options.dense_as_pictures && is_dense_area_layer(p)))
                meshed.push_back(&p);
        check_fits_in_memory(options.sources.front(), features_to_mesh(meshed), options.memory_budget);
    }

    const std::size_t steps = pending.size() * 2 + 1;
    std::atomic<std::size_t> step = 0;
    county.targets_path = targets_path_for(options);
    county.dem_path = found.dem_path;
    if (!county.dem_path.empty())
        county.terrain = std::make_unique<TerrainModel>(TerrainModel::from_dem(county.dem_path, *county.working));
    ++step;

    // With a DEM, each layer's mesh is built (on its own thread) while the next layer is read:
    // the red line's 3,000-vertex polygons are triangulated while the parcels load.
    std::vector<std::future<void>> meshing;
    // `from_afar_only`: a layer drawn from afar (drawn_from_afar) as it is then, its fills a
    // texture on the terrain under its outlines (the 三区's way), no triangles for a close view.
    auto mesh = [&](LoadedLayer& layer, bool from_afar_only) {
        const auto start = std::chrono::steady_clock::now();
        LayerStyle drawn = layer.style;
        drawn.fills_on_terrain = drawn.fills_on_terrain || from_afar_only;
        layer.mesh =
            build_layer_mesh(*layer.table, drawn, *county.terrain, county.terrain->origin_x(),
                             county.terrain->origin_y(), layer.stats, {}, options.cancel, {}, !options.picture_only);
        if (!layer.mesh)
            throw geo::Error("cancelled");
        layer.mesh_seconds = seconds_since(start);
        report("draw " + layer.table->name(), static_cast<double>(++step) / static_cast<double>(steps));
    };
    // With views_come_close, the layers drawn from afar wait until every layer is read and the
    // caller says whether a view needs their triangles.
    std::vector<LoadedLayer*> meshed_once_asked;
    county.layers.reserve(pending.size()); // the meshing threads hold references into it
    for (auto& p : pending) {
        const auto start = std::chrono::steady_clock::now();
        const geo::ProjectLayer* chosen = project_settings_for(options, p.layer->GetName());
        if (options.dense_as_pictures && is_dense_area_layer(p)) {
            bool classes_pending = false;
            LayerStyle style = options.classes_from_pictures
                                   ? briefing_style(p, chosen, *county.working, options.cancel, classes_pending)
                                   : style_from_attributes(p, chosen, *county.working, options.cancel);
            const auto extent = extent_in_working(p, *county.working);
            if (style.label_field.empty() && extent) { // labels need every feature
                LoadedLayer& loaded = county.layers.emplace_back();
                loaded.source_path = p.source->path();
                loaded.geometry_type = p.layer->GetGeomType();
                loaded.extent = *extent;
                loaded.style = std::move(style);
                loaded.classes_pending = classes_pending;
                loaded.source = std::make_shared<LayerToShow>(std::move(p));
                loaded.mesh = new osg::Group;
                loaded.load_seconds = seconds_since(start);
                step += 2;
                continue;
            }
        }
        if (options.window) {
            OGREnvelope window;
            window.MinX = options.window->min_x;
            window.MinY = options.window->min_y;
            window.MaxX = options.window->max_x;
            window.MaxY = options.window->max_y;
            geo::read_only_within(*p.layer, *p.srs, window, *county.working);
        }
        geo::FeatureTable::LoadOptions load;
        load.cancel = options.cancel;
        if (options.picture_only || options.attributes_later)
            load.only_fields = fields_for_picture(chosen);
        // A viewer draws the dense layers before their validity is known (GEOS's check of
        // 100,000 concave parcels: ~1.3 s of their 1.7 s load); picks and figures wait for it.
        load.check_validity_later = options.attributes_later && is_dense_area_layer(p);
        const double done = static_cast<double>(step.load());
        load.progress = [&](double f) { report(std::string("read ") + p.layer->GetName(), (done + f) / steps); };
        auto table = std::make_shared<geo::FeatureTable>(
            geo::FeatureTable::load(*p.source, *p.layer, *p.srs, *county.working, load));
        LoadedLayer& loaded = county.layers.emplace_back();
        loaded.source_path = p.source->path();
        loaded.geometry_type = table->geometry_type();
        loaded.extent = table->extent();
        loaded.load_seconds = seconds_since(start);
        loaded.style = style_for_layer(*table, chosen);
        loaded.table = std::move(table);
        ++step;
        if (!county.terrain)
            continue; // meshed once the flat terrain is known
        if (options.views_come_close && drawn_from_afar(*loaded.table, loaded.style, *county.terrain))
            meshed_once_asked.push_back(&loaded);
        else
            meshing.push_back(std::async(std::launch::async, mesh, std::ref(loaded), false));
    }
    const bool flat = !county.terrain;
    if (flat) { // no DEM: a flat plane under every layer, known only now
        geo::Envelope all = county.layers.front().extent;
        for (const auto& l : county.layers)
            all = geo::merged(all, l.extent);
        county.terrain = std::make_unique<TerrainModel>(TerrainModel::flat(all));
    }
    if (!meshed_once_asked.empty()) {
        const bool close = options.views_come_close(county);
        for (LoadedLayer* layer : meshed_once_asked)
            meshing.push_back(std::async(std::launch::async, mesh, std::ref(*layer), !close));
    }
    if (options.while_meshes_finish)
        options.while_meshes_finish(county);
    for (auto& m : meshing)
        m.get(); // in order; rethrows a failed or cancelled mesh
    if (flat)
        for (auto& layer : county.layers)
            if (layer.table)
                mesh(layer, false);
    report("done", 1.0);
    return county;
}

std::unique_ptr<CountyScene> assemble_scene(LoadedCounty& county, std::unique_ptr<CountyScene> scene)
{
    if (!scene)
        scene = std::make_unique<CountyScene>(*county.terrain);
    for (auto& layer : county.layers)
        if (layer.table)
            scene->add_layer(layer.table, layer.style, layer.mesh, layer.stats);
        else
            scene->add_picture_layer(layer.name(), layer.geometry_type, layer.style, layer.mesh);
    return scene;
}

} // namespace scene
