// Briefing images: exact size, the same image twice, a legend of exactly the visible layers,
// Chinese glyphs in the title, and rendering with no X server at all.
#include <gtest/gtest.h>

#include <QFontDatabase>
#include <QFontInfo>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <filesystem>
#include <fstream>
#include <set>

#include "briefing.h"
#include "county_loader.h"
#include "geo/feature_table.h"
#include "geo/project.h"
#include "scene_briefing.h"
#include "support.h"
#include "viewpoint.h"

namespace {

QGuiApplication& application()
{
    static int argc = 1;
    static char name[] = "snapshot_test";
    static char* argv[] = {name, nullptr};
    static QGuiApplication* app = [] {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        return new QGuiApplication(argc, argv);
    }();
    return *app;
}

// The share of an image's pixels in the red line's red.
double share_of_red(const QImage& image)
{
    long red = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            red += c.red() > 140 && c.green() < 110 && c.blue() < 110 ? 1 : 0;
        }
    return static_cast<double>(red) / (image.width() * image.height());
}

std::string targets_file()
{
    return (std::filesystem::path(test::sample_gpkg()).parent_path() / "targets.toml").string();
}

TEST(Snapshot, ExactSizeWithNoXServerAndTheSameImageTwice)
{
    test::TempDir dir;
    for (const char* name : {"a.png", "b.png"}) {
        auto r = test::run_planview({"snapshot", test::sample_gpkg(), "--out", dir.file(name), "--size", "1280x720",
                                     "--targets", targets_file(), "--title", "武义县土地要素保障"},
                                    300, /*without_display=*/true);
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    const QImage a(QString::fromStdString(dir.file("a.png"))), b(QString::fromStdString(dir.file("b.png")));
    EXPECT_EQ(a.size(), QSize(1280, 720));
    EXPECT_EQ(a, b);
}

TEST(Snapshot, PdfAndBatchOfBookmarks)
{
    test::TempDir dir;
    auto r = test::run_planview(
        {"snapshot", test::sample_gpkg(), "--out", dir.file("slides.png"), "--size", "960x540", "--all-bookmarks"}, 300,
        true);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    int images = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        images += entry.path().extension() == ".png" ? 1 : 0;
    EXPECT_EQ(images, 5); // the sample county's five bookmarks
    EXPECT_TRUE(std::filesystem::exists(dir.file("slides_县城.png")));
    auto pdf = test::run_planview(
        {"snapshot", test::sample_gpkg(), "--out", dir.file("b.pdf"), "--size", "960x540", "--bookmark", "县城"}, 300,
        true);
    ASSERT_EQ(pdf.exit_code, 0) << pdf.err;
    std::ifstream in(dir.file("b.pdf"), std::ios::binary);
    std::string head(5, '\0');
    in.read(head.data(), 5);
    EXPECT_EQ(head, "%PDF-");
    auto bad = test::run_planview(
        {"snapshot", test::sample_gpkg(), "--out", dir.file("c.png"), "--bookmark", "nowhere"}, 60, true);
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_EQ(test::lines_of(bad.err).size(), 1u) << bad.err;
}

TEST(Snapshot, LegendListsExactlyTheVisibleLayers)
{
    application();
    scene::LoadOptions options;
    options.sources = {test::sample_gpkg()};
    options.only_layers = {"farmland", "eco_redline", "urban_boundary"};
    auto county = scene::load_county(options);
    auto scene = scene::assemble_scene(county);
    std::set<QString> labels;
    for (const auto& e : briefing::legend_for(*scene))
        labels.insert(e.label);
    EXPECT_EQ(labels, (std::set<QString>{QString::fromUtf8("永久基本农田"), QString::fromUtf8("生态保护红线"),
                                         QString::fromUtf8("城镇开发边界")}));
    scene->set_visible(*scene->layer("eco_redline"), false);
    EXPECT_EQ(briefing::legend_for(*scene).size(), 2u);
}

// A 3D export shows the camera it is given (the viewer passes the one on screen), not the home
// view of the extent (regression: File > Export ignored an oblique close-up).
TEST(Snapshot, ObliqueExportUsesTheGivenCamera)
{
    application();
    scene::LoadOptions options;
    options.sources = {test::sample_gpkg()};
    options.only_layers = {"county_boundary", "renewal_zones", "parcels"};
    auto county = scene::load_county(options);
    auto scene = scene::assemble_scene(county);
    const geo::Envelope whole = scene->layer("county_boundary")->table->extent();
    const geo::Envelope seat = scene->layer("renewal_zones")->table->extent();
    const scene::Viewpoint close = scene::oblique_view(*scene, seat, 480.0 / 270.0);
    const briefing::View::Camera camera{scene->to_world(close.eye), scene->to_world(close.center), close.up};
    auto render = [&](const briefing::View& view) {
        briefing::Content content;
        briefing::render_map(*scene, view, 480, 270, content);
        return content.map;
    };
    const QImage with_camera = render({whole, false, camera});
    EXPECT_EQ(with_camera, render({seat, false, std::nullopt})); // the close-up, not the county
    EXPECT_NE(with_camera, render({whole, false, std::nullopt}));
}

TEST(Snapshot, TitleGlyphsAreChineseNotBoxes)
{
    application();
    QFont font(QStringLiteral("WenQuanYi Micro Hei"));
    EXPECT_TRUE(QFontInfo(font).family().contains("WenQuanYi")) << QFontInfo(font).family().toStdString();
    EXPECT_TRUE(QFontMetrics(font).inFont(QChar(0x6B66))); // 武
    // The title's ink against Qt's own rendering of the same text in the same place.
    briefing::Content content;
    content.map = QImage(1920, 1080, QImage::Format_RGB32);
    content.map.fill(Qt::white);
    content.title = QString::fromUtf8("武义县国土空间规划");
    const QImage composed = briefing::compose(content);
    auto ink = [](const QImage& image, const QRect& region) {
        int dark = 0;
        for (int y = region.top(); y <= region.bottom(); ++y)
            for (int x = region.left(); x <= region.right(); ++x)
                dark += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
        return dark;
    };
    const QRect title_region(0, 0, 1000, 70);
    const int title_ink = ink(composed, title_region);
    // Tofu boxes of the same count would be hollow rectangles: far less ink than real glyphs.
    QImage boxes(1920, 1080, QImage::Format_RGB32);
    boxes.fill(Qt::white);
    {
        QPainter p(&boxes);
        p.setPen(QPen(Qt::black, 3));
        for (int i = 0; i < 9; ++i)
            p.drawRect(35 + i * 46, 14, 38, 38);
    }
    EXPECT_GT(title_ink, ink(boxes, title_region) * 1.3);
    EXPECT_GT(title_ink, 3000);
}

TEST(Snapshot, ScaleBarLengthsAreRound)
{
    EXPECT_EQ(briefing::round_scale_length(1234), 1000);
    EXPECT_EQ(briefing::round_scale_length(2600), 2000);
    EXPECT_EQ(briefing::round_scale_length(7400), 5000);
    EXPECT_EQ(briefing::round_scale_length(0.9), 0.5);
}

} // namespace

// A file opened without a DEM lies on flat ground; seen from straight above, its layers must
// still be drawn over that ground (they were clipped by the near plane: only labels showed).
TEST(Snapshot, LayersShowOverFlatGroundSeenFromAbove)
{
    test::TempDir dir;
    std::filesystem::copy_file(test::sample_gpkg(), dir.file("county.gpkg")); // no DEM beside it
    for (const char* view : {"--2d", "--3d"}) {
        std::vector<std::string> args = {
            "snapshot",   dir.file("county.gpkg"), "--out", dir.file("flat.png"), "--size", "960x540", "--layers",
            "eco_redline"};
        if (std::string(view) == "--2d")
            args.push_back("--2d");
        auto r = test::run_planview(args, 300, true);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        // The red line covers about a sixth of the county; the county about half the picture.
        EXPECT_GT(share_of_red(QImage(QString::fromStdString(dir.file("flat.png")))), 0.01) << view;
    }
}

// A county delivered as several files (the red line and the boundary each a Shapefile, as
// bureaus receive them) is one briefing of them all; a project given beside other files is a
// command-line error.
TEST(Snapshot, ACountyDeliveredAsSeveralFilesIsDrawnTogether)
{
    test::TempDir dir;
    // Named by the specification's table codes (县级行政区, 生态保护红线), the red line in longitude/latitude.
    test::ogr2ogr(test::sample_gpkg(), dir.file("STBHHX.shp"),
                  {"-t_srs", "EPSG:4490", "-lco", "ENCODING=UTF-8", "eco_redline"});
    test::ogr2ogr(test::sample_gpkg(), dir.file("XJXZQ.shp"), {"-lco", "ENCODING=UTF-8", "county_boundary"});
    auto red_of = [&](std::vector<std::string> sources) {
        std::vector<std::string> args{"snapshot"};
        args.insert(args.end(), sources.begin(), sources.end());
        args.insert(args.end(), {"--out", dir.file("s.png"), "--size", "960x540", "--2d"});
        auto r = test::run_planview(args, 300, true);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return share_of_red(QImage(QString::fromStdString(dir.file("s.png"))));
    };
    const double boundary_only = red_of({dir.file("XJXZQ.shp")});
    const double together = red_of({dir.file("XJXZQ.shp"), dir.file("STBHHX.shp")});
    // The title's rule is red in both; the red line's outlines add some 1% of the image.
    EXPECT_GT(together - boundary_only, 0.005);

    geo::Project project;
    project.sources = {test::sample_gpkg()};
    geo::save_project(project, dir.file("p.pvproj"));
    auto mixed = test::run_planview(
        {"snapshot", dir.file("p.pvproj"), dir.file("XJXZQ.shp"), "--out", dir.file("m.png")}, 60, true);
    EXPECT_EQ(mixed.exit_code, 2);
    EXPECT_NE(mixed.err.find("render it alone"), std::string::npos) << mixed.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("m.png")));
}

// A project (.pvproj) renders as it was left: its hidden layers stay hidden.
TEST(Snapshot, ProjectKeepsItsHiddenLayersHidden)
{
    test::TempDir dir;
    geo::Project project;
    project.sources = {test::sample_gpkg()};
    for (const char* layer : {"eco_redline", "towns", "county_boundary"})
        project.layers.push_back({layer, std::string(layer) != "eco_redline", 1.0, "", ""});
    geo::save_project(project, dir.file("p.pvproj"));
    auto red_of = [&](const std::string& source) {
        auto r = test::run_planview({"snapshot", source, "--out", dir.file("s.png"), "--size", "960x540", "--2d"}, 300,
                                    true);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return share_of_red(QImage(QString::fromStdString(dir.file("s.png"))));
    };
    const double shown = red_of(test::sample_gpkg()), hidden = red_of(dir.file("p.pvproj"));
    EXPECT_GT(shown, 0.01);
    EXPECT_LT(hidden, shown / 3); // what red remains is commercial parcels' and the like
}
