// The compliance check against an independent engine: GDAL's SQLite dialect with SpatiaLite
// (its own MakeValid, intersection, difference and area), parcel by parcel.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <cpl_minixml.h>

#include "geo/gdal_ptr.h"
#include "support.h"

namespace {

struct Figures {
    double area = 0, farmland = 0, redline = 0, outside = 0;
    std::string conflict;
    int repaired = 0;
};

using Table = std::map<std::string, Figures>;

Table read_result(const std::string& path, const char* layer_name = nullptr)
{
    geo::ensure_gdal_registered();
    geo::DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    EXPECT_TRUE(ds) << path;
    Table table;
    if (!ds)
        return table;
    OGRLayer* layer = layer_name ? ds->GetLayerByName(layer_name) : ds->GetLayer(0);
    for (geo::FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        Figures& row = table[f->GetFieldAsString("parcel_id")];
        row.area = f->GetFieldAsDouble("area_m2");
        row.farmland = f->GetFieldAsDouble("farmland_m2");
        row.redline = f->GetFieldAsDouble("redline_m2");
        row.outside = f->GetFieldAsDouble("outside_ucb_m2");
        row.conflict = f->GetFieldAsString("conflict");
        row.repaired = f->GetFieldAsInteger("repaired");
        // Cross-check the mu columns against their m² columns.
        EXPECT_NEAR(f->GetFieldAsDouble("farmland_mu"), row.farmland * 3 / 2000, 1e-9);
        EXPECT_NEAR(f->GetFieldAsDouble("redline_mu"), row.redline * 3 / 2000, 1e-9);
        EXPECT_NEAR(f->GetFieldAsDouble("outside_ucb_mu"), row.outside * 3 / 2000, 1e-9);
    }
    return table;
}

// SpatiaLite's answer for every parcel. CollectionExtract(…, 3) keeps polygons: ST_Area of a
// geometry collection is 0 in SpatiaLite.
Table spatialite_figures(const std::string& gpkg)
{
    const std::string sql =
        "WITH pv AS (SELECT parcel_id, ST_IsValid(geom) AS valid, CASE WHEN ST_IsValid(geom) THEN geom "
        "ELSE CollectionExtract(ST_MakeValid(geom),3) END AS g FROM parcels), "
        "ru AS (SELECT ST_Union(CASE WHEN ST_IsValid(geom) THEN geom ELSE CollectionExtract(ST_MakeValid(geom),3) END) "
        "AS g FROM eco_redline), "
        "uu AS (SELECT ST_Union(CASE WHEN ST_IsValid(geom) THEN geom ELSE CollectionExtract(ST_MakeValid(geom),3) END) "
        "AS g FROM urban_boundary) "
        "SELECT pv.parcel_id, pv.valid, ST_Area(pv.g), "
        // Farmland is tens of thousands of patches: each parcel against the union of those its
        // envelope meets (SpatiaLite's R-tree), which is the county-wide union's part there.
        "COALESCE(ST_Area(CollectionExtract(ST_Intersection(pv.g, (SELECT ST_Union(CASE WHEN ST_IsValid(f.geom) "
        "THEN f.geom ELSE CollectionExtract(ST_MakeValid(f.geom),3) END) FROM farmland f WHERE " +
        test::rtree_meets("farmland", "f", "pv.g") +
        ")),3)),0.0), "
        "COALESCE(ST_Area(CollectionExtract(ST_Intersection(pv.g, ru.g),3)),0.0), "
        "COALESCE(ST_Area(CollectionExtract(ST_Difference(pv.g, uu.g),3)),0.0) "
        "FROM pv, ru, uu";
    geo::ensure_gdal_registered();
    geo::DatasetPtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, "SQLite");
    EXPECT_NE(result, nullptr) << geo::last_gdal_error("");
    Table table;
    if (result == nullptr)
        return table;
    for (geo::FeaturePtr f(result->GetNextFeature()); f; f.reset(result->GetNextFeature())) {
        Figures& row = table[f->GetFieldAsString(0)];
        row.repaired = f->GetFieldAsInteger(1) == 1 ? 0 : 1;
        row.area = f->GetFieldAsDouble(2);
        row.farmland = f->GetFieldAsDouble(3);
        row.redline = f->GetFieldAsDouble(4);
        row.outside = f->GetFieldAsDouble(5);
        auto judge = [&](double v, const char* kind) {
            if (v >= 1.0)
                row.conflict += (row.conflict.empty() ? "" : ";") + std::string(kind);
        };
        judge(row.farmland, "farmland");
        judge(row.redline, "redline");
        judge(row.outside, "outside_ucb");
    }
    ds->ReleaseResultSet(result);
    return table;
}

void expect_same(const Table& ours, const Table& reference, double tolerance_m2)
{
    ASSERT_EQ(ours.size(), reference.size());
    int differing = 0, conflicts = 0;
    for (const auto& [id, expected] : reference) {
        const auto it = ours.find(id);
        ASSERT_NE(it, ours.end()) << id;
        const Figures& got = it->second;
        const bool same = std::fabs(got.area - expected.area) <= tolerance_m2 &&
                          std::fabs(got.farmland - expected.farmland) <= tolerance_m2 &&
                          std::fabs(got.redline - expected.redline) <= tolerance_m2 &&
                          std::fabs(got.outside - expected.outside) <= tolerance_m2;
        if (!same && ++differing <= 5)
            ADD_FAILURE() << id << ": ours " << got.area << "/" << got.farmland << "/" << got.redline << "/"
                          << got.outside << " reference " << expected.area << "/" << expected.farmland << "/"
                          << expected.redline << "/" << expected.outside;
        EXPECT_EQ(got.conflict, expected.conflict) << id;
        EXPECT_EQ(got.repaired, expected.repaired) << id;
        conflicts += expected.conflict.empty() ? 0 : 1;
    }
    EXPECT_EQ(differing, 0) << "parcels differing by more than " << tolerance_m2 << " m²";
    EXPECT_GT(conflicts, 0); // the sample has conflicts of every kind; a check finding none is broken
}

TEST(ComplianceCheck, EveryParcelAgreesWithSpatiaLiteToOneHundredthOfASquareMetre)
{
    test::TempDir dir;
    auto run = test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("result.csv"), "--quiet"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const Table ours = read_result(dir.file("result.csv"));
    expect_same(ours, spatialite_figures(test::sample_gpkg()), 0.01);
}

// The summary printed to the terminal: its total line is the sum of the CSV's rows (parcels,
// conflicts, and each area in mu to the hundredth it prints), and its towns add up to it.
TEST(ComplianceCheck, SummaryTotalsAreTheSumsOfTheRows)
{
    test::TempDir dir;
    auto run = test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("result.csv"), "--quiet"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const Table rows = read_result(dir.file("result.csv"));
    double area = 0, farmland = 0, redline = 0, outside = 0, conflicts = 0;
    for (const auto& [id, f] : rows) {
        area += f.area, farmland += f.farmland, redline += f.redline, outside += f.outside;
        conflicts += f.conflict.empty() ? 0 : 1;
    }
    // "NAME parcels conflicts area_mu farmland_mu redline_mu outside_mu" lines.
    std::vector<std::array<double, 6>> towns;
    std::optional<std::array<double, 6>> total;
    bool in_towns = false;
    for (const std::string& line : test::lines_of(run.out)) {
        if (line.starts_with("by "))
            in_towns = line == "by town";
        std::istringstream in(line);
        std::string name;
        std::array<double, 6> figures{};
        in >> name;
        for (double& figure : figures)
            in >> figure;
        if (!in)
            continue;
        if (name == "total")
            total = figures;
        else if (in_towns)
            towns.push_back(figures);
    }
    ASSERT_TRUE(total) << run.out;
    const std::array<double, 6> expected = {static_cast<double>(rows.size()),
                                            conflicts,
                                            area * 3 / 2000,
                                            farmland * 3 / 2000,
                                            redline * 3 / 2000,
                                            outside * 3 / 2000};
    for (std::size_t i = 0; i < 6; ++i)
        EXPECT_NEAR((*total)[i], expected[i], 0.005 + 1e-9) << "column " << i;
    EXPECT_GT((*total)[1], 0);
    ASSERT_GE(towns.size(), 10U);
    for (std::size_t i = 0; i < 6; ++i) {
        double sum = 0;
        for (const auto& town : towns)
            sum += town[i];
        EXPECT_NEAR(sum, expected[i], 0.005 * static_cast<double>(towns.size())) << "town column " << i;
    }
}

TEST(ComplianceCheck, CsvIsSortedByParcelIdWithAHeader)
{
    test::TempDir dir;
    ASSERT_EQ(test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("r.csv"), "--quiet"}).exit_code, 0);
    std::ifstream in(dir.file("r.csv"));
    std::string header, line, previous;
    std::getline(in, header);
    EXPECT_EQ(header, "parcel_id,area_m2,farmland_m2,farmland_mu,redline_m2,redline_mu,outside_ucb_m2,outside_ucb_mu,"
                      "conflict,repaired,agri_space_m2,agri_space_mu,eco_space_m2,eco_space_mu,urban_space_m2,"
                      "urban_space_mu"); // the sample has a three-zones layer
    int rows = 0;
    while (std::getline(in, line)) {
        const std::string id = line.substr(0, line.find(','));
        EXPECT_LT(previous, id);
        previous = id;
        ++rows;
    }
    EXPECT_EQ(rows, 5000);
}

TEST(ComplianceCheck, GeoPackageHoldsParcelsAndTheOverlapPieces)
{
    test::TempDir dir;
    auto run = test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("r.gpkg"), "--quiet"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const Table ours = read_result(dir.file("r.gpkg"), "parcel_check");
    EXPECT_EQ(ours.size(), 5000u);
    // The overlap pieces add up to each parcel's figures.
    const std::string gpkg = dir.file("r.gpkg");
    for (const char* kind : {"farmland", "redline", "outside_ucb"}) {
        const double pieces = test::sql_number(
            gpkg, std::string("SELECT SUM(area_m2) FROM conflict_overlaps WHERE kind = '") + kind + "'");
        const double figures = test::sql_number(gpkg, std::string("SELECT SUM(") +
                                                          (std::string(kind) == "farmland"  ? "farmland_m2"
                                                           : std::string(kind) == "redline" ? "redline_m2"
                                                                                            : "outside_ucb_m2") +
                                                          ") FROM parcel_check");
        EXPECT_GT(figures, 0) << kind;
        EXPECT_NEAR(pieces, figures, 0.01) << kind;
        // And the pieces' own geometry has that area.
        EXPECT_NEAR(
            test::sql_number(gpkg, std::string("SELECT SUM(ST_Area(geom)) FROM conflict_overlaps WHERE kind = '") +
                                       kind + "'"),
            figures, 0.01)
            << kind;
    }
}

TEST(ComplianceCheck, GeoJsonOutputReadsBack)
{
    test::TempDir dir;
    ASSERT_EQ(test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("r.geojson"), "--quiet"}).exit_code,
              0);
    EXPECT_EQ(read_result(dir.file("r.geojson")).size(), 5000u);
}

TEST(ComplianceCheck, ThreadCountDoesNotChangeTheFigures)
{
    test::TempDir dir;
    ASSERT_EQ(
        test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("one.csv"), "--threads", "1", "--quiet"})
            .exit_code,
        0);
    ASSERT_EQ(
        test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("four.csv"), "--threads", "4", "--quiet"})
            .exit_code,
        0);
    std::ifstream a(dir.file("one.csv")), b(dir.file("four.csv"));
    std::stringstream sa, sb;
    sa << a.rdbuf();
    sb << b.rdbuf();
    EXPECT_EQ(sa.str(), sb.str());
}

TEST(ComplianceCheck, WhereFiltersParcels)
{
    test::TempDir dir;
    auto run = test::run_planview(
        {"check", test::sample_gpkg(), "--out", dir.file("ind.csv"), "--where", "land_use_code = '1001'", "--quiet"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(static_cast<double>(read_result(dir.file("ind.csv")).size()),
              test::sql_number(test::sample_gpkg(), "SELECT COUNT(*) FROM parcels WHERE land_use_code = '1001'"));
    auto bad =
        test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("x.csv"), "--where", "no_such_field = 1"});
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_EQ(test::lines_of(bad.err).size(), 1u) << bad.err;
}

TEST(ComplianceCheck, ShapefileInAnotherCrsFromAnotherDepartmentWorks)
{
    test::TempDir dir;
    // The farmland layer as a GBK Shapefile in geographic CGCS2000, as another department sends it.
    ASSERT_TRUE(test::ogr2ogr(test::sample_gpkg(), dir.file("jbnt.shp"),
                              {"-t_srs", "EPSG:4490", "-lco", "ENCODING=CP936", "farmland"}));
    auto run = test::run_planview(
        {"check", test::sample_gpkg(), "--farmland", dir.file("jbnt.shp"), "--out", dir.file("r.csv"), "--quiet"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    ASSERT_EQ(test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("base.csv"), "--quiet"}).exit_code,
              0);
    // Through EPSG:4490 and back the coordinates move by micrometres at most.
    expect_same(read_result(dir.file("r.csv")), read_result(dir.file("base.csv")), 0.01);
}

TEST(ComplianceCheck, SliverToleranceDecidesWhatIsAConflict)
{
    test::TempDir dir;
    ASSERT_EQ(
        test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("r.csv"), "--sliver", "1e12", "--quiet"})
            .exit_code,
        0);
    for (const auto& [id, row] : read_result(dir.file("r.csv")))
        EXPECT_TRUE(row.conflict.empty()) << id;
}

TEST(ComplianceCheck, BadInputIsOneLine)
{
    test::TempDir dir;
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"check", test::sample_gpkg(), "--out", dir.file("r.txt")},
             {"check", test::sample_gpkg(), "--out", dir.file("r.csv"), "--farmland", test::sample_gpkg() + ":nope"},
             {"check", test::sample_gpkg(), "--out", dir.file("r.csv"), "--id-field", "nope"},
             {"check", "/missing.gpkg", "--out", dir.file("r.csv")},
             {"check", test::sample_gpkg()},
             {"check", "--out", dir.file("r.csv")},
             {"check", test::sample_gpkg(), "--out", dir.file("r.csv"), "--threads", "0"},
         }) {
        auto r = test::run_planview(args);
        EXPECT_FALSE(r.signaled);
        EXPECT_NE(r.exit_code, 0);
        EXPECT_EQ(test::lines_of(r.err).size(), 1u) << r.err;
    }
    EXPECT_FALSE(std::filesystem::exists(dir.file("r.csv"))); // nothing half-written
}

} // namespace

// The three zones (三区): every parcel's m² in each zone as SpatiaLite measures it, and the
// three add up to the parcel.
TEST(ComplianceCheck, AreaPerZoneAgreesWithSpatiaLite)
{
    test::TempDir dir;
    auto run = test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("result.csv"), "--quiet"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find("by zone (三区)"), std::string::npos) << run.out;
    const std::string sql =
        "WITH pv AS (SELECT parcel_id, " + test::spatialite_valid("geom") +
        " AS g FROM parcels) SELECT pv.parcel_id, z.zone, "
        "COALESCE(ST_Area(CollectionExtract(ST_Intersection(pv.g, z.geom),3)),0.0) FROM pv, three_zones z";
    std::map<std::string, std::array<double, 3>> reference;
    geo::ensure_gdal_registered();
    geo::DatasetPtr ds(GDALDataset::Open(test::sample_gpkg().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, "SQLite");
    ASSERT_NE(result, nullptr) << geo::last_gdal_error("");
    const std::map<std::string, int> column = {{"农业空间", 0}, {"生态空间", 1}, {"城镇空间", 2}};
    for (geo::FeaturePtr f(result->GetNextFeature()); f; f.reset(result->GetNextFeature()))
        reference[f->GetFieldAsString(0)][static_cast<std::size_t>(column.at(f->GetFieldAsString(1)))] =
            f->GetFieldAsDouble(2);
    ds->ReleaseResultSet(result);

    geo::DatasetPtr csv(GDALDataset::Open(dir.file("result.csv").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(csv);
    OGRLayer* rows = csv->GetLayer(0);
    std::size_t seen = 0, differing = 0;
    std::array<double, 3> totals{};
    for (geo::FeaturePtr f(rows->GetNextFeature()); f; f.reset(rows->GetNextFeature())) {
        const std::array<double, 3> ours = {f->GetFieldAsDouble("agri_space_m2"), f->GetFieldAsDouble("eco_space_m2"),
                                            f->GetFieldAsDouble("urban_space_m2")};
        const auto& expected = reference.at(f->GetFieldAsString("parcel_id"));
        for (std::size_t z = 0; z < 3; ++z) {
            differing += std::fabs(ours[z] - expected[z]) > 0.01;
            totals[z] += ours[z];
        }
        EXPECT_NEAR(ours[0] + ours[1] + ours[2], f->GetFieldAsDouble("area_m2"), 0.01) << f->GetFieldAsString(0);
        EXPECT_NEAR(f->GetFieldAsDouble("eco_space_mu"), ours[1] * 3 / 2000, 1e-9);
        ++seen;
    }
    EXPECT_EQ(seen, reference.size());
    EXPECT_EQ(differing, 0u);
    for (const double total : totals)
        EXPECT_GT(total, 0); // parcels lie in every zone in the sample

    // --zones none leaves them out (as the benchmark's peers do).
    auto without = test::run_planview(
        {"check", test::sample_gpkg(), "--out", dir.file("plain.csv"), "--quiet", "--zones", "none"});
    ASSERT_EQ(without.exit_code, 0) << without.err;
    std::ifstream plain(dir.file("plain.csv"));
    std::string header;
    std::getline(plain, header);
    EXPECT_EQ(header.find("agri_space"), std::string::npos) << header;
    EXPECT_EQ(without.out.find("by zone"), std::string::npos);
}

// QGIS opens the result styled: each layer has a default QML style in layer_styles, keyed as
// QGIS looks it up (empty schema, table, geometry column), colouring every kind of conflict.
TEST(ComplianceCheck, GeoPackageCarriesItsQgisStyles)
{
    test::TempDir dir;
    auto run = test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("r.gpkg"), "--quiet"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const std::string gpkg = dir.file("r.gpkg");
    for (const char* layer : {"parcel_check", "conflict_overlaps"}) {
        const std::string where = std::string(" FROM layer_styles WHERE f_table_name = '") + layer +
                                  "' AND f_table_schema = '' AND f_geometry_column = 'geom' AND useAsDefault = 1";
        ASSERT_EQ(test::sql_number(gpkg, "SELECT COUNT(*)" + where), 1) << layer;
        const std::string qml = test::sql_strings(gpkg, "SELECT styleQML" + where).at(0);
        CPLXMLNode* root = CPLParseXMLString(qml.c_str());
        ASSERT_NE(root, nullptr) << qml;
        const CPLXMLNode* renderer = CPLGetXMLNode(root, "=qgis.renderer-v2");
        ASSERT_NE(renderer, nullptr) << qml;
        EXPECT_STREQ(CPLGetXMLValue(renderer, "type", ""), "categorizedSymbol");
        std::set<std::string> values;
        for (const CPLXMLNode* c = CPLGetXMLNode(renderer, "categories")->psChild; c != nullptr; c = c->psNext)
            if (c->eType == CXT_Element)
                values.insert(CPLGetXMLValue(c, "value", ""));
        // Every kind the layer holds has a colour.
        const auto kinds = std::string(layer) == "conflict_overlaps"
                               ? test::sql_strings(gpkg, "SELECT DISTINCT kind FROM conflict_overlaps")
                               : std::vector<std::string>{"redline", "farmland", "outside_ucb", "none"};
        for (const auto& kind : kinds)
            EXPECT_TRUE(values.count(kind)) << layer << ": " << kind;
        CPLDestroyXMLNode(root);
    }
}
