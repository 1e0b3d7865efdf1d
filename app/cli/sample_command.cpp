#include <cstdio>

#include "args.h"
#include "commands.h"
#include "sample/generator.h"
#include "terminal_progress.h"

namespace cli {

int run_sample(int argc, char** argv)
{
    const Args args(
        argc, argv, 2,
        {{"--out"}, {"--delivery"}, {"--parcels"}, {"--seed"}, {"--counties"}, {"--threads"}, {"--quiet", false}});
    if (!args.positional().empty())
        throw UsageError("unexpected argument '" + args.positional().front() + "'");
    sample::Options options;
    const auto delivery = args.value("--delivery");
    if (delivery && args.value("--out"))
        throw UsageError("give either --out DIR (a GeoPackage) or --delivery DIR (a delivery package), not both");
    options.out_dir = delivery ? *delivery : args.required("--out");
    options.parcels = args.integer("--parcels", 1, 5'000'000).value_or(sample::kDefaultParcels);
    options.seed = static_cast<std::uint64_t>(args.integer("--seed", 0, 1LL << 62).value_or(sample::kDefaultSeed));
    TerminalProgress progress;
    const bool quiet = args.has("--quiet");
    auto report = [&](double f) {
        if (!quiet)
            progress(f);
    };
    if (const auto counties = args.integer("--counties", 1, sample::kMaxCityCounties)) {
        if (delivery)
            throw UsageError("--counties writes GeoPackages; give --out DIR, not --delivery");
        const int threads = static_cast<int>(args.integer("--threads", 1, 256).value_or(0));
        const auto results =
            sample::generate_city(options, sample::city_counties(static_cast<int>(*counties)), threads, report);
        long long parcels = 0;
        for (const auto& county : results) {
            std::printf("wrote %s (%lld parcels, %lld farmland patches)\n", county.geopackage.c_str(),
                        static_cast<long long>(county.parcels), static_cast<long long>(county.farmland_patches));
            parcels += county.parcels;
        }
        std::printf("a city of %zu counties, %lld parcels, in %s\n", results.size(), parcels, options.out_dir.c_str());
        return 0;
    }
    if (delivery) {
        const sample::Result result = sample::generate_delivery(options, report);
        std::printf("wrote the delivery package %s: DK, YJJBNT, STBHHX, CZKFBJ, XZQ, XJXZQ (.shp, GBK without .cpg; "
                    "%lld parcels, %lld farmland patches in EPSG:4528)\n",
                    options.out_dir.c_str(), static_cast<long long>(result.parcels),
                    static_cast<long long>(result.farmland_patches));
        std::printf("wrote %s\n", result.dem.c_str());
        return 0;
    }
    const sample::Result result = sample::generate(options, report);
    std::printf("wrote %s (%lld parcels, %lld with invalid geometry, %lld farmland patches)\n",
                result.geopackage.c_str(), static_cast<long long>(result.parcels),
                static_cast<long long>(result.invalid_parcels), static_cast<long long>(result.farmland_patches));
    std::printf("wrote %s\n", result.dem.c_str());
    return 0;
}

} // namespace cli
