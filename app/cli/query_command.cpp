#include <cstdio>
#include <optional>

#include "args.h"
#include "commands.h"
#include "engine_option.h"
#include "geo/crs.h"
#include "geo/match_writer.h"
#include "geo/query.h"
#include "interrupt.h"
#include "terminal_progress.h"

namespace cli {
namespace {

geo::LayerRef layer_ref(const std::string& text)
{
    const geo::SourceSpec spec = geo::parse_source_spec(text);
    return {spec.path, spec.layer};
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
                     {"--threads"},
                     {"--crs"},
                     {"--working-crs"},
                     {"--engine"},
                     {"--quiet", false}});
    geo::QueryOptions options;
    options.subject = layer_ref(args.single_positional("the layer to query (planview query FILE[:LAYER] ...)"));
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
    std::printf("%lld of %lld features match '%s' (working CRS %s%s); wrote %s\n",
                static_cast<long long>(result.matched), static_cast<long long>(result.examined),
                geo::predicate_name(options.predicate), result.working_crs.c_str(),
                result.in_postgis ? ", run inside PostGIS" : "", out.c_str());
    return 0;
}

} // namespace cli
