// A city of sample counties (planview sample --counties) and the compliance check over it:
// each county written as the sample is, side by side; each county's result the same as its
// own check; the city summary the sum; a county that cannot be read named, the others checked.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <ogrsf_frmts.h>

#include "geo/gdal_ptr.h"
#include "support.h"

namespace {

namespace fs = std::filesystem;

constexpr int kCounties = 4;
constexpr int kParcelsEach = 400;

// Made once for the suite: four counties of 400 parcels.
const test::TempDir& city()
{
    static const test::TempDir dir;
    static const bool made = [] {
        const auto result =
            test::run_planview({"sample", "--out", dir.path().string(), "--counties", std::to_string(kCounties),
                                "--parcels", std::to_string(kParcelsEach), "--quiet"},
                               300);
        EXPECT_EQ(result.exit_code, 0) << result.err;
        return true;
    }();
    (void)made;
    return dir;
}

std::vector<fs::path> county_files()
{
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(city().path()))
        if (entry.is_directory())
            files.push_back(entry.path() / (entry.path().filename().string() + ".gpkg"));
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_file(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The rows of a CSV file GDAL reads, each as field name → text.
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& path)
{
    geo::ensure_gdal_registered();
    geo::DatasetPtr csv(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    EXPECT_TRUE(csv) << path;
    std::vector<std::map<std::string, std::string>> rows;
    if (!csv)
        return rows;
    OGRLayer* layer = csv->GetLayer(0);
    for (auto& feature : *layer) {
        std::map<std::string, std::string> row;
        for (int i = 0; i < feature->GetFieldCount(); ++i)
            row[feature->GetFieldDefnRef(i)->GetNameRef()] = feature->GetFieldAsString(i);
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace

TEST(City, SampleCountiesLieSideBySideEachWithItsOwnNameCodesAndTerrain)
{
    const auto files = county_files();
    ASSERT_EQ(files.size(), static_cast<std::size_t>(kCounties));
    std::set<std::string> names;
    std::vector<std::string> outlines;
    for (const auto& gpkg : files) {
        SCOPED_TRACE(gpkg.string());
        EXPECT_TRUE(fs::exists(gpkg.parent_path() / (gpkg.stem().string() + "_dem.tif")));
        EXPECT_TRUE(fs::exists(gpkg.parent_path() / "targets.toml"));
        const auto name = test::sql_strings(gpkg.string(), "SELECT name FROM county_boundary");
        const auto code = test::sql_strings(gpkg.string(), "SELECT adcode FROM county_boundary");
        ASSERT_EQ(name.size(), 1u);
        ASSERT_EQ(code.size(), 1u);
        names.insert(name.front());
        EXPECT_EQ(test::sql_number(gpkg.string(), "SELECT COUNT(*) FROM parcels"), kParcelsEach);
        EXPECT_EQ(test::sql_number(gpkg.string(),
                                   "SELECT COUNT(*) FROM parcels WHERE parcel_id NOT LIKE '" + code.front() + "-%'"),
                  0)
            << "parcel ids carry the county's code, so a city's ids are unique";
        // Each county is as realistic as the sample: irregular parcels, tens of thousands of patches.
        EXPECT_GE(test::sql_number(gpkg.string(), "SELECT v FROM (SELECT ST_NPoints(geom) AS v FROM parcels) "
                                                  "ORDER BY v LIMIT 1 OFFSET " +
                                                      std::to_string(kParcelsEach / 2)),
                  20);
        EXPECT_GT(test::sql_number(gpkg.string(), "SELECT COUNT(*) FROM farmland"), 20000);
        outlines.push_back(test::sql_strings(gpkg.string(), "SELECT AsText(geom) FROM county_boundary").front());
    }
    EXPECT_EQ(names.size(), files.size()) << "every county has its own name";
    // Side by side: no two counties overlap (GDAL's SQLite dialect on the first county's file).
    for (std::size_t a = 0; a < outlines.size(); ++a)
        for (std::size_t b = a + 1; b < outlines.size(); ++b)
            EXPECT_EQ(test::sql_number(files.front().string(), "SELECT ST_Intersects(GeomFromText('" + outlines[a] +
                                                                   "'), GeomFromText('" + outlines[b] + "'))"),
                      0)
                << a << " and " << b;
}

TEST(City, CheckWritesEachCountysOwnResultAndACitySummaryThatIsTheirSum)
{
    const test::TempDir out;
    const auto result = test::run_planview(
        {"check", city().path().string(), "--out", out.path().string(), "--threads", "2", "--quiet"}, 300);
    ASSERT_EQ(result.exit_code, 0) << result.err;

    const auto rows = csv_rows(out.file("city_summary.csv"));
    ASSERT_EQ(rows.size(), static_cast<std::size_t>(kCounties + 1));
    double parcels = 0, farmland = 0, conflicts = 0;
    for (const auto& gpkg : county_files()) {
        SCOPED_TRACE(gpkg.string());
        // The same figures, byte for byte, as the county checked alone with all threads.
        const test::TempDir alone;
        const auto single = test::run_planview({"check", gpkg.string(), "--out", alone.file("r.csv"), "--quiet"});
        ASSERT_EQ(single.exit_code, 0) << single.err;
        const std::string city_result = out.file(gpkg.stem().string() + ".csv");
        EXPECT_EQ(read_file(city_result), read_file(alone.file("r.csv")));

        const auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.at("source") == gpkg; });
        ASSERT_NE(row, rows.end());
        EXPECT_EQ(row->at("county"), test::sql_strings(gpkg.string(), "SELECT name FROM county_boundary").front());
        EXPECT_EQ(row->at("result"), city_result);
        EXPECT_EQ(row->at("error"), "");
        EXPECT_EQ(std::stod(row->at("parcels")), kParcelsEach);
        const auto counted = csv_rows(city_result);
        double farmland_m2 = 0, county_conflicts = 0;
        for (const auto& parcel : counted) {
            farmland_m2 += std::stod(parcel.at("farmland_m2"));
            county_conflicts += parcel.at("conflict").empty() ? 0 : 1;
        }
        EXPECT_NEAR(std::stod(row->at("farmland_m2")), farmland_m2, 0.01);
        EXPECT_EQ(std::stod(row->at("conflicts")), county_conflicts);
        parcels += kParcelsEach;
        farmland += farmland_m2;
        conflicts += county_conflicts;
    }
    EXPECT_EQ(rows.back().at("county"), "city");
    EXPECT_EQ(std::stod(rows.back().at("parcels")), parcels);
    EXPECT_EQ(std::stod(rows.back().at("conflicts")), conflicts);
    EXPECT_NEAR(std::stod(rows.back().at("farmland_m2")), farmland, 0.01);
    EXPECT_NE(result.out.find("city"), std::string::npos);
}

TEST(City, ACountyThatCannotBeReadIsNamedAndTheOthersAreStillChecked)
{
    const test::TempDir folder, out;
    const auto files = county_files();
    fs::copy_file(files[0], folder.file(files[0].filename().string()));
    fs::copy_file(files[1], folder.file(files[1].filename().string()));
    const std::string broken = folder.file("broken.gpkg");
    {
        const std::string bytes = read_file(files[2]);
        std::ofstream(broken, std::ios::binary) << bytes.substr(0, bytes.size() / 3); // truncated in transit
    }
    const auto result =
        test::run_planview({"check", folder.path().string(), "--out", out.path().string(), "--quiet"}, 300);
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_FALSE(result.signaled);
    EXPECT_NE(result.err.find(broken), std::string::npos) << result.err;
    EXPECT_EQ(test::lines_of(result.err).size(), 1u) << result.err;
    EXPECT_TRUE(fs::exists(out.file(files[0].stem().string() + ".csv")));
    EXPECT_TRUE(fs::exists(out.file(files[1].stem().string() + ".csv")));
    EXPECT_FALSE(fs::exists(out.file("broken.csv")));
    const auto rows = csv_rows(out.file("city_summary.csv"));
    ASSERT_EQ(rows.size(), 4u);
    const auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.at("source") == broken; });
    ASSERT_NE(row, rows.end());
    EXPECT_NE(row->at("error"), "");
    EXPECT_EQ(row->at("result"), "");
}

TEST(City, AQueryComparesEachCountysLayerWithTheLayerOfEveryCountyNotOnlyItsOwn)
{
    // Parcels within 30 km of one county's boundary: its own and its neighbours' near the edge.
    // The boundary is a layer of that county's source only, so only a query over the whole city
    // finds the neighbours' parcels.
    const auto files = county_files();
    const fs::path& near = files[1];
    const std::string name = test::sql_strings(near.string(), "SELECT name FROM county_boundary").front();
    const std::string outline = test::sql_strings(near.string(), "SELECT AsText(geom) FROM county_boundary").front();
    const test::TempDir out;
    const auto result = test::run_planview({"query", city().path().string() + ":parcels", "--predicate", "dwithin",
                                            "--distance", "30000", "--with", "county_boundary", "--with-where",
                                            "name = '" + name + "'", "--out", out.file("near.csv"), "--quiet"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    std::map<std::string, int> matched; // per county, as the result names it
    std::set<std::string> ids;
    for (const auto& row : csv_rows(out.file("near.csv"))) {
        ++matched[row.at("county")];
        ids.insert(row.at("parcel_id"));
    }
    int neighbours = 0, total = 0;
    for (const auto& gpkg : files) {
        SCOPED_TRACE(gpkg.string());
        // SpatiaLite, on each county's own file, with the boundary carried over as WKT.
        const double expected = test::sql_number(gpkg.string(), "SELECT COUNT(*) FROM parcels WHERE ST_Distance(" +
                                                                    test::spatialite_valid("geom") +
                                                                    ", GeomFromText('" + outline + "')) <= 30000");
        const std::string county = test::sql_strings(gpkg.string(), "SELECT name FROM county_boundary").front();
        EXPECT_EQ(matched[county], expected) << county;
        if (gpkg == near)
            EXPECT_EQ(expected, kParcelsEach);
        else
            neighbours += expected > 0 && expected < kParcelsEach ? 1 : 0;
        total += static_cast<int>(expected);
    }
    EXPECT_GE(neighbours, 1) << "some neighbour has parcels within 30 km of the county, some not";
    EXPECT_EQ(static_cast<int>(ids.size()), total) << "each parcel once";
    EXPECT_NE(result.out.find(std::to_string(total) + " of " + std::to_string(kParcelsEach * kCounties)),
              std::string::npos)
        << result.out;
}

TEST(City, BadCityCommandLinesAreRefusedInOneLine)
{
    const test::TempDir empty, out;
    auto result = test::run_planview({"check", empty.path().string(), "--out", out.path().string()});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find(empty.path().string()), std::string::npos) << result.err;
    result = test::run_planview({"check", city().path().string(), "--out", out.path().string(), "--parcels", "x.gpkg"});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    result = test::run_planview({"check", city().path().string(), "--out", out.path().string(), "--format", "shp"});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    result = test::run_planview({"query", city().path().string(), "--predicate", "intersects", "--with", "eco_redline",
                                 "--out", out.file("q.csv")});
    EXPECT_EQ(result.exit_code, 2) << "the layer to query is not named: " << result.err;
    EXPECT_EQ(test::lines_of(result.err).size(), 1u) << result.err;
    result = test::run_planview({"query", city().path().string() + ":parcels", "--predicate", "intersects", "--with",
                                 test::sample_gpkg() + ":eco_redline", "--out", out.file("q.csv")});
    EXPECT_EQ(result.exit_code, 2) << "compared with another source's layer: " << result.err;
    result = test::run_planview({"sample", "--out", out.path().string(), "--counties", "99"});
    EXPECT_EQ(result.exit_code, 2) << result.err;
}
