#include <gtest/gtest.h>

#include <set>

#include <cpl_json.h>

#include "geo/crs.h"
#include "geo/dem.h"
#include "geo/layer_reader.h"
#include "geo/units.h"
#include "geo/vector_source.h"
#include "sample/generator.h"
#include "support.h"

namespace {

const std::set<std::string> kLayers = {"county_boundary", "towns",   "farmland", "eco_redline",   "urban_boundary",
                                       "three_zones",     "parcels", "villages", "renewal_zones", "key_projects"};

CPLJSONObject info_json(const std::string& path)
{
    auto result = test::run_planview({"info", path, "--json"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    CPLJSONDocument doc;
    EXPECT_TRUE(doc.LoadMemory(result.out)) << result.out.substr(0, 200);
    return doc.GetRoot();
}

CPLJSONObject layer_json(const CPLJSONObject& info, const std::string& name)
{
    for (const auto& layer : info.GetArray("layers"))
        if (layer.GetString("name") == name)
            return layer;
    ADD_FAILURE() << "no layer " << name;
    return {};
}

double count(const std::string& sql)
{
    return test::sql_number(test::sample_gpkg(), sql);
}

TEST(SampleCounty, InfoListsEveryLayerInTheWorkingCrs)
{
    const auto info = info_json(test::sample_gpkg());
    EXPECT_EQ(info.GetObj("working_crs").GetString("code"), "EPSG:4549");
    std::set<std::string> names;
    for (const auto& layer : info.GetArray("layers")) {
        names.insert(layer.GetString("name"));
        EXPECT_EQ(layer.GetObj("crs").GetString("code"), "EPSG:4549");
        EXPECT_GT(layer.GetLong("feature_count"), 0) << layer.GetString("name");
    }
    EXPECT_EQ(names, kLayers);
    EXPECT_EQ(layer_json(info, "parcels").GetLong("feature_count"), sample::kDefaultParcels);
    EXPECT_EQ(layer_json(info, "towns").GetLong("feature_count"), 18);
}

TEST(SampleCounty, ParcelAreaMatchesSpatiaLite)
{
    const auto parcels = layer_json(info_json(test::sample_gpkg()), "parcels");
    const double independent_mu = count(
        "SELECT SUM(ST_Area(CASE WHEN ST_IsValid(geom) THEN geom ELSE CollectionExtract(ST_MakeValid(geom),3) END))"
        "/(2000.0/3) FROM parcels");
    EXPECT_NEAR(parcels.GetDouble("area_mu"), independent_mu, 0.01);
    EXPECT_EQ(parcels.GetLong("invalid_geometries"),
              static_cast<long>(count("SELECT COUNT(*) FROM parcels WHERE NOT ST_IsValid(geom)")));
}

TEST(SampleCounty, CountyIsWuyiSized)
{
    const auto county = layer_json(info_json(test::sample_gpkg()), "county_boundary");
    EXPECT_NEAR(county.GetDouble("area_m2") / 1e6, 1577.0, 1.0);
    // Ellipsoidal and planar areas differ, but by little this near the central meridian.
    EXPECT_NEAR(county.GetDouble("ellipsoidal_area_m2") / county.GetDouble("area_m2"), 1.0, 1e-3);
}

TEST(SampleCounty, TownsAreWuyis)
{
    auto source = geo::VectorSource::open(test::sample_gpkg());
    std::set<std::string> towns;
    OGRLayer& layer = source.layer("towns");
    for (geo::FeaturePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature()))
        towns.insert(f->GetFieldAsString("name"));
    for (const char* name :
         {"壶山街道", "白洋街道", "熟溪街道", "履坦镇", "桐琴镇", "泉溪镇", "王宅镇", "桃溪镇", "茭道镇", "柳城畲族镇",
          "新宅镇", "大田乡", "白姆乡", "俞源乡", "坦洪乡", "西联乡", "三港乡", "大溪口乡"})
        EXPECT_TRUE(towns.contains(name)) << name;
    // Towns tile the county.
    EXPECT_NEAR(count("SELECT SUM(ST_Area(geom)) FROM towns"), count("SELECT ST_Area(geom) FROM county_boundary"), 1.0);
}

// The three zones tile the county and hold the three lines: the farmland in 农业空间, the red
// line in 生态空间, the urban boundary in 城镇空间 (each measured by SpatiaLite).
TEST(SampleCounty, ThreeZonesTileTheCountyAndHoldTheThreeLines)
{
    EXPECT_EQ(count("SELECT COUNT(DISTINCT zone) FROM three_zones"), 3);
    EXPECT_NEAR(count("SELECT SUM(ST_Area(geom)) FROM three_zones"), count("SELECT ST_Area(geom) FROM county_boundary"),
                1.0);
    EXPECT_NEAR(count("SELECT SUM(ST_Area(ST_Intersection(a.geom, b.geom))) FROM three_zones a, three_zones b "
                      "WHERE a.zone < b.zone"),
                0, 1.0);
    auto outside = [](const char* layer, const char* zone) {
        return count(std::string("SELECT COALESCE(SUM(ST_Area(ST_Difference(l.geom, z.geom))), 0) FROM ") + layer +
                     " l, three_zones z WHERE z.zone = '" + zone + "' AND " + test::rtree_meets(layer, "l", "z.geom"));
    };
    EXPECT_NEAR(outside("eco_redline", "生态空间"), 0, 1.0);
    EXPECT_NEAR(outside("urban_boundary", "城镇空间"), 0, 1.0);
    // Every farmland patch lies in 农业空间 (none is cut by its edge).
    EXPECT_EQ(count("SELECT COUNT(*) FROM farmland f, three_zones z WHERE z.zone = '农业空间' AND "
                    "NOT ST_Covers(z.geom, f.geom)"),
              0);
}

TEST(SampleCounty, ParcelsHaveTheStructureOfRealData)
{
    const double parcels = count("SELECT COUNT(*) FROM parcels");
    EXPECT_EQ(count("SELECT COUNT(DISTINCT parcel_id) FROM parcels"), parcels);
    const double inside_ucb = count("SELECT COUNT(*) FROM parcels p WHERE ST_IsValid(p.geom) AND EXISTS "
                                    "(SELECT 1 FROM urban_boundary u WHERE ST_Within(p.geom, u.geom))");
    const double on_farmland =
        count("SELECT COUNT(*) FROM parcels p WHERE ST_IsValid(p.geom) AND EXISTS (SELECT 1 FROM farmland f WHERE " +
              test::rtree_meets("farmland", "f", "p.geom") + " AND ST_Intersects(p.geom, f.geom))");
    const double on_redline = count("SELECT COUNT(*) FROM parcels p WHERE ST_IsValid(p.geom) AND EXISTS "
                                    "(SELECT 1 FROM eco_redline r WHERE ST_Intersects(p.geom, r.geom))");
    const double invalid = count("SELECT COUNT(*) FROM parcels WHERE NOT ST_IsValid(geom)");
    EXPECT_GT(inside_ucb / parcels, 0.8);   // mostly inside the boundary
    EXPECT_LT(inside_ucb / parcels, 0.98);  // some sticking out
    EXPECT_GT(on_farmland, parcels * 0.01); // some on farmland
    EXPECT_GE(on_redline, 3);               // a few on the red line
    EXPECT_LT(on_redline, parcels * 0.03);
    EXPECT_GT(invalid / parcels, 0.002); // ~0.5% invalid
    EXPECT_LT(invalid / parcels, 0.01);
    EXPECT_GT(count("SELECT COUNT(*) FROM parcels WHERE land_use_code = '1001' AND land_use_name = '工业用地'"), 0);
    EXPECT_GT(count("SELECT COUNT(*) FROM parcels WHERE status = '已出让' AND supply_year = 2023"), 0);
    EXPECT_GT(count("SELECT COUNT(*) FROM parcels WHERE status = '拟出让'"), 0);
    EXPECT_GT(count("SELECT COUNT(*) FROM parcels WHERE status = '储备'"), 0);
    // Overlapping farmland patches exist, so overlays must union them before measuring.
    EXPECT_GT(count("SELECT COUNT(*) FROM farmland a, farmland b WHERE " +
                    test::rtree_meets("farmland", "b", "a.geom") +
                    " AND a.fid < b.fid AND ST_Overlaps(a.geom, b.geom)"),
              0);
    EXPECT_GT(count("SELECT MAX(ST_NPoints(geom)) FROM eco_redline"), 1000);
    EXPECT_GT(count("SELECT SUM(ST_NumInteriorRing(ST_GeometryN(geom, 1))) FROM eco_redline"), 0);
}

// The n-th smallest value of a per-parcel figure, by SpatiaLite.
double nth_smallest(const std::string& figure, double fraction)
{
    const double parcels = count("SELECT COUNT(*) FROM parcels");
    return count("SELECT v FROM (SELECT " + figure + " AS v FROM parcels) ORDER BY v LIMIT 1 OFFSET " +
                 std::to_string(static_cast<long>(parcels * fraction)));
}

// Shaped like a real cadastre (a public parcel layer: median 24 vertices, p90 160, 15% convex,
// holes), not like lattice quadrilaterals: what the viewer and the check are measured on.
TEST(SampleCounty, ParcelShapesAreRealistic)
{
    const double parcels = count("SELECT COUNT(*) FROM parcels");
    EXPECT_GE(nth_smallest("ST_NPoints(geom)", 0.5), 20);
    EXPECT_GE(nth_smallest("ST_NPoints(geom)", 0.9), 100);
    EXPECT_GT(count("SELECT MAX(ST_NPoints(geom)) FROM parcels"), 1000);
    const double convex = count("SELECT COUNT(*) FROM parcels WHERE ST_IsValid(geom) AND "
                                "ST_Area(ST_ConvexHull(geom)) - ST_Area(geom) <= 1e-9 * ST_Area(geom)");
    EXPECT_LE(convex / parcels, 0.30);
    EXPECT_GE(convex / parcels, 0.05);
    const double with_holes = count("SELECT COUNT(*) FROM parcels WHERE ST_NumInteriorRing(geom) > 0");
    EXPECT_GT(with_holes / parcels, 0.01);
    EXPECT_LT(with_holes / parcels, 0.10);
    // Neighbours in a street block share their boundary vertex for vertex.
    const std::string neighbours = "SELECT COUNT(*) FROM parcels a, parcels b WHERE " +
                                   test::rtree_meets("parcels", "b", "a.geom") +
                                   " AND a.fid < b.fid AND ST_IsValid(a.geom) AND ST_IsValid(b.geom)";
    const double shared =
        count(neighbours + " AND ST_Touches(a.geom, b.geom) AND ST_Length(ST_Intersection(a.geom, b.geom)) > 0");
    EXPECT_GT(shared / parcels, 0.05);
    EXPECT_EQ(count(neighbours + " AND ST_Overlaps(a.geom, b.geom)"), 0);
}

// 永久基本农田 as counties deliver it: tens of thousands of small irregular patches.
TEST(SampleCounty, FarmlandIsTensOfThousandsOfIrregularPatches)
{
    const double patches = count("SELECT COUNT(*) FROM farmland");
    EXPECT_GT(patches, 20000);
    EXPECT_GE(count("SELECT MIN(ST_NPoints(geom)) FROM farmland"), 17); // 16 vertices and the closing one
    EXPECT_LE(count("SELECT MAX(ST_NPoints(geom)) FROM farmland"), 201);
    EXPECT_GT(count("SELECT AVG(ST_NPoints(geom)) FROM farmland"), 40);
    const double convex = count("SELECT COUNT(*) FROM farmland WHERE "
                                "ST_Area(ST_ConvexHull(geom)) - ST_Area(geom) <= 1e-9 * ST_Area(geom)");
    EXPECT_LT(convex / patches, 0.05);
    EXPECT_EQ(count("SELECT COUNT(*) FROM farmland WHERE NOT ST_IsValid(geom)"), 0);
}

double mean_elevation(const geo::Dem& dem, const std::string& layer_name)
{
    auto source = geo::VectorSource::open(test::sample_gpkg());
    OGRLayer& layer = source.layer(layer_name);
    auto srs = geo::layer_crs(source, layer);
    geo::LayerReader reader(source, layer, *srs, nullptr);
    double sum = 0;
    int n = 0;
    while (auto f = reader.next()) {
        geo::GeomPtr c = geo::checked(GEOSGetCentroid_r(geo::geos_context(), f->geometry.get()), "centroid");
        double x = 0, y = 0;
        GEOSGeomGetX_r(geo::geos_context(), c.get(), &x);
        GEOSGeomGetY_r(geo::geos_context(), c.get(), &y);
        if (auto h = dem.elevation_at(x, y)) {
            sum += *h;
            ++n;
        }
    }
    return n ? sum / n : 0;
}

TEST(SampleCounty, TerrainAgreesWithTheLayers)
{
    auto dem = geo::Dem::open(test::sample_dem());
    EXPECT_LT(mean_elevation(dem, "farmland"), 120.0);      // valley floors
    EXPECT_GT(mean_elevation(dem, "eco_redline"), 400.0);   // southern mountains
    EXPECT_LT(mean_elevation(dem, "renewal_zones"), 150.0); // the county seat, on the river
}

TEST(SampleCounty, GeneratorIsDeterministic)
{
    test::TempDir a, b, c;
    sample::generate({a.path().string(), 300, 7, {}});
    sample::generate({b.path().string(), 300, 7, {}});
    sample::generate({c.path().string(), 300, 8, {}});
    // FNV-1a over every feature's WKB and fields: the same bytes, or not.
    auto fingerprint = [](const std::string& dir) {
        auto source = geo::VectorSource::open(dir + "/wuyi.gpkg");
        std::uint64_t hash = 0xcbf29ce484222325ULL;
        auto mix = [&hash](const unsigned char* bytes, std::size_t size) {
            for (std::size_t i = 0; i < size; ++i)
                hash = (hash ^ bytes[i]) * 0x100000001b3ULL;
        };
        std::vector<unsigned char> wkb;
        for (const auto& name : source.layer_names()) {
            OGRLayer& layer = source.layer(name);
            for (geo::FeaturePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
                const OGRGeometry* g = f->GetGeometryRef();
                wkb.resize(static_cast<std::size_t>(g->WkbSize()));
                g->exportToWkb(wkbNDR, wkb.data());
                mix(wkb.data(), wkb.size());
                for (int i = 0; i < f->GetFieldCount(); ++i) {
                    const std::string field = std::string("|") + f->GetFieldAsString(i);
                    mix(reinterpret_cast<const unsigned char*>(field.data()), field.size());
                }
            }
        }
        return hash;
    };
    EXPECT_EQ(fingerprint(a.path().string()), fingerprint(b.path().string()));
    EXPECT_NE(fingerprint(a.path().string()), fingerprint(c.path().string()));
    EXPECT_EQ(test::sql_number(a.file("wuyi.gpkg"), "SELECT COUNT(*) FROM parcels"), 300);
}

} // namespace
