#include <cstdio>
#include <filesystem>

#include "args.h"
#include "commands.h"
#include "geo/error.h"
#include "geo/postgis_load.h"
#include "geo/vector_source.h"
#include "terminal_progress.h"

namespace cli {

int run_load(int argc, char** argv)
{
    const Args args(argc, argv, 2, {{"--schema"}, {"--quiet", false}});
    if (args.positional().size() != 2)
        throw UsageError("give the county and the database: planview load COUNTY.gpkg PG:\"host=… dbname=…\"");
    const std::string& county = args.positional()[0];
    const std::string& database = args.positional()[1];
    const std::string schema = args.value_or("--schema", std::filesystem::path(county).stem().string());
    TerminalProgress progress;
    const bool quiet = args.has("--quiet");
    const geo::PostgisLoad load = geo::load_into_postgis(county, database, schema, [&](double f) {
        if (!quiet)
            progress(f);
    });
    std::printf("loaded %d layers (%lld features) of %s into schema %s of %s\n", load.layers, load.features,
                county.c_str(), load.schema.c_str(), geo::without_password(database).c_str());
    std::printf("open it as '%s'\n", geo::without_password(load.connection).c_str());
    return 0;
}

} // namespace cli
