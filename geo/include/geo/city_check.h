#pragma once
// The compliance check over a city: one check per county, each with its own layers and its own
// working CRS, several counties at once, a result file per county and a city summary.
#include <string>
#include <vector>

#include "geo/compliance.h"
#include "geo/vector_source.h"

namespace geo {

struct CountyCheck {
    std::string source; // the county's GeoPackage (or other source with every role's layer)
    std::string name;   // the county layer's name (武义县), else the file's stem
    std::string output; // where its per-parcel result went
    CheckSummary summary;
    std::string error; // one line when this county could not be checked; the others still are
};

struct CityCheckOptions {
    std::vector<std::string> counties; // one source per county
    CheckOptions check;                // the rules for every county (its layer refs are ignored)
    std::string out_dir;               // gets STEM.FORMAT per county
    std::string format = "csv";        // csv, gpkg or geojson (CheckWriter's)
    int threads = 0;                   // in all, shared out among the counties; 0: all cores
};

// The county's name: its county layer's name (武义县), else the source's file stem.
std::string county_name(const std::string& source_path);
std::string county_name(const VectorSource& source); // one already open

// Whether `path` is a folder of counties: a folder GDAL does not read as one dataset itself (a
// delivery package of Shapefiles and a FileGDB are single counties).
bool is_city_folder(const std::string& path);

// The county sources of a city folder: every GeoPackage in `dir` and in its subfolders one
// level down (planview sample --counties writes DIR/STEM/STEM.gpkg), sorted by path. Throws
// geo::Error naming `dir` when it is no folder or holds none.
std::vector<std::string> find_county_sources(const std::string& dir);

// Checks every county, as many at once as there are threads (each county's own check gets the
// threads left over), and writes each one's result. A county that fails is reported in its
// CountyCheck's error; the others go on. Progress is the share of counties done. Throws
// geo::Cancelled when callbacks.cancel is set (results already written stay).
std::vector<CountyCheck> run_city_check(const CityCheckOptions& options, const CheckCallbacks& callbacks);

// The city summary as CSV: one row per county and a last row for the whole city (parcels,
// conflicts, areas in m² and mu, repairs, slivers, the result file or the error).
void write_city_summary(const std::vector<CountyCheck>& counties, const std::string& path);

} // namespace geo
