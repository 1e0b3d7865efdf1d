#pragma once
// The sample county: a deterministic, Wuyi-like county (about 1,577 km², CGCS2000 /
// EPSG:4549) written as one GeoPackage and a DEM GeoTIFF, for the README, the tests and
// the benchmarks. Same options, same bytes of geometry and attributes, on any machine.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sample {

inline constexpr std::int64_t kDefaultParcels = 5000;
inline constexpr std::uint64_t kDefaultSeed = 2023;
inline constexpr const char* kGeoPackageName = "wuyi.gpkg"; // the default county's files
inline constexpr const char* kDemName = "wuyi_dem.tif";
inline constexpr const char* kTargetsName = "targets.toml"; // the work report's targets

// Which county a sample is: its name, code and where it lies. Wuyi by default; a city's
// counties (city_counties) lie side by side around Jinhua.
struct County {
    std::string name = "武义县";
    std::string adcode = "330723"; // the county's administrative code; prefixes parcel and town codes
    std::string stem = "wuyi";     // file names: STEM.gpkg, STEM_dem.tif
    double longitude = 119.80;     // the county's centre (CGCS2000)
    double latitude = 28.82;
};

struct Options {
    std::string out_dir;
    std::int64_t parcels = kDefaultParcels;
    std::uint64_t seed = kDefaultSeed;
    County county;
};

struct Result {
    std::string geopackage; // DIR/STEM.gpkg (wuyi.gpkg)
    std::string dem;        // DIR/STEM_dem.tif
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

// A city of `count` sample counties (1 to kMaxCityCounties) side by side on a grid 60 km apart,
// all in EPSG:4549: Jinhua's nine counties' names and codes first, then numbered ones.
inline constexpr int kMaxCityCounties = 16;
std::vector<County> city_counties(int count);

// Writes each county of `counties` as generate() does, into out_dir/STEM/ (STEM.gpkg,
// STEM_dem.tif, targets.toml), options.parcels parcels each, every county with its own seed
// (options.seed + its index); up to `workers` counties at once (0: all cores).
std::vector<Result> generate_city(const Options& options, const std::vector<County>& counties, int workers = 0,
                                  const Progress& progress = {});

// The same county (same options) as a delivery package, as a bureau receives one: a folder of
// Shapefiles with the national specification's table and field codes (DK, YJJBNT, STBHHX,
// CZKFBJ, XZQ, XJXZQ), GBK text without a .cpg, the farmland in EPSG:4528 (zone-prefixed
// eastings) and a few parcels with 三调 codes; the DEM and targets beside them. Result's
// geopackage is empty.
Result generate_delivery(const Options& options, const Progress& progress = {});

} // namespace sample
