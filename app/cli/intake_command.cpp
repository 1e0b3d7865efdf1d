#include <cstdio>
#include <map>

#include "args.h"
#include "commands.h"
#include "geo/error.h"
#include "geo/intake.h"
#include "interrupt.h"
#include "terminal_progress.h"

namespace cli {

int run_intake(int argc, char** argv)
{
    const Args args(argc, argv, 2,
                    {{"--out"}, {"--report"}, {"--crs"}, {"--working-crs"}, {"--threads"}, {"--quiet", false}});
    geo::IntakeOptions options;
    options.source = args.single_positional("the delivery to take in (planview intake SOURCE --out CLEAN.gpkg)");
    options.out = args.required("--out");
    options.report = args.value_or("--report", "");
    options.assigned_crs = args.value_or("--crs", "");
    options.working_crs = args.value_or("--working-crs", "");
    options.threads = static_cast<int>(args.integer("--threads", 1, 256).value_or(0));
    options.cancel = &cancel_on_interrupt();
    TerminalProgress progress;
    const bool quiet = args.has("--quiet");
    geo::IntakeResult result;
    try {
        result = geo::run_intake(options, [&](double f) {
            if (!quiet)
                progress(f);
        });
    } catch (const geo::Error& error) {
        if (std::string(error.what()) != "cancelled")
            throw;
        std::fprintf(stderr, "\nplanview: intake cancelled; %s left unchanged\n", options.out.c_str());
        return 130;
    }

    std::printf("intake of %s (working CRS %s)\n", options.source.c_str(), result.working_crs.c_str());
    std::printf("%-24s %-18s %9s %9s %9s %9s\n", "layer", "written as", "read", "written", "repaired", "left out");
    for (const auto& layer : result.layers)
        std::printf("%-24s %-18s %9lld %9lld %9lld %9lld\n", layer.source_name.c_str(),
                    layer.out_name.empty() ? "(left out)" : layer.out_name.c_str(), static_cast<long long>(layer.read),
                    static_cast<long long>(layer.written), static_cast<long long>(layer.repaired),
                    static_cast<long long>(layer.left_out));
    std::map<std::string, long long> by_kind;
    for (const auto& problem : result.problems)
        ++by_kind[problem.kind];
    std::printf("\nproblems found: %zu\n", result.problems.size());
    for (const auto& [kind, count] : by_kind)
        std::printf("  %-22s %lld\n", kind.c_str(), count);
    std::printf("wrote %s (layer intake_report lists every problem)\n", options.out.c_str());
    if (!options.report.empty())
        std::printf("wrote %s\n", options.report.c_str());
    return 0;
}

} // namespace cli
