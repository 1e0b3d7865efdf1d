// The picture cache (`planview tiles`): drawn from the sample county by GDAL, read back through
// GDAL's overviews, compared with the same layers rasterised straight from the source.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "county_loader.h"
#include "county_preview.h"
#include "geo/error.h"
#include "picture_cache.h"
#include "support.h"

namespace {

namespace fs = std::filesystem;

// Texels a side of the cache the tests draw: coarse enough to draw in seconds.
constexpr double kTestCell = 8.0;

// The sample county copied where its cache may be drawn beside it.
struct CopiedCounty {
    test::TempDir dir;
    std::string gpkg = dir.file("wuyi.gpkg");
    CopiedCounty() { fs::copy_file(test::sample_gpkg(), gpkg); }

    scene::LoadOptions load() const
    {
        scene::LoadOptions options;
        options.sources = {gpkg};
        return options;
    }
    scene::PictureCacheReport draw(const std::string& out) const
    {
        scene::PictureCacheOptions options;
        options.out = out;
        options.cell = kTestCell;
        options.threads = 2;
        return scene::draw_picture_cache(load(), options);
    }
};

// Mean of each channel (premultiplied colour, alpha) over a picture, 0–255.
std::array<double, 4> mean_channels(const osg::Image& picture)
{
    std::array<double, 4> sum{};
    const std::size_t bytes = picture.getTotalSizeInBytes();
    for (std::size_t i = 0; i < bytes; ++i)
        sum[i % 4] += picture.data()[i];
    for (double& s : sum)
        s /= static_cast<double>(bytes / 4);
    return sum;
}

// Mean difference of alpha between texel (x, y) of `a` and (x + shift, y) of `b`.
double alpha_difference(const osg::Image& a, const osg::Image& b, int shift)
{
    double sum = 0;
    std::size_t count = 0;
    for (int y = 0; y < a.t(); ++y)
        for (int x = 0; x + shift < a.s(); ++x, ++count)
            sum += std::abs(a.data(x, y)[3] - b.data(x + shift, y)[3]);
    return sum / static_cast<double>(count);
}

geo::Envelope extent_of_layer(const scene::PreviewLayers& layers, const std::string& name)
{
    return *layers.extents[scene::first_layer_named(layers, name)];
}

} // namespace

TEST(PictureCache, HoldsTheDenseLayersAsTheirSourcesDrawThem)
{
    const CopiedCounty county;
    const std::string out = scene::picture_cache_beside(county.gpkg);
    const scene::PictureCacheReport report = county.draw(out);
    EXPECT_EQ(report.layers, (std::vector<std::string>{"farmland", "parcels"})); // the others have few features
    EXPECT_GT(report.overviews, 3);
    EXPECT_LT(report.empty_tiles, report.tiles);
    EXPECT_TRUE(fs::exists(out));
    EXPECT_FALSE(fs::exists(out + ".partial"));

    const std::shared_ptr<scene::PreviewLayers> layers = scene::open_preview_layers(county.load());
    scene::PictureCache cache(out, *layers);
    EXPECT_DOUBLE_EQ(cache.cell(), kTestCell);
    // Farmland over its whole extent, the parcels over the county seat (its renewal zones),
    // where they are dense; read from overviews 2 and 8 times coarser than the cache.
    const std::pair<const char*, scene::RasterGrid> views[] = {
        {"farmland", scene::RasterGrid::covering(extent_of_layer(*layers, "farmland"), 512)},
        {"parcels", scene::RasterGrid::covering(extent_of_layer(*layers, "renewal_zones"), 256)},
    };
    for (const auto& [name, grid] : views) {
        ASSERT_GT(grid.cell, 2 * kTestCell);
        const scene::LayerPictures cached = cache.read(grid);
        ASSERT_TRUE(cached.at(name)) << name;
        const osg::ref_ptr<osg::Image> drawn = scene::picture_of_layer(*layers, name, grid, nullptr);
        ASSERT_TRUE(drawn);
        ASSERT_EQ(cached.at(name)->s(), drawn->s());
        ASSERT_EQ(cached.at(name)->t(), drawn->t());
        // Averaged from 8 m texels or sampled at the texels' centres, the layer covers as much
        // and is as coloured over the whole grid.
        const auto from_cache = mean_channels(*cached.at(name));
        const auto from_source = mean_channels(*drawn);
        ASSERT_GT(from_source[3], 5.0) << name << ": little drawn";
        for (int c = 0; c < 4; ++c)
            EXPECT_NEAR(from_cache[c], from_source[c], 0.05 * from_source[c] + 0.5) << name << " channel " << c;
        // And texel by texel, each where it lies: dense parcels a texel off differ twice as much
        // (farmland's faint patches differ little either way).
        if (std::string(name) == "parcels") {
            EXPECT_LT(alpha_difference(*cached.at(name), *drawn, 0),
                      0.75 * alpha_difference(*cached.at(name), *drawn, 1));
        }
    }
    // Beyond the county there is nothing, and nothing is read.
    scene::RasterGrid far = scene::RasterGrid::covering(extent_of_layer(*layers, "parcels"), 64);
    far.min_x += 1e6;
    for (const auto& [name, picture] : cache.read(far))
        EXPECT_FALSE(picture) << name;

    // The viewer finds it beside the county and draws its first picture with it.
    const scene::CountyPreview preview = scene::preview_county(county.load());
    EXPECT_TRUE(preview.layers->cache);
    EXPECT_TRUE(preview.warnings.empty());
    EXPECT_TRUE(preview.fills);
    // One layer of it (FILE:LAYER) is other data: the cache beside is not even looked at.
    scene::LoadOptions one_layer;
    one_layer.sources = {county.gpkg + ":parcels"};
    const scene::CountyPreview parcels = scene::preview_county(one_layer);
    EXPECT_FALSE(parcels.layers->cache);
    EXPECT_TRUE(parcels.warnings.empty()) << parcels.warnings.front();
}

TEST(PictureCache, DrawnFromOtherDataItIsNotUsedAndTheViewerSaysWhy)
{
    const CopiedCounty county;
    const std::string out = county.dir.file("county_tiles.tiff");
    county.draw(out);
    // The county changed after its cache was drawn.
    fs::last_write_time(county.gpkg, fs::last_write_time(county.gpkg) + std::chrono::hours(1));
    const std::shared_ptr<scene::PreviewLayers> layers = scene::open_preview_layers(county.load());
    try {
        scene::PictureCache cache(out, *layers);
        FAIL() << "a stale cache was opened";
    } catch (const geo::Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(out), std::string::npos) << message;
        EXPECT_NE(message.find("other data"), std::string::npos) << message;
        EXPECT_NE(message.find("planview tiles"), std::string::npos) << message;
    }
    scene::LoadOptions options = county.load();
    options.picture_cache = out;
    const scene::CountyPreview preview = scene::preview_county(options);
    EXPECT_FALSE(preview.layers->cache); // drawn from the sources instead
    ASSERT_EQ(preview.warnings.size(), 1U);
    EXPECT_NE(preview.warnings.front().find(out), std::string::npos) << preview.warnings.front();

    // A GeoTIFF that is no cache: the DEM.
    EXPECT_THROW(scene::PictureCache(test::sample_dem(), *layers), geo::Error);
}

TEST(PictureCache, ADeliveryFolderWhoseShapefileChangedIsOtherData)
{
    const test::TempDir dir;
    const fs::path folder = dir.path() / "delivery";
    fs::copy(PLANVIEW_TEST_DELIVERY_DIR, folder);
    scene::LoadOptions load;
    load.sources = {folder.string() + "/"};
    scene::PictureCacheOptions options;
    options.out = scene::picture_cache_beside(load.sources.front());
    EXPECT_EQ(options.out, (dir.path() / "delivery_tiles.tiff").string());
    options.cell = 2 * kTestCell;
    EXPECT_EQ(scene::draw_picture_cache(load, options).layers, (std::vector<std::string>{"YJJBNT", "DK"}));
    EXPECT_NO_THROW(scene::PictureCache(options.out, *scene::open_preview_layers(load)));
    // The parcels' attributes changed (a .dbf alone): the same shapes, other colours maybe.
    const fs::path dbf = folder / "DK.dbf";
    fs::last_write_time(dbf, fs::last_write_time(dbf) + std::chrono::hours(1));
    EXPECT_THROW(scene::PictureCache(options.out, *scene::open_preview_layers(load)), geo::Error);
}

TEST(PictureCache, ACancelledDrawLeavesTheCacheThereWhole)
{
    const CopiedCounty county;
    const std::string out = county.dir.file("county_tiles.tiff");
    county.draw(out);
    const auto size = fs::file_size(out);
    const auto time = fs::last_write_time(out);
    std::atomic<bool> cancel{false};
    scene::PictureCacheOptions options;
    options.out = out;
    options.cell = kTestCell;
    options.cancel = &cancel;
    options.progress = [&](double fraction) {
        if (fraction > 0)
            cancel = true;
    };
    EXPECT_THROW(scene::draw_picture_cache(county.load(), options), geo::Error);
    EXPECT_EQ(fs::file_size(out), size);
    EXPECT_EQ(fs::last_write_time(out), time);
    EXPECT_FALSE(fs::exists(out + ".partial"));
}

TEST(PictureCache, TheCommandSaysWhatItDrewOrWhatIsWrongInOneLine)
{
    const CopiedCounty county;
    const std::string out = county.dir.file("tiles.tiff");
    auto drew = test::run_planview({"tiles", county.gpkg, "--out", out, "--cell", "16", "-q"}, 300);
    EXPECT_EQ(drew.exit_code, 0) << drew.err;
    EXPECT_NE(drew.out.find("drew"), std::string::npos) << drew.out;
    EXPECT_NE(drew.out.find(out), std::string::npos) << drew.out;
    EXPECT_TRUE(fs::exists(out));

    auto one_line = [](const test::ProcessResult& r, int code, const std::string& mention) {
        EXPECT_FALSE(r.signaled);
        EXPECT_EQ(r.exit_code, code) << r.err;
        const auto lines = test::lines_of(r.err);
        ASSERT_EQ(lines.size(), 1U) << r.err;
        EXPECT_NE(lines[0].find(mention), std::string::npos) << lines[0];
    };
    one_line(test::run_planview({"tiles", county.dir.file("missing.gpkg")}), 1, "missing.gpkg");
    one_line(test::run_planview({"tiles", county.gpkg, "--cell", "0"}), 2, "--cell");
    one_line(test::run_planview({"tiles", county.gpkg, "--out", "/nonexistent/dir/tiles.tiff"}), 1,
             "/nonexistent/dir/tiles.tiff");
    one_line(test::run_planview({"tiles", county.gpkg, test::sample_gpkg()}), 2, "--out");
}
