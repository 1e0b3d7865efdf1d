#pragma once
// Loads a county for display: the standard layers of a GeoPackage (or any vector files) into
// FeatureTables in the working CRS, the DEM beside them into a TerrainModel, and each layer's
// mesh. Runs off the GUI thread; assembling the CountyScene happens on the rendering thread.
#include <atomic>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "county_scene.h"
#include "geo/error.h"
#include "geo/gdal_ptr.h"
#include "geo/project.h"
#include "geo/vector_source.h"

namespace scene {

struct LayerToShow;

struct LoadedLayer {
    std::string source_path; // the file (or PG: string) the layer came from
    // Null for a layer drawn as a picture (LoadOptions::dense_as_pictures): `source` then.
    std::shared_ptr<const geo::FeatureTable> table;
    std::shared_ptr<const LayerToShow> source;
    OGRwkbGeometryType geometry_type = wkbUnknown;
    geo::Envelope extent; // working CRS
    LayerStyle style;
    // Drawn as a picture with LoadOptions::classes_from_pictures: `style` is a sample's, its
    // classes still to be completed from what the picture meets (finished_style, layer_picture.h).
    bool classes_pending = false;
    osg::ref_ptr<osg::Group> mesh;
    MeshStats stats;
    double load_seconds = 0, mesh_seconds = 0;

    std::string name() const; // the layer's, from its table or its source
};

struct LoadedCounty {
    std::vector<std::string> sources;
    geo::SrsPtr working;
    std::string dem_path;     // empty: flat terrain
    std::string targets_path; // the work report's targets: LoadOptions::targets, else beside the data
    std::unique_ptr<TerrainModel> terrain;
    std::vector<LoadedLayer> layers; // bottom to top
    std::vector<std::string> warnings;
    bool attributes_pending = false; // loaded with attributes_later: only picture_fields() so far
};

struct LoadOptions {
    std::vector<std::string> sources;     // GeoPackages, Shapefiles, ...; FILE:LAYER allowed
    std::string dem;                      // empty: a *.tif beside the first source, if any
    std::vector<std::string> only_layers; // empty: every vector layer
    std::string working_crs;              // empty: the zone of the data
    std::string targets;                  // empty: a targets.toml beside the first source, if any
    // The layers' pictures drawn before (picture_cache.h) for the viewer's first picture and the
    // views of a county too large to mesh; empty: the sources' own (picture_cache_beside), if any.
    std::string picture_cache;
    // A project's per-layer style and label fields (geo/project.h), applied as each layer loads.
    std::vector<geo::ProjectLayer> layer_settings;
    // For a picture: keep only the attributes styles, labels and ids use, and nothing only
    // picking needs (build_layer_mesh's `pickable`).
    bool picture_only = false;
    // For a briefing: a dense layer (layer_picture.h) is not read but drawn as a picture of
    // each view (CountyScene::add_picture_layer, with an empty picture until then).
    bool dense_as_pictures = false;
    // With dense_as_pictures, for a briefing that draws each such layer whole: a layer coloured
    // by its 用地用海 codes (the nation's colours, whatever codes the other features hold) takes
    // its style from a sample, its classes from its picture's own read (LoadedLayer::
    // classes_pending), rather than reading every feature twice.
    bool classes_from_pictures = false;
    // For the viewer: the bytes the layers it meshes may take (memory_budget.h); 0: no limit.
    // Checked before anything is read, so a city too large fails at once, not when the kernel
    // kills the process.
    std::size_t memory_budget = 0;
    // For the viewer: a city (the same layer, such as the parcels, in several sources) is not
    // meshed but viewed as one, as pictures (load_county throws CityViewedAsOne): a meshed view
    // holds each county's layers apart, and its table, queries and selection would cover only
    // the first county's.
    bool city_as_one = false;
    // For the viewer: read those first, to draw at once, and the others afterwards (see
    // analyse_county), while the county is already on screen.
    bool attributes_later = false;
    // Only the features whose envelopes meet this extent (in the working CRS, which working_crs
    // then names) are read: a review sheet's neighbourhood of a county of a million parcels.
    std::optional<geo::Envelope> window;
    std::function<void(const std::string& stage, double fraction)> progress;
    const std::atomic<bool>* cancel = nullptr;
    // Called with the county once every layer is read (their extents and styles known, and the
    // terrain) while their meshes finish on other threads: the caller's own work for a core that
    // would wait. A briefing loads the GL driver then (loaded while the sources opened, the two
    // waited on each other in the dynamic loader) and draws the pictures of its dense layers
    // (their `mesh`). It must touch no other layer.
    std::function<void(LoadedCounty&)> while_meshes_finish;
    // For a briefing: whether any of its views comes close enough (its ground finer than the
    // texels of a fill over the whole terrain, kTerrainFillTexels) for a layer drawn from afar
    // (drawn_from_afar, layer_mesh.h: the red line) to need its fills' triangles. Asked once every
    // layer is read, before while_meshes_finish, when there is such a layer; if no view does, the
    // layer is meshed as seen from afar only (the red line's 412,141 triangles never drawn).
    // Without it, such a layer is meshed as it is read, for every distance.
    std::function<bool(const LoadedCounty&)> views_come_close;
};

// What load_county throws for a city with LoadOptions::city_as_one.
class CityViewedAsOne : public geo::Error {
public:
    CityViewedAsOne(const std::string& message, std::size_t city_counties)
        : geo::Error(message), counties(city_counties)
    {}
    std::size_t counties;
};

// Throws geo::Error for unreadable input, and geo::Error("cancelled") when cancelled.
LoadedCounty load_county(const LoadOptions& options);

// What load_county and the county's first picture (county_preview.h) both start from.
struct LayerToShow {
    std::shared_ptr<geo::VectorSource> source; // holds `layer` open
    OGRLayer* layer;
    geo::SrsPtr srs;
};
struct LayersToShow {
    std::vector<LayerToShow> layers; // in draw order, bottom first
    geo::SrsPtr working;
    std::string dem_path; // empty: none
    std::vector<std::string> warnings;
};
// Opens the sources and finds the vector layers `options` asks for, the working CRS and the
// DEM. Throws geo::Error naming the source that cannot be read or has nothing to show.
LayersToShow find_layers_to_show(const LoadOptions& options);
// How many counties the sources are when they are a city's (a layer name found in more than one
// of them: the parcels of each county); 0 when they are one county's (its layers in several files).
std::size_t city_counties(const LayersToShow& found);
// The work report's targets file of the county `options` names: the project's, or a
// targets.toml beside its first source (not inside a delivery's folder); empty when none.
std::string targets_path_for(const LoadOptions& options);
// The targets.toml beside a source (a file's folder), or empty: a city's other counties'.
std::string targets_beside(const std::string& source);
// The project's settings for a layer, or null.
const geo::ProjectLayer* project_settings_for(const LoadOptions& options, const std::string& layer_name);
// The fields a layer's picture needs: picture_fields() and what `settings` styles and labels by.
std::vector<std::string> fields_for_picture(const geo::ProjectLayer* settings);
// The layer's default style with the project's style and label fields applied.
LayerStyle style_for_layer(const geo::FeatureTable& table, const geo::ProjectLayer* settings);

// The layer's style from its features' attributes, no geometry read: from every feature, the
// style (classes, their colours, the legend) its table would give, for a layer drawn as a
// picture; from the first `max_rows`, enough for a first picture's classes (colours for those
// they miss come from class_color, layer_raster.h).
LayerStyle style_from_attributes(const LayerToShow& layer, const geo::ProjectLayer* settings,
                                 const OGRSpatialReference& working, const std::atomic<bool>* cancel,
                                 std::size_t max_rows = std::numeric_limits<std::size_t>::max());

// Builds the scene from what load_county produced (moves the meshes in): on `scene` when given
// (made of county.terrain alone, as for a briefing's first pictures), else on a new one.
std::unique_ptr<CountyScene> assemble_scene(LoadedCounty& county, std::unique_ptr<CountyScene> scene = nullptr);

// The attribute fields a picture needs: styles (land-use class), labels (name) and ids.
const std::vector<std::string>& picture_fields();

// Draw order of the standard layers, bottom first; other layers go between parcels and lines.
int standard_layer_rank(const std::string& name);

} // namespace scene
