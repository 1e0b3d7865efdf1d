#include <cstdio>

#include "args.h"
#include "commands.h"
#include "geo/check_output.h"
#include "geo/compliance.h"
#include "geo/crs.h"
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

void print_row(const char* label, const geo::SummaryRow& row)
{
    std::printf("%-22s %8lld %9lld %14.2f %12.2f %12.2f %12.2f\n", label, static_cast<long long>(row.parcels),
                static_cast<long long>(row.conflicts), geo::to_mu(row.area_m2), geo::to_mu(row.farmland_m2),
                geo::to_mu(row.redline_m2), geo::to_mu(row.outside_ucb_m2));
}

void print_summary(const geo::CheckSummary& s, double sliver_m2)
{
    std::printf("compliance check (working CRS %s; areas planar, mu = 2000/3 m²)\n", s.working_crs.c_str());
    std::printf("%-22s %8s %9s %14s %12s %12s %12s\n", "", "parcels", "conflicts", "area_mu", "farmland_mu",
                "redline_mu", "outside_mu");
    print_row("total", s.total);
    std::printf("\nby town\n");
    for (const auto& [town, row] : s.by_town)
        print_row(town.empty() ? "(none)" : town.c_str(), row);
    std::printf("\nby land-use class\n");
    for (const auto& [code, row] : s.by_land_use)
        print_row(code.empty() ? "(none)" : code.c_str(), row);
    std::printf("\nrepaired invalid geometries: parcels %lld, farmland %lld, red line %lld, urban boundary %lld\n",
                static_cast<long long>(s.repaired_parcels), static_cast<long long>(s.repaired_farmland),
                static_cast<long long>(s.repaired_redline), static_cast<long long>(s.repaired_ucb));
    std::printf("parcels with an overlap under the %.2f m² sliver tolerance (not counted as conflicts): %lld\n",
                sliver_m2, static_cast<long long>(s.slivers));
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
                     {"--id-field"},
                     {"--where"},
                     {"--threads"},
                     {"--sliver"},
                     {"--crs"},
                     {"--working-crs"},
                     {"--quiet", false}});
    if (args.positional().size() > 1)
        throw UsageError("unexpected argument '" + args.positional()[1] + "'");
    const std::string county = args.positional().empty() ? "" : args.positional().front();
    const std::string out = args.required("--out");

    geo::CheckOptions options;
    options.parcels = role(args, "--parcels", county);
    options.farmland = role(args, "--farmland", county);
    options.redline = role(args, "--redline", county);
    options.ucb = role(args, "--ucb", county);
    options.id_field = args.value_or("--id-field", "parcel_id");
    options.where = args.value_or("--where", "");
    options.threads = static_cast<int>(args.integer("--threads", 1, 256).value_or(0));
    options.sliver_m2 = args.number("--sliver").value_or(1.0);
    if (options.sliver_m2 < 0)
        throw UsageError("option --sliver needs a non-negative area in m²");
    options.assigned_crs = args.value_or("--crs", "");
    options.working_crs = geo::choose_working_crs([&] {
        auto o = options;
        o.working_crs = args.value_or("--working-crs", "");
        return o;
    }());

    auto writer = geo::CheckWriter::create(out, *geo::srs_from_user_text(options.working_crs));
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
