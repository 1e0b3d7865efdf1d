#include "geo/city_check.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <numeric>
#include <regex>
#include <thread>

#include <cpl_error.h>

#include "geo/check_output.h"
#include "geo/crs.h"
#include "geo/error.h"
#include "geo/gdal_target.h"
#include "geo/parallel.h"
#include "geo/three_zones.h"
#include "geo/units.h"
#include "geo/vector_source.h"

namespace geo {
namespace {

namespace fs = std::filesystem;

bool is_geopackage(const fs::directory_entry& entry)
{
    return entry.is_regular_file() && entry.path().extension() == ".gpkg";
}

// The county's result file name: a file's stem, or a database connection's schema (or database).
std::string output_stem(const std::string& source)
{
    if (!is_postgresql(source))
        return fs::path(source).stem().string();
    static const std::regex named(R"((?:^|\s)(schemas|dbname)\s*=\s*([A-Za-z0-9_]+))");
    std::string stem = "county";
    for (std::sregex_iterator m(source.begin(), source.end(), named), end; m != end; ++m)
        if ((*m)[1] == "schemas" || stem == "county")
            stem = (*m)[2];
    return stem;
}

CountyCheck check_county(const std::string& source, const CityCheckOptions& city, int threads,
                         const CheckCallbacks& callbacks)
{
    CountyCheck county;
    county.source = source;
    county.name = county_name(source);
    county.output = (fs::path(city.out_dir) / (output_stem(source) + "." + city.format)).string();
    CheckOptions options = city.check;
    options.parcels = options.farmland = options.redline = options.ucb = {source, {}};
    options.zones = {};
    options.threads = threads;
    try {
        options.working_crs = choose_working_crs(options);
        const auto writer = CheckWriter::create(county.output, *srs_from_user_text(options.working_crs),
                                                options.measure_zones && has_three_zones(options));
        options.keep_geometry = writer->wants_geometry();
        CheckCallbacks own = callbacks;
        own.on_batch = [&](std::vector<ParcelCheck>& batch) { writer->add(batch); };
        county.summary = run_check(options, own);
        writer->finish();
    } catch (const Cancelled&) {
        throw;
    } catch (const Error& e) {
        county.error = e.what();
        county.output.clear();
    }
    return county;
}

} // namespace

std::string county_name(const VectorSource& source)
{
    if (OGRLayer* county = find_role_layer(source, LayerRole::County)) {
        county->ResetReading();
        const auto field = find_field(*county->GetLayerDefn(), FieldRole::Name);
        const FeaturePtr feature(county->GetNextFeature());
        if (field && feature && feature->IsFieldSetAndNotNull(field->index))
            return feature->GetFieldAsString(field->index);
    }
    return output_stem(source.path());
}

std::string county_name(const std::string& source_path)
{
    try {
        return county_name(VectorSource::open(source_path));
    } catch (const Error&) {
        // the check itself reports what is wrong with the source
    }
    return output_stem(source_path);
}

bool is_city_folder(const std::string& path)
{
    std::error_code ec;
    if (!fs::is_directory(path, ec))
        return false;
    ensure_gdal_registered();
    const CPLErrorHandlerPusher quiet(CPLQuietErrorHandler);
    const DatasetPtr itself(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    return !itself || itself->GetLayerCount() == 0;
}

std::vector<std::string> find_county_sources(const std::string& dir)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw file_error(dir, "is not a folder of counties");
    std::vector<std::string> sources;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (is_geopackage(entry))
            sources.push_back(entry.path().string());
        else if (entry.is_directory())
            for (const auto& inner : fs::directory_iterator(entry.path(), ec))
                if (is_geopackage(inner))
                    sources.push_back(inner.path().string());
    }
    if (ec)
        throw file_error(dir, "cannot list the folder (" + ec.message() + ")");
    if (sources.empty())
        throw file_error(dir, "holds no county GeoPackage (*.gpkg in it or in its subfolders)");
    std::sort(sources.begin(), sources.end());
    return sources;
}

std::vector<CountyCheck> run_city_check(const CityCheckOptions& options, const CheckCallbacks& callbacks)
{
    if (options.counties.empty())
        throw Error("city check: no counties given");
    std::error_code ec;
    fs::create_directories(options.out_dir, ec);
    if (ec || !fs::is_directory(options.out_dir))
        throw file_error(options.out_dir, "cannot create the output folder (" + ec.message() + ")");

    const int threads = options.threads > 0 ? options.threads : default_thread_count();
    const int at_once = std::clamp(threads, 1, static_cast<int>(options.counties.size()));
    const int threads_each = std::max(1, threads / at_once);

    std::vector<CountyCheck> results(options.counties.size());
    std::vector<double> done(options.counties.size(), 0.0);
    std::mutex progress_mutex;
    const std::thread::id caller = std::this_thread::get_id();
    std::atomic<std::size_t> next{0};
    // Counties are taken in turn by whichever worker is free, so a large county does not hold
    // back the small ones queued behind it.
    const auto work = [&](int, std::size_t) {
        for (std::size_t i = next++; i < options.counties.size(); i = next++) {
            CheckCallbacks own;
            own.cancel = callbacks.cancel;
            own.on_progress = [&, i](double fraction) {
                std::lock_guard lock(progress_mutex);
                done[i] = fraction;
                // The caller's callback runs on the calling thread only, as run_check promises.
                if (callbacks.on_progress && std::this_thread::get_id() == caller)
                    callbacks.on_progress(std::accumulate(done.begin(), done.end(), 0.0) /
                                          static_cast<double>(done.size()));
            };
            results[i] = check_county(options.counties[i], options, threads_each, own);
            std::lock_guard lock(progress_mutex);
            done[i] = 1.0;
        }
    };
    const auto cancelled = [&] { return callbacks.cancel != nullptr && callbacks.cancel->load(); };
    try {
        parallel_for(static_cast<std::size_t>(at_once), at_once, work);
    } catch (const Error&) {
        if (cancelled()) // parallel_for hands a worker's Cancelled on as a plain Error
            throw Cancelled();
        throw;
    }
    if (cancelled())
        throw Cancelled();
    if (callbacks.on_progress)
        callbacks.on_progress(1.0);
    return results;
}

void write_city_summary(const std::vector<CountyCheck>& counties, const std::string& path)
{
    GdalTarget target(path, "CSV", ".csv");
    OGRLayer& layer = target.create_layer("city_summary", nullptr, wkbNone);
    const std::pair<const char*, OGRFieldType> fields[] = {
        {"county", OFTString},       {"source", OFTString},
        {"working_crs", OFTString},  {"parcels", OFTInteger},
        {"conflicts", OFTInteger},   {"area_m2", OFTReal},
        {"area_mu", OFTReal},        {"farmland_m2", OFTReal},
        {"farmland_mu", OFTReal},    {"redline_m2", OFTReal},
        {"redline_mu", OFTReal},     {"outside_ucb_m2", OFTReal},
        {"outside_ucb_mu", OFTReal}, {"repaired_parcels", OFTInteger},
        {"slivers", OFTInteger},     {"result", OFTString},
        {"error", OFTString}};
    for (const auto& [name, type] : fields) {
        OGRFieldDefn definition(name, type);
        if (layer.CreateField(&definition) != OGRERR_NONE)
            throw file_error(path, std::string("cannot create field ") + name);
    }
    auto write_row = [&](const std::string& name, const std::string& source, const std::string& crs,
                         const SummaryRow& row, std::int64_t repaired, std::int64_t slivers, const std::string& result,
                         const std::string& error) {
        OGRFeature feature(layer.GetLayerDefn());
        feature.SetField("county", name.c_str());
        feature.SetField("source", source.c_str());
        feature.SetField("working_crs", crs.c_str());
        feature.SetField("parcels", static_cast<int>(row.parcels));
        feature.SetField("conflicts", static_cast<int>(row.conflicts));
        const std::pair<const char*, double> areas[] = {{"area", row.area_m2},
                                                        {"farmland", row.farmland_m2},
                                                        {"redline", row.redline_m2},
                                                        {"outside_ucb", row.outside_ucb_m2}};
        for (const auto& [field, m2] : areas) {
            feature.SetField((std::string(field) + "_m2").c_str(), m2);
            feature.SetField((std::string(field) + "_mu").c_str(), to_mu(m2));
        }
        feature.SetField("repaired_parcels", static_cast<int>(repaired));
        feature.SetField("slivers", static_cast<int>(slivers));
        feature.SetField("result", result.c_str());
        feature.SetField("error", error.c_str());
        target.write(layer, feature);
    };
    SummaryRow city;
    std::int64_t repaired = 0, slivers = 0;
    for (const auto& county : counties) {
        const CheckSummary& s = county.summary;
        write_row(county.name, county.source, s.working_crs, s.total, s.repaired_parcels, s.slivers, county.output,
                  county.error);
        city.add(s.total);
        repaired += s.repaired_parcels;
        slivers += s.slivers;
    }
    write_row("city", "", "", city, repaired, slivers, "", "");
    target.finish();
}

} // namespace geo
