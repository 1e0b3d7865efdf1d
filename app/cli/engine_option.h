#pragma once
// --engine auto|local|postgis, shared by check and query.
#include "args.h"
#include "geo/compliance.h"

namespace cli {

inline geo::CheckEngine engine_option(const Args& args)
{
    const std::string engine = args.value_or("--engine", "auto");
    if (engine != "auto" && engine != "local" && engine != "postgis")
        throw UsageError("option --engine takes auto, local or postgis");
    return engine == "local"     ? geo::CheckEngine::Local
           : engine == "postgis" ? geo::CheckEngine::PostGIS
                                 : geo::CheckEngine::Automatic;
}

} // namespace cli
