#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <thread>

#include "args.h"
#include "commands.h"
#include "county_loader.h"
#include "geo/project.h"
#include "geo/vector_source.h"
#include "interrupt.h"
#include "picture_cache.h"
#include "terminal_progress.h"

namespace cli {

int run_tiles(int argc, char** argv)
{
    const Args args(argc, argv, 2, {{"--out"}, {"--cell"}, {"--threads"}, {"--quiet", false}});
    if (args.positional().empty())
        throw UsageError("give the data to draw: planview tiles SOURCE... [--out CACHE.tiff]");
    // A project (.pvproj) brings its sources and the styles the viewer draws them in.
    const std::string& first = args.positional().front();
    const std::optional<geo::Project> project = args.positional().size() == 1 && geo::is_project_path(first)
                                                    ? std::optional(geo::load_project(first))
                                                    : std::nullopt;
    scene::LoadOptions load;
    load.sources = project ? project->sources : args.positional();
    if (project)
        load.layer_settings = project->layers;
    if (!args.has("--out") && (load.sources.size() > 1 || geo::is_postgresql(load.sources.front())))
        throw UsageError("several sources or a database: name the cache with --out (planview open … --tiles CACHE "
                         "then uses it)");

    scene::PictureCacheOptions options;
    options.out = args.value_or("--out", scene::picture_cache_beside(load.sources.front()));
    const double cell = args.number("--cell").value_or(0);
    if (args.has("--cell") && !(cell > 0))
        throw UsageError("option --cell takes metres above 0, e.g. 2");
    options.cell = cell;
    options.threads =
        static_cast<int>(args.integer("--threads", 1, 256).value_or(std::max(1U, std::thread::hardware_concurrency())));
    TerminalProgress progress;
    if (!args.has("--quiet"))
        options.progress = [&progress](double f) { progress(f); };
    options.cancel = &cancel_on_interrupt();

    const scene::PictureCacheReport report = scene::draw_picture_cache(load, options);
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(options.out, ec);
    std::printf("drew %d×%d texels of %.2f m (%d tiles, %d empty; %d overviews) into %s, %.1f MB\n", report.grid.width,
                report.grid.height, report.grid.cell, report.tiles, report.empty_tiles, report.overviews,
                options.out.c_str(), static_cast<double>(bytes) / 1e6);
    if (args.has("--out"))
        std::printf("the viewer uses it with: planview open SOURCES… --tiles %s\n", options.out.c_str());
    else
        std::printf("the viewer finds it beside %s\n", load.sources.front().c_str());
    return 0;
}

} // namespace cli
