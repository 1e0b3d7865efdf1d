#include <cstdio>
#include <stdexcept>

#include "args.h"
#include "commands.h"
#include "county_loader.h"
#include "geo/error.h"
#include "offscreen.h"
#include "viewpoint.h"

namespace cli {
namespace {

std::pair<int, int> parse_size(const std::string& text)
{
    int width = 0, height = 0;
    char x = 0, extra = 0;
    if (std::sscanf(text.c_str(), "%d%c%d%c", &width, &x, &height, &extra) != 3 || (x != 'x' && x != 'X') ||
        width < 16 || height < 16 || width > 16384 || height > 16384)
        throw UsageError("option --size needs WIDTHxHEIGHT between 16 and 16384, not '" + text + "'");
    return {width, height};
}

} // namespace

int run_snapshot(int argc, char** argv)
{
    const Args args(argc, argv, 2, {{"--out"}, {"--size"}, {"--2d", false}, {"--layers"}, {"--dem"}});
    const std::string source = args.single_positional("the county to render (planview snapshot SOURCE --out FILE.png)");
    const std::string out = args.required("--out");
    if (out.size() < 4 || out.substr(out.size() - 4) != ".png")
        throw UsageError("--out must name a .png file");
    const auto [width, height] = parse_size(args.value_or("--size", "1920x1080"));

    scene::LoadOptions options;
    options.sources = {source};
    options.dem = args.value_or("--dem", "");
    if (auto layers = args.value("--layers")) {
        for (std::size_t start = 0; start <= layers->size();) {
            const auto comma = layers->find(',', start);
            options.only_layers.push_back(layers->substr(start, comma - start));
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
    }
    scene::LoadedCounty county = scene::load_county(options);
    for (const auto& warning : county.warnings)
        std::fprintf(stderr, "planview: warning: %s\n", warning.c_str());
    auto view_scene = scene::assemble_scene(county);

    scene::RenderRequest request;
    request.width = width;
    request.height = height;
    const double aspect = static_cast<double>(width) / height;
    const geo::Envelope extent = view_scene->terrain().extent();
    request.view = args.has("--2d") ? scene::top_down_view(*view_scene, extent, aspect)
                                    : scene::oblique_view(*view_scene, extent, aspect);
    osg::ref_ptr<osg::Image> image;
    try {
        image = scene::render_offscreen(view_scene->root(), request);
        scene::write_png(*image, out);
    } catch (const std::runtime_error& e) {
        throw geo::Error(std::string("snapshot: ") + e.what());
    }
    std::printf("wrote %s (%dx%d)\n", out.c_str(), width, height);
    return 0;
}

} // namespace cli
