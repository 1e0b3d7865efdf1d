// The target ledger against independent SQL sums (GDAL's SQLite dialect), what-if scenarios,
// and line-numbered errors for broken targets files.
#include <gtest/gtest.h>

#include <cpl_json.h>
#include <filesystem>
#include <fstream>

#include "geo/gdal_ptr.h"
#include "support.h"

#include <set>

namespace {

const std::string kValidArea =
    "ST_Area(CASE WHEN ST_IsValid(geom) THEN geom ELSE CollectionExtract(ST_MakeValid(geom),3) END)";

std::string sample_targets()
{
    return std::filesystem::path(test::sample_gpkg()).parent_path() / "targets.toml";
}

CPLJSONObject run_targets(const std::vector<std::string>& extra = {})
{
    std::vector<std::string> args = {"targets", test::sample_gpkg(), "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = test::run_planview(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    CPLJSONDocument doc;
    EXPECT_TRUE(doc.LoadMemory(r.out));
    return doc.GetRoot();
}

CPLJSONObject target(const CPLJSONObject& root, const std::string& name)
{
    for (const auto& t : root.GetArray("targets"))
        if (t.GetString("name") == name)
            return t;
    ADD_FAILURE() << "no target " << name;
    return {};
}

double sql(const std::string& query)
{
    return test::sql_number(test::sample_gpkg(), query);
}

const char* kSupply = "status = '已出让' AND supply_year = 2023";

TEST(TargetLedger, EveryFigureEqualsAnIndependentSqlSum)
{
    const auto root = run_targets();
    const double supply_mu = sql("SELECT SUM(" + kValidArea + ")/(2000.0/3) FROM parcels WHERE " + kSupply);
    EXPECT_NEAR(target(root, "新出让建设用地").GetDouble("achieved"), supply_mu, 0.01);
    EXPECT_GT(supply_mu, 0);

    const double industrial_mu = sql("SELECT SUM(" + kValidArea + ")/(2000.0/3) FROM parcels WHERE " + kSupply +
                                     " AND land_use_code LIKE '1001%'");
    const auto share = target(root, "其中工业用地占比");
    EXPECT_NEAR(share.GetDouble("part"), industrial_mu, 0.01);
    EXPECT_NEAR(share.GetDouble("whole"), supply_mu, 0.01);
    EXPECT_NEAR(share.GetDouble("achieved"), industrial_mu / supply_mu, 1e-9);

    const double started = sql("SELECT COUNT(*) FROM key_projects WHERE level IN ('省重点', '市重点') AND started = 1");
    const double all = sql("SELECT COUNT(*) FROM key_projects WHERE level IN ('省重点', '市重点')");
    EXPECT_NEAR(target(root, "省市重点新建项目一季度开工率").GetDouble("achieved"), started / all, 1e-12);
    EXPECT_EQ(target(root, "省市重点新建项目一季度开工率").GetString("status"), "met");
    EXPECT_EQ(target(root, "省市重点新建项目三季度开工率").GetString("status"), "behind");

    const double villages = sql("SELECT COUNT(*) FROM villages WHERE future_village = '省级' AND approved_year = 2023");
    EXPECT_EQ(target(root, "创建省级未来乡村").GetDouble("achieved"), villages);
    EXPECT_GT(villages, 0);
}

TEST(TargetLedger, ParcelsThatConflictAreFlagged)
{
    // Parcels supplied this year with at least 1 m² (the sliver tolerance) on farmland or the red
    // line, by SpatiaLite: an engine of its own, not the compliance check the ledger uses.
    const std::string g = test::spatialite_valid("geom");
    const auto area_on = [](const std::string& union_of) {
        return "COALESCE(ST_Area(CollectionExtract(ST_Intersection(pv.g, (" + union_of + ")),3)),0.0)";
    };
    const auto ids = test::sql_strings(
        test::sample_gpkg(),
        "SELECT parcel_id FROM (SELECT parcel_id, " + g + " AS g FROM parcels WHERE " + kSupply + ") pv WHERE " +
            area_on("SELECT ST_Union(" + test::spatialite_valid("f.geom") + ") FROM farmland f WHERE " +
                    test::rtree_meets("farmland", "f", "pv.g")) +
            " >= 1.0 OR " + area_on("SELECT ST_Union(" + test::spatialite_valid("r.geom") + ") FROM eco_redline r") +
            " >= 1.0");
    const std::set<std::string> expected(ids.begin(), ids.end());
    std::set<std::string> flagged;
    for (const auto& f : target(run_targets(), "新出让建设用地").GetArray("flagged"))
        flagged.insert(f.GetString("id"));
    EXPECT_EQ(flagged, expected);
    EXPECT_FALSE(expected.empty());
}

// The ledger holds the geometry of the parcels its targets count and reads a parcel a plan adds
// from the source again: its conflict must be found all the same.
TEST(TargetLedger, AParcelAPlanAddsIsFlaggedWhenItConflicts)
{
    const std::string g = test::spatialite_valid("geom");
    const auto ids = test::sql_strings(
        test::sample_gpkg(),
        "SELECT parcel_id FROM (SELECT parcel_id, " + g +
            " AS g FROM parcels WHERE status = '储备') pv WHERE COALESCE(ST_Area(CollectionExtract(ST_Intersection("
            "pv.g, (SELECT ST_Union(" +
            test::spatialite_valid("r.geom") + ") FROM eco_redline r)),3)),0.0) >= 1.0 LIMIT 1");
    ASSERT_EQ(ids.size(), 1u) << "the sample has a reserve parcel on the red line";
    test::TempDir dir;
    std::filesystem::copy_file(test::sample_gpkg(), dir.file("wuyi.gpkg"));
    std::filesystem::copy_file(sample_targets(), dir.file("targets.toml"));
    auto flagged = [&](const std::vector<std::string>& extra) {
        std::vector<std::string> args = {"targets", dir.file("wuyi.gpkg"), "--json"};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = test::run_planview(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        CPLJSONDocument doc;
        EXPECT_TRUE(doc.LoadMemory(r.out));
        std::set<std::string> found;
        for (const auto& f : target(doc.GetRoot(), "新出让建设用地").GetArray("flagged"))
            found.insert(f.GetString("id"));
        return found;
    };
    std::set<std::string> expected = flagged({});
    EXPECT_FALSE(expected.contains(ids[0]));
    expected.insert(ids[0]);
    EXPECT_EQ(flagged({"--scenario", "on-the-red-line", "--add", ids[0]}), expected);
}

TEST(TargetLedger, AddingAParcelRaisesSupplyByItsAreaAndMovesTheShare)
{
    test::TempDir dir;
    std::filesystem::copy_file(test::sample_gpkg(), dir.file("wuyi.gpkg"));
    std::filesystem::copy_file(sample_targets(), dir.file("targets.toml"));
    const auto before_gpkg = std::filesystem::file_size(dir.file("wuyi.gpkg"));
    auto run = [&](const std::vector<std::string>& extra) {
        std::vector<std::string> args = {"targets", dir.file("wuyi.gpkg"), "--json"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = test::run_planview(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        CPLJSONDocument doc;
        doc.LoadMemory(r.out);
        return doc.GetRoot();
    };
    // An industrial parcel in reserve (储备), not in this year's supply.
    geo::ensure_gdal_registered();
    std::string id;
    double area_mu = 0;
    {
        geo::DatasetPtr ds(GDALDataset::Open(test::sample_gpkg().c_str(), GDAL_OF_VECTOR));
        OGRLayer* result =
            ds->ExecuteSQL(("SELECT parcel_id, " + kValidArea +
                            "/(2000.0/3) FROM parcels WHERE status = '储备' AND land_use_code = '1001' LIMIT 1")
                               .c_str(),
                           nullptr, "SQLite");
        geo::FeaturePtr f(result->GetNextFeature());
        id = f->GetFieldAsString(0);
        area_mu = f->GetFieldAsDouble(1);
        ds->ReleaseResultSet(result);
    }
    const auto base = run({});
    const auto changed = run({"--scenario", "plan-b", "--add", id});
    const double supply_before = target(base, "新出让建设用地").GetDouble("achieved");
    EXPECT_NEAR(target(changed, "新出让建设用地").GetDouble("achieved") - supply_before, area_mu, 1e-6);
    const auto share_before = target(base, "其中工业用地占比");
    const double expected_share =
        (share_before.GetDouble("part") + area_mu) / (share_before.GetDouble("whole") + area_mu);
    EXPECT_NEAR(target(changed, "其中工业用地占比").GetDouble("achieved"), expected_share, 1e-9);
    // Saved beside the data, the source untouched; reloading the scenario gives the same figures.
    EXPECT_TRUE(std::filesystem::exists(dir.file("wuyi.scenarios/plan-b.json")));
    EXPECT_EQ(std::filesystem::file_size(dir.file("wuyi.gpkg")), before_gpkg);
    EXPECT_NEAR(target(run({"--scenario", "plan-b"}), "新出让建设用地").GetDouble("achieved"),
                target(changed, "新出让建设用地").GetDouble("achieved"), 1e-9);
    // Dropping it again restores the baseline.
    EXPECT_NEAR(target(run({"--scenario", "plan-b", "--drop", id}), "新出让建设用地").GetDouble("achieved"),
                supply_before, 1e-6);
}

void expect_error_at(const std::string& toml, int line, const std::string& words)
{
    test::TempDir dir;
    std::ofstream(dir.file("bad.toml")) << toml;
    auto r = test::run_planview({"targets", test::sample_gpkg(), "--targets", dir.file("bad.toml")});
    EXPECT_FALSE(r.signaled);
    EXPECT_NE(r.exit_code, 0);
    const auto lines = test::lines_of(r.err);
    ASSERT_EQ(lines.size(), 1u) << r.err;
    EXPECT_NE(lines[0].find("bad.toml:" + std::to_string(line) + ":"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find(words), std::string::npos) << lines[0];
}

const std::string kGood = "[[target]]\nname = \"supply\"\nlayer = \"parcels\"\nmeasure = \"area_mu\"\n"
                          "comparator = \">=\"\nvalue = 2100\nperiod = \"2023\"\n";

TEST(TargetsFile, ErrorsNameTheLine)
{
    expect_error_at("[[target]]\nname = \"supply\nlayer = 1\n", 2, ""); // syntax
    expect_error_at("\n" + kGood +
                        "[[target]]\nname = \"x\"\nlayer = \"parcels\"\nmeasure = \"sum\"\ncomparator = \">=\"\nvalue "
                        "= 1\nperiod = \"2023\"\n",
                    12, "measure");
    expect_error_at(kGood + "fliter = \"status = '已出让'\"\n", 8, "unknown key 'fliter'");
    expect_error_at("[[target]]\nname = \"supply\"\nlayer = \"parcels\"\nmeasure = \"area_mu\"\ncomparator = "
                    "\">=\"\nvalue = \"lots\"\nperiod = \"2023\"\n",
                    6, "number");
    expect_error_at("[[target]]\nname = \"supply\"\nlayer = \"parcels\"\nmeasure = \"area_mu\"\ncomparator = "
                    "\"=>\"\nvalue = 1\nperiod = \"2023\"\n",
                    5, "comparator");
    expect_error_at("[[target]]\nname = \"supply\"\nlayer = \"parcels\"\nmeasure = \"area_mu\"\ncomparator = "
                    "\">=\"\nvalue = 1\nperiod = \"2023Q5\"\n",
                    7, "period");
    expect_error_at("\n\n[[target]]\nname = \"roads\"\nlayer = \"roads\"\nmeasure = \"count\"\ncomparator = "
                    "\">=\"\nvalue = 1\nperiod = \"2023\"\n",
                    3, "no layer 'roads'");
    expect_error_at("[[target]]\nname = \"supply\"\nlayer = \"parcels\"\nfilter = \"status = = 1\"\nmeasure = "
                    "\"area_mu\"\ncomparator = \">=\"\nvalue = 1\nperiod = \"2023\"\n",
                    1, "not valid OGR SQL");
    expect_error_at("[[target]]\nname = \"share\"\nlayer = \"parcels\"\nmeasure = \"share\"\ncomparator = "
                    "\">=\"\nvalue = 0.5\nperiod = \"2023\"\n",
                    1, "subfilter");
}

} // namespace

// A city folder: each county against the targets.toml beside it, as `planview targets` gives
// that county alone, and the counties summed.
TEST(CityTargets, EachCountyAsAloneAndTheirSums)
{
    const test::TempDir city;
    const auto made = test::run_planview(
        {"sample", "--out", city.path().string(), "--counties", "2", "--parcels", "300", "--quiet"}, 300);
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const auto r = test::run_planview({"targets", city.path().string(), "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    CPLJSONDocument doc;
    ASSERT_TRUE(doc.LoadMemory(r.out));
    const auto counties = doc.GetRoot().GetArray("counties");
    ASSERT_EQ(counties.Size(), 2);
    double supply = 0, supply_target = 0, part = 0, whole = 0;
    int supply_met = 0;
    for (int i = 0; i < counties.Size(); ++i) {
        const std::string gpkg = counties[i].GetString("county");
        const auto alone = test::run_planview({"targets", gpkg, "--json"});
        ASSERT_EQ(alone.exit_code, 0) << alone.err;
        CPLJSONDocument single;
        ASSERT_TRUE(single.LoadMemory(alone.out));
        const auto in_city = counties[i];
        for (const char* name : {"新出让建设用地", "其中工业用地占比", "创建省级未来乡村"})
            EXPECT_DOUBLE_EQ(target(in_city, name).GetDouble("achieved"),
                             target(single.GetRoot(), name).GetDouble("achieved"))
                << gpkg << " " << name;
        // The supply as SpatiaLite sums it on this county's file.
        const double mu = test::sql_number(gpkg, "SELECT SUM(" + kValidArea + ")/(2000.0/3) FROM parcels WHERE " +
                                                     std::string(kSupply));
        EXPECT_NEAR(target(in_city, "新出让建设用地").GetDouble("achieved"), mu, 0.01) << gpkg;
        supply += mu;
        supply_target += target(in_city, "新出让建设用地").GetDouble("target");
        supply_met += target(in_city, "新出让建设用地").GetString("status") == "met" ? 1 : 0;
        part += target(in_city, "其中工业用地占比").GetDouble("part");
        whole += target(in_city, "其中工业用地占比").GetDouble("whole");
    }
    EXPECT_NE(counties[0].GetString("name"), counties[1].GetString("name"));
    auto summed = [&](const std::string& name) {
        for (const auto& t : doc.GetRoot().GetArray("city_sums"))
            if (t.GetString("name") == name)
                return t;
        ADD_FAILURE() << "no city sum " << name;
        return CPLJSONObject();
    };
    EXPECT_NEAR(summed("新出让建设用地").GetDouble("achieved"), supply, 0.02);
    EXPECT_DOUBLE_EQ(summed("新出让建设用地").GetDouble("target"), supply_target);
    EXPECT_EQ(summed("新出让建设用地").GetInteger("met"), supply_met);
    EXPECT_EQ(summed("新出让建设用地").GetInteger("counties"), 2);
    EXPECT_NEAR(summed("其中工业用地占比").GetDouble("achieved"), part / whole, 1e-9);

    // A plan belongs to one county; a county without targets is named and the others still count.
    const auto plan = test::run_planview({"targets", city.path().string(), "--scenario", "x", "--add", "1"});
    EXPECT_NE(plan.exit_code, 0);
    EXPECT_EQ(test::lines_of(plan.err).size(), 1u) << plan.err;
    std::filesystem::remove(std::filesystem::path(counties[1].GetString("county")).parent_path() / "targets.toml");
    const auto partial = test::run_planview({"targets", city.path().string()});
    EXPECT_EQ(partial.exit_code, 1);
    EXPECT_NE(partial.err.find("no targets.toml beside it"), std::string::npos) << partial.err;
    EXPECT_NE(partial.out.find("met in"), std::string::npos) << partial.out;
}
