#include "sample/generator.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <numeric>

#include "county_plan.h"
#include "delivery_writer.h"
#include "dem_writer.h"
#include "geo/bookmarks.h"
#include "geo/crs.h"
#include "geo/error.h"
#include "geo/parallel.h"
#include "geo/staging.h"
#include "gpkg_writer.h"
#include "landscape.h"
#include "parcels.h"
#include "sample_targets.h"

namespace sample {

inline constexpr std::int64_t kMaxParcels = 5'000'000;

namespace {

// Views a briefing usually needs: the whole county, the county seat, the new town, a township.
void write_bookmarks(const std::string& gpkg, const Landscape& land, const CountyPlan& plan)
{
    auto around = [](Point c, double half_width_m) {
        return geo::Envelope{c.x - half_width_m, c.y - half_width_m * 0.6, c.x + half_width_m,
                             c.y + half_width_m * 0.6};
    };
    const Point seat = land.county_seat();
    std::vector<geo::Bookmark> bookmarks = {
        {"全县", geo::envelope_of(*plan.county), false},
        {"县城", around(seat, 4500), true},
        {"金武新城", around({seat.x + 2900, seat.y + 2400}, 1800), true},
        {"县城三维", around(seat, 6000), false},
    };
    for (const auto& town : land.towns())
        if (town.name == "柳城畲族镇")
            bookmarks.push_back({town.name, around(town.seat, 2500), true});
    geo::save_bookmarks(bookmarks, geo::bookmarks_path(gpkg));
}

// The sample's targets (Wuyi's work report) as another county of a sample city follows them: its
// own name, so that a city's figures say whose they are.
std::string targets_of(const County& county)
{
    std::string toml = kTargetsToml;
    if (county.name == County{}.name)
        return toml;
    auto replace = [&](const std::string& from, const std::string& to) {
        if (const auto at = toml.find(from); at != std::string::npos)
            toml.replace(at, from.size(), to);
    };
    replace("county = \"武义县\"", "county = \"" + county.name + "\"");
    replace("report = \"武义县2023年政府工作报告\"",
            "report = \"" + county.name + "样例目标（同武义县2023年政府工作报告）\"");
    return toml;
}

} // namespace

Result generate(const Options& options, const Progress& progress)
{
    if (options.out_dir.empty())
        throw geo::Error("sample: no output directory given (--out DIR)");
    if (options.parcels < 1 || options.parcels > kMaxParcels)
        throw geo::Error("sample: --parcels must be between 1 and " + std::to_string(kMaxParcels));
    if (options.county.stem.empty() || options.county.adcode.empty())
        throw geo::Error("sample: a county needs a file stem and an administrative code");
    std::error_code ec;
    std::filesystem::create_directories(options.out_dir, ec);
    if (ec || !std::filesystem::is_directory(options.out_dir))
        throw geo::file_error(options.out_dir, "cannot create the output directory (" + ec.message() + ")");

    auto report = [&](double fraction) {
        if (progress)
            progress(fraction);
    };
    Result result;
    const std::filesystem::path out_dir(options.out_dir);
    result.geopackage = (out_dir / (options.county.stem + ".gpkg")).string();
    result.dem = (out_dir / (options.county.stem + "_dem.tif")).string();
    // Written beside the final name and renamed at the end, so an interrupted run never
    // leaves a half-written county where a good one was.
    const std::string partial = result.geopackage + ".partial";

    const Landscape land(options.seed, options.county);
    CountyPlan plan;
    {
        GpkgWriter out(partial, *geo::srs_from_epsg(kWorkingEpsg));
        write_county_and_towns(out, land, plan);
        write_urban_boundary(out, land, plan);
        write_eco_redline(out, land, plan); // before farmland: 三区三线 never overlap
        write_three_zones(out, land, plan);
        write_farmland(out, land, plan);
        report(0.05);
        write_renewal_zones(out, land);
        write_key_projects(out, land);
        write_villages(out, land, plan);
        report(0.1);
        const ParcelStats parcels =
            write_parcels(out, land, plan, options.parcels, [&](double f) { report(0.1 + 0.8 * f); });
        result.parcels = parcels.written;
        result.invalid_parcels = parcels.invalid;
        result.farmland_patches = plan.farmland_patches;
    }
    std::filesystem::rename(partial, result.geopackage, ec);
    if (ec)
        throw geo::file_error(result.geopackage, "cannot move the new GeoPackage into place: " + ec.message());
    write_dem(result.dem, land, plan);
    write_bookmarks(result.geopackage, land, plan);
    result.targets = (std::filesystem::path(options.out_dir) / kTargetsName).string();
    std::ofstream(result.targets) << targets_of(options.county);
    report(1.0);
    return result;
}

std::vector<County> city_counties(int count)
{
    if (count < 1 || count > kMaxCityCounties)
        throw geo::Error("sample: --counties must be between 1 and " + std::to_string(kMaxCityCounties));
    // 金华市's counties; the sample's landscape is Wuyi's, only names, codes and places change.
    static const County kJinhua[] = {
        {"武义县", "330723", "wuyi"},     {"婺城区", "330702", "wucheng"}, {"金东区", "330703", "jindong"},
        {"兰溪市", "330781", "lanxi"},    {"义乌市", "330782", "yiwu"},    {"东阳市", "330783", "dongyang"},
        {"永康市", "330784", "yongkang"}, {"浦江县", "330726", "pujiang"}, {"磐安县", "330727", "panan"},
    };
    // A square grid 60 km apart (the counties are ~45 km across) centred near Wuyi, which stays
    // well inside EPSG:4549's zone (118.5–121.5°E) at 16 counties.
    const int columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count))));
    constexpr double kSpacingKm = 60, kKmPerDegreeLatitude = 111.0;
    const double km_per_degree_longitude = kKmPerDegreeLatitude * std::cos(28.9 * M_PI / 180);
    std::vector<County> counties;
    for (int i = 0; i < count; ++i) {
        County county;
        if (i < static_cast<int>(std::size(kJinhua))) {
            county = kJinhua[i];
        } else {
            char number[8];
            std::snprintf(number, sizeof number, "%02d", i + 1);
            county = {std::string("样例县") + number, std::string("3399") + number, std::string("county") + number};
        }
        const double column = i % columns - (columns - 1) / 2.0, row = i / columns - (columns - 1) / 2.0;
        county.longitude = County{}.longitude + column * kSpacingKm / km_per_degree_longitude;
        county.latitude = County{}.latitude + row * kSpacingKm / kKmPerDegreeLatitude;
        counties.push_back(std::move(county));
    }
    return counties;
}

std::vector<Result> generate_city(const Options& options, const std::vector<County>& counties, int workers,
                                  const Progress& progress)
{
    std::vector<double> done(counties.size(), 0.0);
    std::mutex progress_mutex;
    auto report = [&](std::size_t index, double fraction) {
        if (!progress)
            return;
        std::lock_guard lock(progress_mutex);
        done[index] = fraction;
        progress(std::accumulate(done.begin(), done.end(), 0.0) / static_cast<double>(done.size()));
    };
    std::vector<Result> results(counties.size());
    const int threads = std::clamp(workers > 0 ? workers : geo::default_thread_count(), 1,
                                   static_cast<int>(std::max<std::size_t>(counties.size(), 1)));
    geo::parallel_for(counties.size(), threads, [&](int, std::size_t index) {
        Options county = options;
        county.county = counties[index];
        county.seed = options.seed + index;
        county.out_dir = (std::filesystem::path(options.out_dir) / counties[index].stem).string();
        results[index] = generate(county, [&](double f) { report(index, f); });
    });
    return results;
}

Result generate_delivery(const Options& options, const Progress& progress)
{
    if (options.out_dir.empty())
        throw geo::Error("sample: no output directory given (--delivery DIR)");
    std::error_code ec;
    std::filesystem::create_directories(options.out_dir, ec);
    if (ec || !std::filesystem::is_directory(options.out_dir))
        throw geo::file_error(options.out_dir, "cannot create the output directory (" + ec.message() + ")");
    const geo::StagingDir staging((std::filesystem::path(options.out_dir) / "county").string());
    Options county = options;
    county.out_dir = staging.path_for("county");
    Result result = generate(county, [&](double f) {
        if (progress)
            progress(0.9 * f);
    });
    write_delivery(result.geopackage, options.out_dir);
    const std::filesystem::path out(options.out_dir);
    for (std::string* file : {&result.dem, &result.targets}) {
        const std::filesystem::path destination = out / std::filesystem::path(*file).filename();
        std::filesystem::copy_file(*file, destination, std::filesystem::copy_options::overwrite_existing, ec);
        if (ec)
            throw geo::file_error(destination.string(), "cannot write: " + ec.message());
        *file = destination.string();
    }
    result.geopackage.clear();
    if (progress)
        progress(1.0);
    return result;
}

} // namespace sample
