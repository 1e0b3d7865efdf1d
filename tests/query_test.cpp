// `planview query` against GDAL's SQLite/SpatiaLite dialect, for every predicate.
#include <gtest/gtest.h>

#include <set>

#include "geo/gdal_ptr.h"
#include "support.h"

namespace {

struct Case {
    const char* subject;
    const char* key; // a field that names subject features
    const char* predicate;
    const char* other;
    const char* spatialite; // the predicate as SpatiaLite SQL over s and o
    const char* where = "";
    const char* other_where = "";
    double distance = 0;
};

std::string valid(const std::string& g)
{
    return test::spatialite_valid(g);
}

std::set<std::string> keys_in(const std::string& path, const std::string& key)
{
    geo::ensure_gdal_registered();
    geo::DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    std::set<std::string> keys;
    if (!ds)
        return keys;
    OGRLayer* layer = ds->GetLayer(0);
    for (geo::FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature()))
        keys.insert(f->GetFieldAsString(key.c_str()));
    return keys;
}

std::set<std::string> spatialite_keys(const Case& c)
{
    const std::string s = valid("s.geom"), o = c.other == std::string("key_projects") ? "o.geom" : valid("o.geom");
    std::string condition = c.spatialite;
    for (auto [from, to] : {std::pair<std::string, std::string>{"S", s}, {"O", o}})
        for (size_t at; (at = condition.find("$" + from)) != std::string::npos;)
            condition.replace(at, 2, to);
    std::string sql = std::string("SELECT s.") + c.key + " FROM " + c.subject + " s WHERE ";
    if (*c.where)
        sql += std::string("(") + c.where + ") AND ";
    // The attribute filter and a bounding-box test first: SQLite evaluates left to right, and
    // without them the nested loop runs every exact predicate.
    std::string prefilter = *c.other_where ? std::string("(") + c.other_where + ") AND " : "";
    if (c.distance == 0) // through the other layer's R-tree: farmland is tens of thousands of patches
        prefilter += test::rtree_meets(c.other, "o", "s.geom") + " AND ";
    if (std::string(c.predicate) == "disjoint")
        sql += std::string("NOT EXISTS (SELECT 1 FROM ") + c.other + " o WHERE " + prefilter + "ST_Intersects(" + s +
               ", " + o + "))";
    else
        sql += std::string("EXISTS (SELECT 1 FROM ") + c.other + " o WHERE " + prefilter + condition + ")";
    geo::ensure_gdal_registered();
    geo::DatasetPtr ds(GDALDataset::Open(test::sample_gpkg().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, "SQLite");
    EXPECT_NE(result, nullptr) << sql << ": " << geo::last_gdal_error("");
    std::set<std::string> keys;
    if (!result)
        return keys;
    for (geo::FeaturePtr f(result->GetNextFeature()); f; f.reset(result->GetNextFeature()))
        keys.insert(f->GetFieldAsString(0));
    ds->ReleaseResultSet(result);
    return keys;
}

void PrintTo(const Case& c, std::ostream* os)
{
    *os << c.subject << " " << c.predicate << " " << c.other;
}

class QueryAgreesWithSpatiaLite : public ::testing::TestWithParam<Case> {};

TEST_P(QueryAgreesWithSpatiaLite, SameFeatures)
{
    const Case& c = GetParam();
    test::TempDir dir;
    std::vector<std::string> args = {"query",  test::sample_gpkg() + ":" + c.subject, "--predicate", c.predicate,
                                     "--with", test::sample_gpkg() + ":" + c.other,   "--out",       dir.file("m.gpkg"),
                                     "--quiet"};
    if (*c.where)
        args.insert(args.end(), {"--where", c.where});
    if (*c.other_where)
        args.insert(args.end(), {"--with-where", c.other_where});
    if (c.distance > 0)
        args.insert(args.end(), {"--distance", std::to_string(c.distance)});
    auto run = test::run_planview(args);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto ours = keys_in(dir.file("m.gpkg"), c.key);
    const auto reference = spatialite_keys(c);
    EXPECT_EQ(ours, reference);
    // Each case is chosen so the answer is neither empty nor everything (a predicate that
    // matched all features, or none, would agree with a broken reference too easily).
    EXPECT_FALSE(reference.empty());
    const double candidates =
        test::sql_number(test::sample_gpkg(), std::string("SELECT COUNT(*) FROM ") + c.subject +
                                                  (*c.where ? std::string(" WHERE ") + c.where : std::string()));
    EXPECT_LT(static_cast<double>(reference.size()), candidates);
}

INSTANTIATE_TEST_SUITE_P(
    EveryPredicate, QueryAgreesWithSpatiaLite,
    ::testing::Values(
        Case{"parcels", "parcel_id", "intersects", "eco_redline", "ST_Intersects($S, $O)"},
        Case{"parcels", "parcel_id", "intersects", "eco_redline", "ST_Intersects($S, $O)", "land_use_code = '1001'"},
        Case{"parcels", "parcel_id", "disjoint", "urban_boundary", ""},
        Case{"parcels", "parcel_id", "within", "urban_boundary", "ST_Within($S, $O)"},
        Case{"urban_boundary", "name", "contains", "parcels", "ST_Contains($S, $O)", "", "land_use_code = '0902'"},
        Case{"urban_boundary", "name", "covers", "parcels", "ST_Covers($S, $O)", "", "land_use_code = '0806'"},
        Case{"parcels", "parcel_id", "covered_by", "urban_boundary", "ST_CoveredBy($S, $O)", "land_use_code = '0901'"},
        Case{"parcels", "parcel_id", "overlaps", "farmland", "ST_Overlaps($S, $O)"},
        Case{"towns", "name", "touches", "towns", "ST_Touches($S, $O)", "", "name = '壶山街道'"},
        Case{"key_projects", "name", "crosses", "towns", "ST_Crosses($S, $O)", "", "name = '壶山街道'"},
        Case{"parcels", "parcel_id", "equals", "parcels", "ST_Equals($S, $O)", "", "land_use_code = '1401'"},
        Case{"parcels", "parcel_id", "dwithin", "key_projects", "ST_Distance($S, $O) <= 50", "", "", 50}),
    [](const ::testing::TestParamInfo<Case>& param_info) {
        return std::string(param_info.param.predicate) + "_" + std::to_string(param_info.index);
    });

TEST(Query, WktInsteadOfALayer)
{
    test::TempDir dir;
    // A 2 km square around the county seat's renewal zones.
    const std::string wkt = "POLYGON((480500 3195000, 484500 3195000, 484500 3199000, 480500 3199000, 480500 3195000))";
    auto run = test::run_planview({"query", test::sample_gpkg() + ":renewal_zones", "--predicate", "intersects",
                                   "--wkt", wkt, "--out", dir.file("m.geojson"), "--quiet"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto ours = keys_in(dir.file("m.geojson"), "name");
    const auto names =
        test::sql_strings(test::sample_gpkg(),
                          "SELECT name FROM renewal_zones WHERE ST_Intersects(geom, ST_GeomFromText('" + wkt + "'))");
    EXPECT_EQ(ours, std::set<std::string>(names.begin(), names.end()));
    EXPECT_FALSE(names.empty());
}

// What is written says what it holds: the subject's geometry type (not "Unknown"), GeoJSON in
// WGS 84 as RFC 7946 requires, and a Shapefile named in capitals keeps its companion files.
TEST(Query, OutputsDeclareTheirTypeAndCrs)
{
    test::TempDir dir;
    const std::string wkt = "POLYGON((480500 3195000, 484500 3195000, 484500 3199000, 480500 3199000, 480500 3195000))";
    auto query = [&](const std::string& out) {
        auto run = test::run_planview({"query", test::sample_gpkg() + ":parcels", "--predicate", "intersects", "--wkt",
                                       wkt, "--out", out, "--quiet"});
        EXPECT_EQ(run.exit_code, 0) << run.err;
        geo::ensure_gdal_registered();
        return geo::DatasetPtr(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    };
    const auto gpkg = query(dir.file("m.gpkg"));
    ASSERT_TRUE(gpkg);
    EXPECT_EQ(wkbFlatten(gpkg->GetLayer(0)->GetGeomType()), wkbMultiPolygon);
    const std::size_t matched = static_cast<std::size_t>(gpkg->GetLayer(0)->GetFeatureCount());
    EXPECT_GT(matched, 0U);

    const auto geojson = query(dir.file("m.geojson"));
    ASSERT_TRUE(geojson);
    OGREnvelope e;
    ASSERT_EQ(geojson->GetLayer(0)->GetExtent(&e), OGRERR_NONE);
    EXPECT_GT(e.MinX, 119.0); // longitude and latitude of Wuyi, not Gauss-Kruger metres
    EXPECT_LT(e.MaxX, 121.0);
    EXPECT_GT(e.MinY, 28.0);
    EXPECT_LT(e.MaxY, 30.0);
    EXPECT_EQ(static_cast<std::size_t>(geojson->GetLayer(0)->GetFeatureCount()), matched);

    const auto shp = query(dir.file("OUT.SHP"));
    ASSERT_TRUE(shp);
    EXPECT_EQ(static_cast<std::size_t>(shp->GetLayer(0)->GetFeatureCount()), matched);
    for (const char* sidecar : {"OUT.SHX", "OUT.DBF", "OUT.PRJ"})
        EXPECT_TRUE(std::filesystem::exists(dir.file(sidecar))) << sidecar;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        EXPECT_EQ(entry.path().string().find("partial"), std::string::npos) << entry.path();
}

TEST(Query, BadArgumentsAreOneLine)
{
    test::TempDir dir;
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"query", test::sample_gpkg() + ":parcels", "--predicate", "near", "--wkt", "POINT(0 0)", "--out",
              dir.file("a.gpkg")},
             {"query", test::sample_gpkg() + ":parcels", "--predicate", "intersects", "--out", dir.file("a.gpkg")},
             {"query", test::sample_gpkg() + ":parcels", "--predicate", "intersects", "--wkt", "POLYGON((", "--out",
              dir.file("a.gpkg")},
             {"query", test::sample_gpkg() + ":parcels", "--predicate", "dwithin", "--wkt", "POINT(0 0)", "--out",
              dir.file("a.gpkg")},
             {"query", test::sample_gpkg(), "--predicate", "intersects", "--wkt", "POINT(0 0)", "--out",
              dir.file("a.gpkg")},
             {"query", test::sample_gpkg() + ":parcels", "--predicate", "intersects", "--wkt", "POINT(0 0)", "--out",
              dir.file("a.txt")},
         }) {
        auto r = test::run_planview(args);
        EXPECT_FALSE(r.signaled);
        EXPECT_NE(r.exit_code, 0);
        EXPECT_EQ(test::lines_of(r.err).size(), 1u) << r.err;
    }
    EXPECT_FALSE(std::filesystem::exists(dir.file("a.gpkg")));
}

} // namespace
