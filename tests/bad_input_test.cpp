// Every kind of bad input gets one clear line on stderr naming the file and the problem, and
// a non-zero exit: never a crash, never a hang.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "geo/crs.h"
#include "geo/gdal_ptr.h"
#include "support.h"

namespace {

void expect_one_line_error(const test::ProcessResult& r, const std::string& must_mention)
{
    EXPECT_FALSE(r.timed_out);
    EXPECT_FALSE(r.signaled) << "crashed";
    EXPECT_NE(r.exit_code, 0);
    const auto lines = test::lines_of(r.err);
    ASSERT_EQ(lines.size(), 1u) << r.err;
    EXPECT_NE(lines[0].find(must_mention), std::string::npos) << lines[0];
}

void copy_prefix(const std::string& from, const std::string& to, std::uintmax_t bytes)
{
    std::ifstream in(from, std::ios::binary);
    std::ofstream out(to, std::ios::binary);
    std::vector<char> buffer(bytes);
    in.read(buffer.data(), static_cast<std::streamsize>(bytes));
    out.write(buffer.data(), in.gcount());
}

void write_points_shapefile(const std::string& path, int count)
{
    geo::ensure_gdal_registered();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    geo::DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    auto srs = geo::srs_from_epsg(4549);
    OGRLayer* layer = ds->CreateLayer("pts", srs.get(), wkbPolygon, nullptr);
    for (int i = 0; i < count; ++i) {
        geo::FeaturePtr f(new OGRFeature(layer->GetLayerDefn()));
        OGRPolygon square;
        OGRLinearRing ring;
        const double x = 480000 + 20 * i, y = 3200000;
        ring.addPoint(x, y);
        ring.addPoint(x + 10, y);
        ring.addPoint(x + 10, y + 10);
        ring.addPoint(x, y + 10);
        ring.addPoint(x, y);
        square.addRing(&ring);
        f->SetGeometry(&square);
        ASSERT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE);
    }
}

TEST(BadInput, MissingFile)
{
    expect_one_line_error(test::run_planview({"info", "/nonexistent/county.gpkg"}), "/nonexistent/county.gpkg");
}

TEST(BadInput, EmptyFile)
{
    test::TempDir dir;
    std::ofstream(dir.file("empty.gpkg")).close();
    auto r = test::run_planview({"info", dir.file("empty.gpkg")});
    expect_one_line_error(r, "empty.gpkg");
}

TEST(BadInput, TruncatedGeoPackage)
{
    test::TempDir dir;
    const auto size = std::filesystem::file_size(test::sample_gpkg());
    for (auto bytes : {std::uintmax_t{4096}, size / 3, size / 2}) {
        copy_prefix(test::sample_gpkg(), dir.file("cut.gpkg"), bytes);
        expect_one_line_error(test::run_planview({"info", dir.file("cut.gpkg")}), "cut.gpkg");
    }
}

TEST(BadInput, CorruptBytes)
{
    test::TempDir dir;
    std::ofstream out(dir.file("noise.gpkg"), std::ios::binary);
    for (int i = 0; i < 100000; ++i)
        out.put(static_cast<char>((i * 7919) % 251));
    out.close();
    expect_one_line_error(test::run_planview({"info", dir.file("noise.gpkg")}), "noise.gpkg");
}

TEST(BadInput, TruncatedShapefile)
{
    test::TempDir dir;
    write_points_shapefile(dir.file("pts.shp"), 200);
    const auto size = std::filesystem::file_size(dir.file("pts.shp"));
    std::filesystem::resize_file(dir.file("pts.shp"), size / 2);
    expect_one_line_error(test::run_planview({"info", dir.file("pts.shp")}), "pts.shp");
}

TEST(BadInput, UnknownLayer)
{
    auto r = test::run_planview({"info", test::sample_gpkg() + ":no_such_layer"});
    expect_one_line_error(r, "no_such_layer");
    EXPECT_NE(r.err.find("parcels"), std::string::npos); // lists the layers there are
}

TEST(BadInput, LayerWithoutCrs)
{
    test::TempDir dir;
    write_points_shapefile(dir.file("pts.shp"), 3);
    std::filesystem::remove(dir.file("pts.prj"));
    // `info` lists it and warns; refusing belongs to the commands that compute with it.
    auto listed = test::run_planview({"info", dir.file("pts.shp")});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find("features: 3"), std::string::npos) << listed.out;
    EXPECT_NE(listed.err.find("no CRS"), std::string::npos) << listed.err;
    EXPECT_EQ(listed.out.find("area:"), std::string::npos) << listed.out; // no area without a CRS
    auto r = test::run_planview(
        {"check", test::sample_gpkg(), "--parcels", dir.file("pts.shp"), "--out", dir.file("r.csv")});
    expect_one_line_error(r, "pts.shp");
    EXPECT_NE(r.err.find("--crs"), std::string::npos);
    // Naming a CRS makes it usable.
    auto named = test::run_planview({"info", dir.file("pts.shp"), "--crs", "EPSG:4549", "--json"});
    EXPECT_EQ(named.exit_code, 0) << named.err;
    EXPECT_NE(named.out.find("\"area_m2\":300"), std::string::npos) << named.out;
}

TEST(BadInput, EmptyLayer)
{
    test::TempDir dir;
    write_points_shapefile(dir.file("pts.shp"), 0);
    auto listed = test::run_planview({"info", dir.file("pts.shp")});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.err.find("empty"), std::string::npos) << listed.err;
    auto r = test::run_planview(
        {"check", test::sample_gpkg(), "--parcels", dir.file("pts.shp"), "--out", dir.file("r.csv")});
    expect_one_line_error(r, "pts.shp");
    EXPECT_NE(r.err.find("empty"), std::string::npos);
}

TEST(BadInput, RasterWithoutGeoreferencing)
{
    test::TempDir dir;
    geo::ensure_gdal_registered();
    {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
        geo::DatasetPtr ds(driver->Create(dir.file("bare.tif").c_str(), 10, 10, 1, GDT_Float32, nullptr));
    }
    expect_one_line_error(test::run_planview({"info", dir.file("bare.tif")}), "bare.tif");
}

TEST(BadInput, BadFlags)
{
    expect_one_line_error(test::run_planview({"info", test::sample_gpkg(), "--bogus"}), "--bogus");
    expect_one_line_error(test::run_planview({"info", test::sample_gpkg(), "--features"}), "--features");
    expect_one_line_error(test::run_planview({"info", test::sample_gpkg(), "--features", "many"}), "many");
    expect_one_line_error(test::run_planview({"info"}), "missing");
    expect_one_line_error(test::run_planview({"sample"}), "--out");
    expect_one_line_error(test::run_planview({"sample", "--out", "/tmp/x", "--parcels", "0"}), "--parcels");
    expect_one_line_error(test::run_planview({"frobnicate"}), "frobnicate");
    expect_one_line_error(test::run_planview({"info", test::sample_gpkg(), "--crs", "EPSG:999999999"}), "999999999");
}

// Dates that do not exist, numbers with trailing text and names that would climb out of the
// data's folder are refused with exit 2 (a bad command line), whatever the locale.
TEST(BadInput, DatesNumbersAndNamesOnTheCommandLine)
{
    for (const char* date : {"2023-13-45", "2023-00-10", "2023-02-29", "2023-6-30", "tomorrow"}) {
        const auto run = test::run_planview({"targets", test::sample_gpkg(), "--as-of", date});
        EXPECT_EQ(run.exit_code, 2) << date << ": " << run.err;
        EXPECT_NE(run.err.find(date), std::string::npos) << run.err;
    }
    EXPECT_EQ(test::run_planview({"targets", test::sample_gpkg(), "--as-of", "2024-02-29"}).exit_code, 0);
    for (const char* name : {"../x", "a/b", ".hidden", "..", "a\\b"}) {
        const auto run =
            test::run_planview({"targets", test::sample_gpkg(), "--scenario", name, "--add", "330723-0000001"});
        EXPECT_EQ(run.exit_code, 2) << name << ": " << run.err;
    }
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(test::sample_gpkg()).parent_path() / "x.json"));
    test::TempDir dir;
    for (const char* extent : {"1,2,x,4", "1,2,3", "1,2,3,4,5", "3,2,1,4", "1.5e3,2,3,4junk"}) {
        const auto run =
            test::run_planview({"snapshot", test::sample_gpkg(), "--extent", extent, "--out", dir.file("x.png")});
        EXPECT_EQ(run.exit_code, 2) << extent << ": " << run.err;
    }
}

TEST(CommandLine, VersionAndHelpPerCommand)
{
    const auto version = test::run_planview({"--version"});
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_EQ(version.out.rfind("planview ", 0), 0U) << version.out;
    EXPECT_NE(version.out.find("GDAL 3."), std::string::npos) << version.out;
    EXPECT_NE(version.out.find("GEOS 3."), std::string::npos) << version.out;
    for (const char* command : {"check", "query", "targets", "snapshot", "sample", "info", "open"}) {
        const auto help = test::run_planview({command, "--help"});
        EXPECT_EQ(help.exit_code, 0) << command;
        EXPECT_EQ(help.out.rfind(std::string("usage: planview ") + command, 0), 0U) << help.out;
    }
    test::TempDir dir;
    const auto quiet = test::run_planview({"sample", "--out", dir.path().string(), "--parcels", "20", "-q"});
    EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
    EXPECT_TRUE(quiet.err.empty()) << quiet.err;
}

// planview allocates through jemalloc with every thread's memory in transparent huge pages, in
// one arena, its freed pages kept for reuse
// (app/allocator.cpp): settings of the program's own, to which the environment only adds.
TEST(CommandLine, AllocatesInHugePagesOnEveryThread)
{
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "malloc is the sanitiser's";
#else
    setenv("MALLOC_CONF", "stats_print:true", 1); // jemalloc's settings and statistics at exit
    const auto run = test::run_planview({"--version"});
    unsetenv("MALLOC_CONF");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.err.find("opt.thp: \"always\""), std::string::npos) << run.err.substr(0, 4000);
    EXPECT_NE(run.err.find("opt.metadata_thp: \"always\""), std::string::npos);
    EXPECT_NE(run.err.find("opt.narenas: 1\n"), std::string::npos) << "every thread's frees reused by all";
    EXPECT_NE(run.err.find("opt.dirty_decay_ms: -1"), std::string::npos) << "freed pages purged: faulted in again";
    EXPECT_NE(run.err.find("opt.lg_extent_max_active_fit: 63"), std::string::npos);
    EXPECT_NE(run.err.find("opt.stats_print: true"), std::string::npos) << "the environment's setting added";
#endif
}

TEST(BadInput, UnwritableSampleDirectory)
{
    expect_one_line_error(test::run_planview({"sample", "--out", "/proc/planview"}), "/proc/planview");
}

} // namespace

// Results are written in a private, unpredictably named folder and moved into place: a link
// planted where a temporary file used to go (OUT.partial.csv, OUT.gpkg.partial) is never followed,
// and a run that fails leaves neither a half-written result nor its folder behind.
TEST(Outputs, NeverFollowAPlantedLinkNorLeaveAnythingHalfWritten)
{
    test::TempDir dir;
    {
        std::ofstream victim(dir.file("victim.txt"));
        victim << "keep";
    }
    for (const char* planted : {"r.partial.csv", "r.gpkg.partial", "r.partial.gpkg"})
        std::filesystem::create_symlink(dir.file("victim.txt"), dir.file(planted));
    for (const char* out : {"r.csv", "r.gpkg"}) {
        auto run = test::run_planview({"check", test::sample_gpkg(), "--out", dir.file(out), "--quiet"});
        EXPECT_EQ(run.exit_code, 0) << run.err;
        EXPECT_TRUE(std::filesystem::is_regular_file(dir.file(out))) << out;
    }
    std::ifstream victim(dir.file("victim.txt"));
    std::string content((std::istreambuf_iterator<char>(victim)), std::istreambuf_iterator<char>());
    EXPECT_EQ(content, "keep");

    auto failed = test::run_planview(
        {"check", test::sample_gpkg(), "--out", dir.file("bad.csv"), "--where", "no_such_field = 1", "--quiet"});
    EXPECT_NE(failed.exit_code, 0);
    EXPECT_FALSE(std::filesystem::exists(dir.file("bad.csv")));
    // Only what the test made and the two results: no staging folder left by any run.
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        names.insert(entry.path().filename().string());
    EXPECT_EQ(names, (std::set<std::string>{"victim.txt", "r.partial.csv", "r.gpkg.partial", "r.partial.gpkg", "r.csv",
                                            "r.gpkg"}));
}
