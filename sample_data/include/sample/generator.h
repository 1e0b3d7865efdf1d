#pragma once
// The sample county: a deterministic, Wuyi-like county (about 1,577 km², CGCS2000 /
// EPSG:4549) written as one GeoPackage and a DEM GeoTIFF, for the README, the tests and
// the benchmarks. Same options, same bytes of geometry and attributes, on any machine.
#include <cstdint>
#include <functional>
#include <string>

namespace sample {

inline constexpr std::int64_t kDefaultParcels = 5000;
inline constexpr std::uint64_t kDefaultSeed = 2023;
inline constexpr const char* kGeoPackageName = "wuyi.gpkg";
inline constexpr const char* kDemName = "wuyi_dem.tif";
inline constexpr const char* kTargetsName = "targets.toml"; // the work report's targets

struct Options {
    std::string out_dir;
    std::int64_t parcels = kDefaultParcels;
    std::uint64_t seed = kDefaultSeed;
};

struct Result {
    std::string geopackage; // DIR/wuyi.gpkg
    std::string dem;        // DIR/wuyi_dem.tif
    std::string targets;    // DIR/targets.toml
    std::int64_t parcels = 0;
    std::int64_t invalid_parcels = 0;
    std::int64_t farmland_patches = 0;
};

// Called with a fraction in [0, 1] as the work advances.
using Progress = std::function<void(double)>;

// Writes the county into options.out_dir (created if missing); replaces an earlier sample
// there. Throws geo::Error on a bad option or an unwritable directory.
Result generate(const Options& options, const Progress& progress = {});

// The same county (same options) as a delivery package, as a bureau receives one: a folder of
// Shapefiles with the national specification's table and field codes (DK, YJJBNT, STBHHX,
// CZKFBJ, XZQ, XJXZQ), GBK text without a .cpg, the farmland in EPSG:4528 (zone-prefixed
// eastings) and a few parcels with 三调 codes; the DEM and targets beside them. Result's
// geopackage is empty.
Result generate_delivery(const Options& options, const Progress& progress = {});

} // namespace sample
