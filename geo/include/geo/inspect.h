#pragma once
// What `planview info` reports about a dataset: per vector layer its driver, geometry type,
// count, CRS, extent, invalid geometries and area; per raster its grid and value range.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "geo/crs.h"
#include "geo/roles.h"

namespace geo {

struct FieldValue {
    std::string name;
    std::string value; // UTF-8; empty when null
    bool is_null = false;
};

struct FeatureSample {
    std::int64_t fid = 0;
    std::vector<FieldValue> fields;
    std::string geometry_wkt; // shortened for display
};

struct LayerReport {
    std::string name;
    std::string geometry_type;
    std::int64_t feature_count = 0;
    CrsDescription crs;
    std::optional<OGREnvelope> extent; // in the layer's CRS
    bool polygonal = false;
    bool measured = false;         // the areas below were computed (polygonal, with a CRS)
    std::optional<RoleGuess> role; // the part it plays (roles.h), when it plays one
    bool role_used = false;        // false when another layer of the source claims the role more strongly
    std::vector<std::pair<FieldRole, FieldMatch>> fields; // the fields that play a part (roles.h)
    std::int64_t invalid_count = 0;                       // invalid geometries (repaired with MakeValid for the area)
    std::int64_t null_geometry_count = 0;
    double planar_area_m2 = 0;         // in the working CRS, invalid ones repaired
    double ellipsoidal_area_m2 = 0;    // on the working CRS's ellipsoid (CGCS2000 for Chinese data)
    std::vector<std::string> warnings; // no CRS, empty, invalid geometries: listed, not fatal
    std::vector<std::string> errors;   // problems that make this layer unreadable
    std::vector<FeatureSample> features;
};

struct VectorReport {
    std::string path;
    std::string driver;
    CrsDescription working_crs;
    std::vector<std::string> warnings;
    std::vector<LayerReport> layers;
};

struct RasterReport {
    std::string path;
    std::string driver;
    int width = 0, height = 0, bands = 0;
    CrsDescription crs;
    double resolution_x = 0, resolution_y = 0;
    OGREnvelope extent;
    std::optional<double> nodata;
    double min = 0, max = 0;
};

struct InspectOptions {
    std::string assigned_crs; // --crs: CRS for layers that have none
    std::string working_crs;  // --working-crs: overrides the zone chosen from the data
    int feature_samples = 0;  // --features N
    std::string only_layer;   // report just this layer (PATH:LAYER); unknown names throw
};

enum class DataKind { Vector, Raster };
// Throws geo::Error("PATH: problem") for a missing, empty or unreadable path.
DataKind probe_kind(const std::string& path);

// Throws geo::Error for problems with the file as a whole; problems of one layer go to
// that layer's `errors` so the others are still reported.
VectorReport inspect_vector(const std::string& path, const InspectOptions& options);
RasterReport inspect_raster(const std::string& path);

} // namespace geo
