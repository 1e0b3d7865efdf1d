#include <cstdio>

#include "args.h"
#include "commands.h"
#include "sample/generator.h"
#include "terminal_progress.h"

namespace cli {

int run_sample(int argc, char** argv)
{
    const Args args(argc, argv, 2, {{"--out"}, {"--parcels"}, {"--seed"}, {"--quiet", false}});
    if (!args.positional().empty())
        throw UsageError("unexpected argument '" + args.positional().front() + "'");
    sample::Options options;
    options.out_dir = args.required("--out");
    options.parcels = args.integer("--parcels", 1, 5'000'000).value_or(sample::kDefaultParcels);
    options.seed = static_cast<std::uint64_t>(args.integer("--seed", 0, 1LL << 62).value_or(sample::kDefaultSeed));
    TerminalProgress progress;
    const bool quiet = args.has("--quiet");
    const sample::Result result = sample::generate(options, [&](double f) {
        if (!quiet)
            progress(f);
    });
    std::printf("wrote %s (%lld parcels, %lld with invalid geometry, %lld farmland patches)\n",
                result.geopackage.c_str(), static_cast<long long>(result.parcels),
                static_cast<long long>(result.invalid_parcels), static_cast<long long>(result.farmland_patches));
    std::printf("wrote %s\n", result.dem.c_str());
    return 0;
}

} // namespace cli
