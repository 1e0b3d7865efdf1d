#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "args.h"
#include "commands.h"
#include "engine_option.h"
#include "geo/check_output.h"
#include "geo/city_check.h"
#include "geo/compliance.h"
#include "geo/crs.h"
#include "geo/three_zones.h"
#include "geo/units.h"
#include "interrupt.h"
#include "terminal_progress.h"

namespace cli {
namespace {

geo::LayerRef role(const Args& args, const char* flag, const std::string& county)
{
    const auto given = args.value(flag);
    if (!given) {
        if (county.empty())
            throw UsageError(std::string("no county GeoPackage given, so ") + flag + " is required");
        return {county, {}};
    }
    const geo::SourceSpec spec = geo::parse_source_spec(*given);
    return {spec.path, spec.layer};
}

// `text` padded with spaces to `columns` terminal columns: a Chinese character takes two
// columns and three bytes, so printf's byte-counted width misaligns town names.
std::string padded(const std::string& text, int columns)
{
    int width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t bytes = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        width += bytes >= 3 ? 2 : 1; // CJK lies in the 3- and 4-byte ranges
        i += bytes;
    }
    return text + std::string(static_cast<std::size_t>(std::max(0, columns - width)), ' ');
}

void print_row(const std::string& label, const geo::SummaryRow& row)
{
    std::printf("%s %8lld %9lld %14.2f %12.2f %12.2f %12.2f\n", label.c_str(), static_cast<long long>(row.parcels),
                static_cast<long long>(row.conflicts), geo::to_mu(row.area_m2), geo::to_mu(row.farmland_m2),
                geo::to_mu(row.redline_m2), geo::to_mu(row.outside_ucb_m2));
}

void print_summary(const geo::CheckSummary& s, double sliver_m2)
{
    std::printf("compliance check (working CRS %s; areas planar, mu = 2000/3 m²)%s\n", s.working_crs.c_str(),
                s.in_postgis ? ", run inside PostGIS" : "");
    std::printf("%-22s %8s %9s %14s %12s %12s %12s\n", "", "parcels", "conflicts", "area_mu", "farmland_mu",
                "redline_mu", "outside_mu");
    print_row(padded("total", 22), s.total);
    std::printf("\nby town\n");
    for (const auto& [town, row] : s.by_town)
        print_row(padded(town.empty() ? "(none)" : town, 22), row);
    std::printf("\nby land-use class\n");
    for (const auto& [code, row] : s.by_land_use)
        print_row(padded(code.empty() ? "(none)" : code, 22), row);
    std::printf("\nrepaired invalid geometries: parcels %lld, farmland %lld, red line %lld, urban boundary %lld\n",
                static_cast<long long>(s.repaired_parcels), static_cast<long long>(s.repaired_farmland),
                static_cast<long long>(s.repaired_redline), static_cast<long long>(s.repaired_ucb));
    std::printf("parcels with an overlap under the %.2f m² sliver tolerance (not counted as conflicts): %lld\n",
                sliver_m2, static_cast<long long>(s.slivers));
    if (s.zone_m2) {
        std::printf("\nby zone (三区)\n");
        for (std::size_t z = 0; z < geo::kZoneNames.size(); ++z)
            std::printf("%s %14.2f mu\n", padded(geo::kZoneNames[z], 22).c_str(), geo::to_mu((*s.zone_m2)[z]));
    }
}

// `planview check CITY_DIR|COUNTY… --out DIR`: every county checked, several at once.
int run_city_check(const Args& args, const std::vector<std::string>& given, geo::CheckOptions rules, bool quiet)
{
    for (const char* flag : {"--parcels", "--farmland", "--redline", "--ucb", "--where", "--id-field"})
        if (args.has(flag))
            throw UsageError(std::string(flag) + " names one county's layer; a city check takes each county's own");
    geo::CityCheckOptions options;
    for (const auto& path : given) {
        if (geo::is_city_folder(path))
            for (auto& source : geo::find_county_sources(path))
                options.counties.push_back(std::move(source));
        else
            options.counties.push_back(path);
    }
    options.check = std::move(rules);
    options.out_dir = args.required("--out");
    options.format = args.value_or("--format", "csv");
    if (options.format != "csv" && options.format != "gpkg" && options.format != "geojson")
        throw UsageError("option --format takes csv, gpkg or geojson");
    options.threads = options.check.threads;

    TerminalProgress progress;
    geo::CheckCallbacks callbacks;
    callbacks.cancel = &cancel_on_interrupt();
    callbacks.on_progress = [&](double f) {
        if (!quiet)
            progress(f);
    };
    std::vector<geo::CountyCheck> counties;
    try {
        counties = geo::run_city_check(options, callbacks);
    } catch (const geo::Cancelled&) {
        std::fprintf(stderr, "\nplanview: city check cancelled; results already written in %s stay\n",
                     options.out_dir.c_str());
        return 130;
    }
    const std::string summary = (std::filesystem::path(options.out_dir) / "city_summary.csv").string();
    geo::write_city_summary(counties, summary);

    std::printf("city compliance check: %zu counties (areas planar in each county's working CRS, mu = 2000/3 m²)\n",
                counties.size());
    std::printf("%-22s %8s %9s %14s %12s %12s %12s\n", "", "parcels", "conflicts", "area_mu", "farmland_mu",
                "redline_mu", "outside_mu");
    geo::SummaryRow city;
    int failed = 0;
    for (const auto& county : counties) {
        print_row(padded(county.name, 22), county.summary.total);
        city.add(county.summary.total);
        if (!county.error.empty()) {
            std::fprintf(stderr, "planview: %s not checked: %s\n", county.source.c_str(), county.error.c_str());
            ++failed;
        }
    }
    print_row(padded("city", 22), city);
    std::printf("wrote %s and one result per county in %s\n", summary.c_str(), options.out_dir.c_str());
    return failed == 0 ? 0 : 1;
}

} // namespace

int run_check(int argc, char** argv)
{
    const Args args(argc, argv, 2,
                    {{"--out"},
                     {"--parcels"},
                     {"--farmland"},
                     {"--redline"},
                     {"--ucb"},
                     {"--zones"},
                     {"--id-field"},
                     {"--where"},
                     {"--threads"},
                     {"--sliver"},
                     {"--crs"},
                     {"--working-crs"},
                     {"--format"},
                     {"--engine"},
                     {"--quiet", false}});
    const auto& given = args.positional();
    const bool city = given.size() > 1 || (given.size() == 1 && geo::is_city_folder(given.front()));
    if (!city && args.has("--format"))
        throw UsageError("--format is for a city check; a county's result format follows --out's extension");
    const std::string county = given.empty() || city ? "" : given.front();
    const std::string out = args.required("--out");

    geo::CheckOptions options;
    if (!city) {
        options.parcels = role(args, "--parcels", county);
        options.farmland = role(args, "--farmland", county);
        options.redline = role(args, "--redline", county);
        options.ucb = role(args, "--ucb", county);
    }
    options.id_field = args.value_or("--id-field", "");
    options.where = args.value_or("--where", "");
    options.threads = static_cast<int>(args.integer("--threads", 1, 256).value_or(0));
    options.sliver_m2 = args.number("--sliver").value_or(1.0);
    if (options.sliver_m2 < 0)
        throw UsageError("option --sliver needs a non-negative area in m²");
    options.assigned_crs = args.value_or("--crs", "");
    options.engine = engine_option(args);
    const auto zones = args.value("--zones");
    const bool no_zones = zones == "none"; // the three zones not measured, even where the county has them
    if (city) {
        if (zones && !no_zones)
            throw UsageError("--zones FILE names one county's layer; a city check takes each county's own (or none)");
        options.measure_zones = !no_zones;
        options.working_crs = args.value_or("--working-crs", "");
        return run_city_check(args, given, std::move(options), args.has("--quiet"));
    }
    options.working_crs = geo::choose_working_crs([&] {
        auto o = options;
        o.working_crs = args.value_or("--working-crs", "");
        return o;
    }());

    if (zones && !no_zones) {
        const geo::SourceSpec spec = geo::parse_source_spec(*zones);
        options.zones = {spec.path, spec.layer};
    }
    options.measure_zones = !no_zones;
    auto writer = geo::CheckWriter::create(out, *geo::srs_from_user_text(options.working_crs),
                                           !no_zones && geo::has_three_zones(options));
    options.keep_geometry = writer->wants_geometry();

    TerminalProgress progress;
    const bool quiet = args.has("--quiet");
    geo::CheckCallbacks callbacks;
    callbacks.cancel = &cancel_on_interrupt();
    callbacks.on_batch = [&](std::vector<geo::ParcelCheck>& batch) { writer->add(batch); };
    callbacks.on_progress = [&](double f) {
        if (!quiet)
            progress(f);
    };
    geo::CheckSummary summary;
    try {
        summary = geo::run_check(options, callbacks);
    } catch (const geo::Cancelled&) {
        std::fprintf(stderr, "\nplanview: check cancelled; %s left unchanged\n", out.c_str());
        return 130;
    }
    writer->finish();
    print_summary(summary, options.sliver_m2);
    std::printf("wrote %s\n", out.c_str());
    return 0;
}

} // namespace cli
