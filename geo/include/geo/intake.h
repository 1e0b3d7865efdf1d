#pragma once
// Intake of a delivery package as it comes (planview intake): every problem found is reported
// and, where it can be, repaired into one clean GeoPackage in the working CRS with the standard
// role names, UTF-8 text, valid geometries (the originals kept beside), 三调 codes converted to
// 用地用海 ones. The source is only read.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace geo {

struct IntakeOptions {
    std::string source;       // a folder of Shapefiles, a GeoPackage, a FileGDB, PG:…
    std::string out;          // the clean GeoPackage
    std::string report;       // a CSV of the problems; empty: only the GeoPackage's intake_report
    std::string assigned_crs; // for layers without a CRS; else guessed from the coordinates
    std::string working_crs;  // else the CGCS2000 zone of the parcels (or the first layer)
    int threads = 0;          // 0: all cores
    const std::atomic<bool>* cancel = nullptr;
};

// One problem; `kind` is one of: encoding, no_crs, zone_prefix, swapped_axes, invalid_geometry,
// empty_geometry, missing_id, duplicate_id, survey_code, unknown_code, truncated_field_name,
// overlap, unreadable.
struct IntakeProblem {
    std::string layer;     // the source layer
    std::int64_t fid = -1; // the source feature; -1 for the layer as a whole
    std::string kind;
    std::string detail; // what was found
    std::string action; // what intake did about it
};

struct IntakeLayer {
    std::string source_name;
    std::string out_name; // empty when left out
    std::int64_t read = 0, written = 0, repaired = 0, left_out = 0;
};

struct IntakeResult {
    std::string working_crs; // "EPSG:4549"
    std::vector<IntakeLayer> layers;
    std::vector<IntakeProblem> problems;
};

// Throws geo::Error naming the file for a source that cannot be read at all or an output that
// cannot be written, and geo::Error("cancelled") when cancelled; a problem of one layer or one
// feature is reported and the rest goes on.
IntakeResult run_intake(const IntakeOptions& options, const std::function<void(double)>& progress = {});

// The columns of the report: layer, fid, problem, detail, action.
const std::vector<const char*>& intake_report_columns();

} // namespace geo
