// planview: the command-line entry point. Each subcommand lives in app/cli; this file only
// dispatches and turns every error into one line on stderr with a non-zero exit.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include <QtGlobal>
#include <cpl_error.h>
#include <gdal.h>
#include <geos_c.h>
#include <osg/Version>
#include <proj.h>

#include <filesystem>

#include "cli/args.h"
#include "cli/commands.h"
#include "geo/error.h"
#include "sample/generator.h"
#include "viewer_app.h"

namespace {

struct Command {
    const char* name;
    const char* summary;
    int (*run)(int, char**);
};

// `planview` alone opens the sample county, making it first if this build has none yet.
int open_sample(int argc, char** argv)
{
    const std::string dir = PLANVIEW_DEFAULT_SAMPLE_DIR;
    const std::string gpkg = dir + "/" + sample::kGeoPackageName;
    if (!std::filesystem::exists(gpkg)) {
        std::fprintf(stderr, "planview: making the sample county in %s\n", dir.c_str());
        sample::generate({dir, sample::kDefaultParcels, sample::kDefaultSeed, {}});
    }
    ui::ViewerOptions options;
    options.sources = {gpkg};
    options.dem = dir + "/" + sample::kDemName;
    return ui::run_viewer(argc, argv, options);
}

int open_viewer(int argc, char** argv)
{
    const cli::Args args(
        argc, argv, 2, {{"--dem"}, {"--lang"}, {"--timing", false}, {"--review-db"}, {"--memory-budget"}, {"--tiles"}});
    if (args.positional().empty())
        throw cli::UsageError("missing the files to open (planview open PATH...)");
    const std::string lang = args.value_or("--lang", "");
    if (!lang.empty() && lang != "en" && lang != "zh_CN")
        throw cli::UsageError("option --lang takes en or zh_CN, not '" + lang + "'");
    const double budget = args.number("--memory-budget").value_or(0);
    if (args.has("--memory-budget") && !(budget > 0))
        throw cli::UsageError("option --memory-budget takes gigabytes above 0, e.g. 4");
    int qt_argc = 1; // Qt gets no PlanView options
    return ui::run_viewer(qt_argc, argv,
                          {args.positional(), args.value_or("--dem", ""), lang, args.has("--timing"),
                           args.value_or("--review-db", ""), budget, args.value_or("--tiles", "")});
}

constexpr Command kCommands[] = {
    {"open",
     "open PATH... | PROJECT.pvproj [--dem FILE.tif] [--lang en|zh_CN] [--review-db PG:...] [--memory-budget GB]\n"
     "           [--tiles CACHE.tiff] [--timing]   open GeoPackages, Shapefiles, ... or a saved project in the 3D "
     "viewer (a county\n"
     "           whose layers need more memory than the budget, by default what is free, is viewed as pictures;\n"
     "           --timing: print when the first frame was drawn and the analysis done, seconds since launch, and quit)",
     open_viewer},
    {"info", "info PATH [--json] [--features N] [--crs EPSG:X] [--working-crs EPSG:X]   describe layers or a raster",
     cli::run_info},
    {"check",
     "check COUNTY.gpkg --out RESULT.csv|.geojson|.gpkg [--parcels F[:L]] [--farmland F[:L]] [--redline F[:L]]\n"
     "           [--ucb F[:L]] [--zones F[:L]|none] [--id-field NAME] [--where SQL] [--threads N] [--sliver M2]   "
     "red-line "
     "compliance check\n"
     "           check CITY_DIR|COUNTY.gpkg... --out DIR [--format csv|gpkg|geojson]   a city: counties in parallel,\n"
     "           DIR/STEM.csv per county and DIR/city_summary.csv\n"
     "           --engine auto|local|postgis: where layers live in PostGIS (PG:\"… schemas=S\"), the check runs\n"
     "           inside it (auto) or here (local)",
     cli::run_check},
    {"query",
     "query FILE[:LAYER] --predicate P (--with FILE[:LAYER] | --wkt WKT) [--distance M] [--where SQL]\n"
     "           [--with-where SQL] --out FILE.gpkg|.geojson|.csv|.shp   features standing in a GEOS predicate\n"
     "           (P: intersects disjoint within contains covers covered_by overlaps touches crosses equals dwithin);\n"
     "           on PG:\"… tables=T\" layers of one database it runs inside PostGIS (--engine auto|local|postgis);\n"
     "           a city folder's CITY:LAYER --with LAYER, or its counties' sources SOURCE... --layer LAYER --with\n"
     "           LAYER (GeoPackages, PG:\"… schemas=S\" of one database): every county's layer against every\n"
     "           county's other layer",
     cli::run_query},
    {"targets",
     "targets COUNTY.gpkg [--targets FILE.toml] [--scenario NAME [--add IDS] [--drop IDS]] [--as-of DATE] [--json]\n"
     "           [--contributions]   progress against the work report's targets\n"
     "           a city folder (targets CITY_DIR): each county against the targets.toml beside it, and their sums",
     cli::run_targets},
    {"snapshot",
     "snapshot SOURCE...|PROJECT.pvproj --out FILE.png|.pdf [--size 3840x2160] [--bookmark A,B | --all-bookmarks | "
     "--extent X0,Y0,X1,Y1\n"
     "           | --layer-extent LAYER] [--title T] [--subtitle S] [--layers A,B] [--2d] [--targets FILE] [--dem F]\n"
     "           a briefing image, with no window or X server needed",
     cli::run_snapshot},
    {"intake",
     "intake SOURCE --out CLEAN.gpkg [--report REPORT.csv] [--crs EPSG:X] [--working-crs EPSG:X]   check a delivery\n"
     "           package, report every problem and write it repaired into one GeoPackage (the source is only read)",
     cli::run_intake},
    {"review",
     "review COUNTY.gpkg (--set ID[,ID] --status 通过|退回|需补正|待审 [--opinion T] [--reviewer NAME]\n"
     "           [--expect-version V] | --export FILE.csv|.xlsx|.gpkg | --history [ID] | --show ID\n"
     "           | --sheet ID[,ID]|all --out DIR) [--review-db PG:...]\n"
     "           record a parcel's review decision (exit 0 once committed; 3 when someone changed it first),\n"
     "           export the records, list the audit trail or write review sheets (审查意见单, PDF)",
     cli::run_review},
    {"load",
     "load COUNTY.gpkg PG:\"host=… dbname=…\" [--schema NAME]   copy every layer of a county into a PostGIS\n"
     "           schema (default: the file's stem) with GiST indexes; open/check then run on PG:\"… schemas=NAME\"",
     cli::run_load},
    {"tiles",
     "tiles SOURCE...|PROJECT.pvproj [--out CACHE.tiff] [--cell M] [--threads N]   draw the layers of many\n"
     "           features (parcels, farmland) once into a tiled GeoTIFF with overviews (default beside the source,\n"
     "           STEM_tiles.tiff, which the viewer finds): its first picture, and each view of a county too large\n"
     "           to hold, read them from it",
     cli::run_tiles},
    {"sample",
     "sample (--out DIR | --delivery DIR) [--parcels N] [--seed S] [--counties N [--threads T]]   write the\n"
     "           sample county (a GeoPackage, or a delivery package of Shapefiles as bureaus receive them);\n"
     "           --counties: a city of N counties side by side, DIR/STEM/STEM.gpkg each, N parcels each",
     cli::run_sample},
};

void print_usage(std::FILE* to)
{
    std::fputs("usage: planview [COMMAND [options]]\n"
               "  planview   (no command) opens the viewer on the sample county\n"
               "  planview --version   versions of PlanView and the libraries it runs on\n"
               "  planview COMMAND --help   that command's options\ncommands:\n",
               to);
    for (const auto& command : kCommands)
        std::fprintf(to, "  planview %s\n", command.summary);
    std::fputs("check, query, intake and sample take -q/--quiet (no progress on stderr). Errors: one line on stderr,\n"
               "exit 1 for bad data, 2 for a bad command line.\n",
               to);
}

void print_version()
{
    std::printf("planview %s (GDAL %s, PROJ %d.%d.%d, GEOS %s, Qt %s, OpenSceneGraph %s)\n", PLANVIEW_VERSION,
                GDALVersionInfo("RELEASE_NAME"), PROJ_VERSION_MAJOR, PROJ_VERSION_MINOR, PROJ_VERSION_PATCH,
                GEOSversion(), qVersion(), osgGetVersion());
}

bool asks_for_help(int argc, char** argv)
{
    for (int i = 2; i < argc; ++i)
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    // GDAL would print its own "ERROR n:" lines; PlanView reports each problem once, itself.
    CPLSetErrorHandler(CPLQuietErrorHandler);
    if (argc < 2) {
        try {
            return open_sample(argc, argv);
        } catch (const std::exception& error) {
            std::fprintf(stderr, "planview: %s\n", error.what());
            return 1;
        }
    }
    if (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
        print_usage(stdout);
        return 0;
    }
    if (std::strcmp(argv[1], "--version") == 0) {
        print_version();
        return 0;
    }
    const std::string name = argv[1];
    for (const auto& command : kCommands) {
        if (name != command.name)
            continue;
        if (asks_for_help(argc, argv)) {
            std::printf("usage: planview %s\n", command.summary);
            return 0;
        }
        try {
            return command.run(argc, argv);
        } catch (const cli::UsageError& error) {
            std::fprintf(stderr, "planview %s: %s (see planview --help)\n", command.name, error.what());
            return 2;
        } catch (const geo::Error& error) {
            std::fprintf(stderr, "planview: %s\n", error.what());
            return 1;
        } catch (const std::exception& error) {
            std::fprintf(stderr, "planview: unexpected failure: %s\n", error.what());
            return 1;
        }
    }
    std::fprintf(stderr, "planview: unknown command '%s' (see planview --help)\n", name.c_str());
    return 2;
}
