#include <cstdio>
#include <filesystem>
#include <optional>

#include "args.h"
#include "commands.h"
#include "engine_option.h"
#include "geo/city_check.h"
#include "geo/crs.h"
#include "geo/match_writer.h"
#include "geo/query.h"
#include "geo/vector_source.h"
#include "interrupt.h"
#include "terminal_progress.h"

namespace cli {
namespace {

geo::LayerRef layer_ref(const std::string& text)
{
    const geo::SourceSpec spec = geo::parse_source_spec(text);
    return {spec.path, spec.layer};
}

// A city queried as one: each county's subject layer (in `sources`, the counties' files or
// PostGIS schemas) against the other layer of every county (--with LAYER, or CITY:LAYER for a
// city folder) or a geometry. The counties' names, for the matches' `county`.
std::vector<std::string> query_over_counties(geo::QueryOptions& options, const std::vector<std::string>& sources,
                                             const std::string& city)
{
    if (options.wkt.empty()) {
        if (options.other.path == city && !options.other.layer.empty())
            options.other.path = sources.front();
        else if (options.other.layer.empty() && !std::filesystem::exists(options.other.path) &&
                 !geo::is_postgresql(options.other.path))
            options.other = {sources.front(), options.other.path}; // only the layer's name
        else
            throw UsageError("a city's layer is compared with another layer of the same counties (--with LAYER) or "
                             "a geometry (--wkt)");
    }
    options.subject.path = sources.front();
    options.more_sources.assign(sources.begin() + 1, sources.end());
    std::vector<std::string> names;
    for (const std::string& source : sources)
        names.push_back(geo::county_name(source));
    return names;
}

} // namespace

int run_query(int argc, char** argv)
{
    const Args args(argc, argv, 2,
                    {{"--predicate"},
                     {"--with"},
                     {"--wkt"},
                     {"--distance"},
                     {"--where"},
                     {"--with-where"},
                     {"--out"},
                     {"--layer"},
                     {"--threads"},
                     {"--crs"},
                     {"--working-crs"},
                     {"--engine"},
                     {"--quiet", false}});
    geo::QueryOptions options;
    const std::vector<std::string>& sources = args.positional();
    if (sources.empty())
        throw UsageError("missing the layer to query (planview query FILE[:LAYER] ...)");
    options.subject = layer_ref(sources.front());
    if (auto layer = args.value("--layer"))
        options.subject.layer = *layer;
    options.predicate = geo::parse_predicate(args.required("--predicate"));
    if (args.has("--with") == args.has("--wkt"))
        throw UsageError("give exactly one of --with SOURCE and --wkt WKT");
    if (args.has("--with"))
        options.other = layer_ref(*args.value("--with"));
    options.wkt = args.value_or("--wkt", "");
    options.distance = args.number("--distance").value_or(0);
    if (options.predicate == geo::Predicate::DWithin && !args.has("--distance"))
        throw UsageError("dwithin needs --distance M");
    options.where = args.value_or("--where", "");
    options.other_where = args.value_or("--with-where", "");
    options.threads = static_cast<int>(args.integer("--threads", 1, 256).value_or(0));
    options.assigned_crs = args.value_or("--crs", "");
    options.working_crs = args.value_or("--working-crs", "");
    options.engine = engine_option(args);
    const std::string out = args.required("--out");
    // A city: its folder, or its counties' sources one after another (GeoPackages, PostGIS schemas).
    std::vector<std::string> counties;
    if (sources.size() > 1 || geo::is_city_folder(options.subject.path)) {
        if (options.subject.layer.empty())
            throw UsageError("name the layer to query in each county: planview query CITY:LAYER ..., or "
                             "SOURCE... --layer LAYER");
        std::vector<std::string> county_sources;
        if (sources.size() > 1)
            for (const auto& source : sources)
                county_sources.push_back(layer_ref(source).path);
        else
            county_sources = geo::find_county_sources(options.subject.path);
        counties = query_over_counties(options, county_sources, options.subject.path);
    }

    // The working CRS decides the output's CRS, so settle it before creating the file.
    if (options.working_crs.empty()) {
        geo::CheckOptions probe;
        probe.parcels = options.subject;
        if (probe.parcels.layer.empty())
            probe.parcels.layer = geo::VectorSource::open(options.subject.path).layer_names().front();
        probe.assigned_crs = options.assigned_crs;
        options.working_crs = geo::choose_working_crs(probe);
    }
    const auto working = geo::srs_from_user_text(options.working_crs);
    geo::MatchWriter writer(out, *working);
    writer.name_sources(counties);

    TerminalProgress progress;
    const bool quiet = args.has("--quiet");
    geo::QueryCallbacks callbacks;
    callbacks.cancel = &cancel_on_interrupt();
    callbacks.on_matches = [&](std::vector<geo::QueryMatch>& matches) { writer.add(matches); };
    callbacks.on_progress = [&](double f) {
        if (!quiet)
            progress(f);
    };
    geo::QueryResult result;
    try {
        result = geo::run_query(options, callbacks);
    } catch (const geo::Cancelled&) {
        std::fprintf(stderr, "\nplanview: query cancelled; %s left unchanged\n", out.c_str());
        return 130;
    }
    auto subject = geo::VectorSource::open(options.subject.path);
    OGRLayer& layer =
        options.subject.layer.empty() ? *subject.dataset().GetLayer(0) : subject.layer(options.subject.layer);
    writer.finish(layer.GetLayerDefn());
    const std::string where_run = result.in_postgis  ? ", run inside PostGIS"
                                  : counties.empty() ? ""
                                                     : ", " + std::to_string(counties.size()) + " counties";
    std::printf("%lld of %lld features match '%s' (working CRS %s%s); wrote %s\n",
                static_cast<long long>(result.matched), static_cast<long long>(result.examined),
                geo::predicate_name(options.predicate), result.working_crs.c_str(), where_run.c_str(), out.c_str());
    return 0;
}

} // namespace cli
