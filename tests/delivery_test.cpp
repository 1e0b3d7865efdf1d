// A county delivered as bureaus receive it (`planview sample --delivery`: Shapefiles named with
// the national specification's table codes, GBK text without a .cpg, the farmland in
// zone-prefixed EPSG:4528): every tool finds its layers and fields by itself and gives the same
// figures as on the county's GeoPackage.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <gdal_utils.h>

#include "geo/gdal_ptr.h"
#include "support.h"

namespace {

const std::string kDelivery = PLANVIEW_TEST_DELIVERY_DIR;

std::string delivered(const std::string& file)
{
    return (std::filesystem::path(kDelivery) / file).string();
}

struct Figures {
    double area = 0, farmland = 0, redline = 0, outside = 0;
};

std::map<std::string, Figures> read_result(const std::string& csv)
{
    geo::ensure_gdal_registered();
    geo::DatasetPtr ds(GDALDataset::Open(csv.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    std::map<std::string, Figures> rows;
    if (!ds)
        return rows;
    OGRLayer* layer = ds->GetLayer(0);
    for (geo::FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature()))
        rows[f->GetFieldAsString("parcel_id")] = {f->GetFieldAsDouble("area_m2"), f->GetFieldAsDouble("farmland_m2"),
                                                  f->GetFieldAsDouble("redline_m2"),
                                                  f->GetFieldAsDouble("outside_ucb_m2")};
    return rows;
}

// Every parcel's figures from `planview check` of the package itself, no role named.
std::map<std::string, Figures> check_of_package(const test::TempDir& dir)
{
    const auto r = test::run_planview(
        {"check", kDelivery, "--parcels", delivered("DK.shp"), "--out", dir.file("package.csv"), "--quiet"}, 300);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return read_result(dir.file("package.csv"));
}

// The same parcels with the same four areas, to 0.01 m².
void expect_same_figures(const std::map<std::string, Figures>& got, const std::map<std::string, Figures>& expected)
{
    ASSERT_EQ(got.size(), expected.size());
    int differing = 0;
    for (const auto& [id, e] : expected) {
        const auto it = got.find(id);
        ASSERT_NE(it, got.end()) << id;
        const Figures& g = it->second;
        differing += std::abs(g.area - e.area) > 0.01 || std::abs(g.farmland - e.farmland) > 0.01 ||
                     std::abs(g.redline - e.redline) > 0.01 || std::abs(g.outside - e.outside) > 0.01;
    }
    EXPECT_EQ(differing, 0);
}

} // namespace

TEST(Delivery, IsShapedAsBureausReceiveIt)
{
    for (const char* layer : {"DK", "YJJBNT", "STBHHX", "CZKFBJ", "XZQ", "XJXZQ", "三区"}) {
        EXPECT_TRUE(std::filesystem::exists(delivered(std::string(layer) + ".shp"))) << layer;
        EXPECT_FALSE(std::filesystem::exists(delivered(std::string(layer) + ".cpg"))) << layer;
        std::ifstream dbf(delivered(std::string(layer) + ".dbf"), std::ios::binary);
        dbf.seekg(29);
        EXPECT_EQ(dbf.get(), 0) << layer << ": the DBF declares a code page";
    }
    // Zone-prefixed eastings (zone 40) in the farmland, plain ones in the parcels.
    EXPECT_GT(test::sql_number(delivered("YJJBNT.shp"), "SELECT MIN(ST_MinX(GEOMETRY)) FROM YJJBNT"), 40e6);
    EXPECT_LT(test::sql_number(delivered("DK.shp"), "SELECT MAX(ST_MaxX(GEOMETRY)) FROM DK"), 1e6);
    // 三调 codes on some parcels where 用地用海 codes belong.
    EXPECT_GT(
        test::sql_number(delivered("DK.shp"), "SELECT COUNT(*) FROM DK WHERE YDYHFLDM IN ('0601', '05H1', '0508')"), 0);
}

TEST(Delivery, CheckFindsEveryRoleAndGivesTheGeoPackagesFigures)
{
    test::TempDir dir;
    const auto from_package = test::run_planview({"check", kDelivery, "--parcels", delivered("DK.shp"), "--id-field",
                                                  "DKBH", "--out", dir.file("delivery.csv"), "--quiet"},
                                                 300);
    ASSERT_EQ(from_package.exit_code, 0) << from_package.err;
    const auto from_gpkg =
        test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("gpkg.csv"), "--quiet"}, 300);
    ASSERT_EQ(from_gpkg.exit_code, 0) << from_gpkg.err;

    const auto expected = read_result(dir.file("gpkg.csv"));
    expect_same_figures(read_result(dir.file("delivery.csv")), expected);
    double farmland = 0;
    for (const auto& [id, e] : expected)
        farmland += e.farmland;
    EXPECT_GT(farmland, 0); // the farmland layer was found and measured, not skipped

    // The summary by town names the towns (field XZMC), as the GeoPackage's does.
    for (const auto& town : test::sql_strings(test::sample_gpkg(), "SELECT DISTINCT town FROM parcels")) {
        EXPECT_NE(from_package.out.find("\n" + town), std::string::npos) << town << "\n" << from_package.out;
    }
    EXPECT_EQ(from_package.out.find("(none)"), std::string::npos) << from_package.out;
}

TEST(Delivery, ParcelIdFoundWithoutTheFlag)
{
    test::TempDir dir;
    const auto r = test::run_planview(
        {"check", kDelivery, "--parcels", delivered("DK.shp"), "--out", dir.file("r.csv"), "--quiet"}, 300);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto rows = read_result(dir.file("r.csv"));
    const auto ids = test::sql_strings(delivered("DK.shp"), "SELECT DKBH FROM DK");
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), rows.size());
    for (const auto& id : ids)
        EXPECT_TRUE(rows.count(id)) << id;
}

TEST(Delivery, InfoSaysWhichRoleEachLayerGotAndWhy)
{
    const auto r = test::run_planview({"info", kDelivery, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::map<std::string, std::string> expected = {
        {"DK", "parcels"}, {"YJJBNT", "farmland"},       {"STBHHX", "eco_redline"}, {"CZKFBJ", "urban_boundary"},
        {"XZQ", "towns"},  {"XJXZQ", "county_boundary"}, {"三区", "three_zones"}};
    CPLJSONDocument doc;
    ASSERT_TRUE(doc.LoadMemory(r.out));
    int seen = 0;
    for (const auto& layer : doc.GetRoot().GetArray("layers")) {
        const std::string name = layer.GetString("name");
        ASSERT_TRUE(expected.count(name)) << name;
        EXPECT_EQ(layer.GetString("role/role"), expected.at(name)) << name;
        EXPECT_NE(layer.GetString("role/reason").find(name), std::string::npos) << name; // "table code YJJBNT …"
        EXPECT_TRUE(layer.GetBool("role/used")) << name;
        ++seen;
        if (name == "DK") {
            EXPECT_EQ(layer.GetString("fields/parcel id/field"), "DKBH");
            EXPECT_EQ(layer.GetString("fields/town/field"), "XZMC");
            EXPECT_EQ(layer.GetString("fields/land-use code/field"), "YDYHFLDM");
        }
    }
    EXPECT_EQ(seen, 7);
    // The GBK text was recognised (the warning says so) and read as Chinese.
    EXPECT_NE(r.err.find("GBK"), std::string::npos) << r.err;
    const auto towns = test::sql_strings(test::sample_gpkg(), "SELECT name FROM towns");
    const auto delivered_towns = test::run_planview({"info", delivered("XZQ.shp"), "--features", "100"});
    ASSERT_EQ(delivered_towns.exit_code, 0) << delivered_towns.err;
    for (const auto& town : towns)
        EXPECT_NE(delivered_towns.out.find("XZQMC = " + town), std::string::npos) << town;
}

TEST(Delivery, IntakeThenCheckGivesThePackagesFigures)
{
    test::TempDir dir;
    const auto intake = test::run_planview(
        {"intake", kDelivery, "--out", dir.file("clean.gpkg"), "--report", dir.file("report.csv"), "--quiet"}, 300);
    ASSERT_EQ(intake.exit_code, 0) << intake.err;
    const auto clean =
        test::run_planview({"check", dir.file("clean.gpkg"), "--out", dir.file("clean.csv"), "--quiet"}, 300);
    ASSERT_EQ(clean.exit_code, 0) << clean.err;
    expect_same_figures(read_result(dir.file("clean.csv")), check_of_package(dir));
    // The 三调 codes the package carries are 用地用海 ones after intake, each one reported.
    const double survey_coded =
        test::sql_number(delivered("DK.shp"), "SELECT COUNT(*) FROM DK WHERE YDYHFLDM IN ('0601', '05H1', '0508')");
    EXPECT_EQ(test::sql_number(dir.file("report.csv"), "SELECT COUNT(*) FROM report WHERE problem = 'survey_code'"),
              survey_coded);
    EXPECT_EQ(test::sql_number(dir.file("clean.gpkg"),
                               "SELECT COUNT(*) FROM parcels WHERE land_use_code IN ('0601', '05H1', '0508')"),
              0);
    EXPECT_EQ(clean.out.find("\n05H1"), std::string::npos) << clean.out;
}

TEST(Delivery, FileGdbWithALayerWithoutCrsIsListedAndChecked)
{
    test::TempDir dir;
    const std::string gdb = dir.file("county.gdb");
    geo::ensure_gdal_registered();
    {
        // The package as a FileGDB (as ogr2ogr writes it with GDAL's OpenFileGDB driver), plus a
        // layer with no CRS.
        const char* argv[] = {"-f", "OpenFileGDB", "-nlt", "PROMOTE_TO_MULTI", "-oo", "ENCODING=CP936", nullptr};
        GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(const_cast<char**>(argv), nullptr);
        GDALDatasetH package = GDALOpenEx(kDelivery.c_str(), GDAL_OF_VECTOR, nullptr, argv + 5, nullptr);
        ASSERT_NE(package, nullptr);
        GDALDatasetH written = GDALVectorTranslate(gdb.c_str(), nullptr, 1, &package, options, nullptr);
        GDALVectorTranslateOptionsFree(options);
        GDALClose(package);
        ASSERT_NE(written, nullptr);
        geo::DatasetPtr out(GDALDataset::FromHandle(written));
        OGRLayer* bare = out->CreateLayer("annotations", nullptr, wkbPoint, nullptr);
        ASSERT_NE(bare, nullptr);
        geo::FeaturePtr f(OGRFeature::CreateFeature(bare->GetLayerDefn()));
        f->SetGeometryDirectly(new OGRPoint(480000, 3220000));
        ASSERT_EQ(bare->CreateFeature(f.get()), OGRERR_NONE);
    }
    const auto info = test::run_planview({"info", gdb});
    EXPECT_EQ(info.exit_code, 0) << info.err;
    for (const char* layer : {"DK", "YJJBNT", "STBHHX", "CZKFBJ", "XZQ", "XJXZQ", "annotations"})
        EXPECT_NE(info.out.find(std::string("\nlayer ") + layer + "\n"), std::string::npos) << layer;
    EXPECT_NE(info.err.find("'annotations': no CRS"), std::string::npos) << info.err;

    const auto check = test::run_planview({"check", gdb, "--out", dir.file("r.csv"), "--quiet"}, 300);
    ASSERT_EQ(check.exit_code, 0) << check.err;
    expect_same_figures(read_result(dir.file("r.csv")), check_of_package(dir));
}
