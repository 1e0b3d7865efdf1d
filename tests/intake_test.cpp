// planview intake on a delivery package made here with GDAL, one problem of each kind the
// issue names planted in it: every problem is reported against its layer and feature, and the
// clean GeoPackage holds the repair (and the source is untouched).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "geo/crs.h"
#include "geo/gdal_ptr.h"
#include "support.h"

namespace {

struct Parcel {
    const char* wkt; // nullptr: no geometry
    const char* id;  // nullptr: unset
    const char* code;
    const char* class_name;
};

// Shapefile layers of the package; `gbk` writes the text as GBK and then removes what says so.
class PackageWriter {
public:
    explicit PackageWriter(const std::string& dir) : dir_(dir) { geo::ensure_gdal_registered(); }

    OGRLayer& begin(const std::string& name, int epsg, OGRwkbGeometryType type, bool gbk)
    {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
        dataset_.reset(driver->Create(path(name, ".shp").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        const char* gbk_options[] = {"ENCODING=CP936", nullptr};
        auto srs = geo::srs_from_epsg(epsg);
        name_ = name;
        gbk_ = gbk;
        return *dataset_->CreateLayer(name.c_str(), srs.get(), type, gbk ? const_cast<char**>(gbk_options) : nullptr);
    }
    void add(OGRLayer& layer, const char* wkt, const std::map<std::string, std::string>& fields)
    {
        geo::FeaturePtr f(OGRFeature::CreateFeature(layer.GetLayerDefn()));
        for (const auto& [field, value] : fields)
            f->SetField(field.c_str(), value.c_str());
        if (wkt != nullptr) {
            OGRGeometry* g = nullptr;
            ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g), OGRERR_NONE) << wkt;
            f->SetGeometryDirectly(g);
        }
        ASSERT_EQ(layer.CreateFeature(f.get()), OGRERR_NONE);
    }
    void end(bool keep_prj = true)
    {
        dataset_.reset();
        if (gbk_) {
            std::filesystem::remove(path(name_, ".cpg"));
            std::fstream dbf(path(name_, ".dbf"), std::ios::in | std::ios::out | std::ios::binary);
            dbf.seekp(29);
            dbf.put('\0');
        }
        if (!keep_prj)
            std::filesystem::remove(path(name_, ".prj"));
    }
    std::string path(const std::string& name, const char* ext) const { return dir_ + "/" + name + ext; }

private:
    std::string dir_, name_;
    bool gbk_ = false;
    geo::DatasetPtr dataset_;
};

void add_string_field(OGRLayer& layer, const char* name)
{
    OGRFieldDefn defn(name, OFTString);
    ASSERT_EQ(layer.CreateField(&defn), OGRERR_NONE);
}

std::string square(double x, double y, double side)
{
    std::ostringstream s;
    s.precision(12);
    s << "POLYGON((" << x << " " << y << "," << x + side << " " << y << "," << x + side << " " << y + side << "," << x
      << " " << y + side << "," << x << " " << y << "))";
    return s.str();
}

std::string read_bytes(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class Intake : public ::testing::Test {
protected:
    void SetUp() override
    {
        package_ = dir_.file("package");
        std::filesystem::create_directories(package_);
        PackageWriter w(package_);
        const double x0 = 480000, y0 = 3220000;
        {
            OGRLayer& dk = w.begin("DK", 4549, wkbPolygon, true);
            for (const char* f : {"DKBH", "YDYHFLDM", "YDYHFLMC", "XZMC"})
                add_string_field(dk, f);
            const std::string bowtie = "POLYGON((" + std::to_string(x0 + 200) + " " + std::to_string(y0) + "," +
                                       std::to_string(x0 + 300) + " " + std::to_string(y0 + 100) + "," +
                                       std::to_string(x0 + 300) + " " + std::to_string(y0) + "," +
                                       std::to_string(x0 + 200) + " " + std::to_string(y0 + 100) + "," +
                                       std::to_string(x0 + 200) + " " + std::to_string(y0) + "))";
            const std::vector<std::pair<std::string, std::map<std::string, std::string>>> parcels = {
                {square(x0, y0, 100),
                 {{"DKBH", "P1"}, {"YDYHFLDM", "1001"}, {"YDYHFLMC", "工业用地"}, {"XZMC", "熟溪街道"}}},
                {bowtie, {{"DKBH", "P2"}, {"YDYHFLDM", "0701"}, {"XZMC", "白洋街道"}}},
                {"", {{"DKBH", "P3"}, {"YDYHFLDM", "0701"}, {"XZMC", "白洋街道"}}},
                {square(x0 + 400, y0, 100), {{"DKBH", "P1"}, {"YDYHFLDM", "0701"}, {"XZMC", "壶山街道"}}},
                {square(x0 + 600, y0, 100), {{"YDYHFLDM", "0701"}, {"XZMC", "壶山街道"}}},
                {square(x0 + 800, y0, 100), {{"DKBH", "P6"}, {"YDYHFLDM", "05H1"}, {"YDYHFLMC", "商业服务业设施用地"}}},
                {square(x0 + 1000, y0, 100), {{"DKBH", "P7"}, {"YDYHFLDM", "0601"}, {"YDYHFLMC", "工业用地"}}},
                {square(x0 + 1200, y0, 100), {{"DKBH", "P8"}, {"YDYHFLDM", "0601"}, {"YDYHFLMC", "乡村道路用地"}}},
                {square(x0 + 95, y0 + 95, 100), {{"DKBH", "P9"}, {"YDYHFLDM", "0701"}}}, // overlaps P1 by 25 m²
                {square(x0 + 1400, y0, 100), {{"DKBH", "P10"}, {"YDYHFLDM", "9999"}}},
            };
            for (const auto& [wkt, fields] : parcels)
                w.add(dk, wkt.empty() ? nullptr : wkt.c_str(), fields);
            w.end();
        }
        {
            // No .prj; eastings with the zone prefix 40 (EPSG:4528); two patches overlapping by 100 m².
            OGRLayer& farmland = w.begin("YJJBNT", 4528, wkbPolygon, false);
            add_string_field(farmland, "BSM");
            w.add(farmland, square(40e6 + x0, y0 + 500, 100).c_str(), {{"BSM", "1"}});
            w.add(farmland, square(40e6 + x0 + 90, y0 + 500, 100).c_str(), {{"BSM", "2"}});
            w.end(false);
        }
        {
            // x holds northings, y eastings.
            OGRLayer& redline = w.begin("STBHHX", 4549, wkbPolygon, false);
            w.add(redline, square(y0 + 1000, x0, 300).c_str(), {});
            w.end();
        }
        {
            OGRLayer& ucb = w.begin("CZKFBJ", 4549, wkbPolygon, false);
            w.add(ucb, square(x0 - 1000, y0 - 1000, 4000).c_str(), {});
            w.end();
        }
        {
            // DBF cuts names to 10 bytes: land_use_code → land_use_c, remark_text_long → remark_tex.
            OGRLayer& notes = w.begin("notes", 4549, wkbPoint, false);
            add_string_field(notes, "land_use_code");
            add_string_field(notes, "remark_text_long");
            w.add(notes, "POINT(480050 3220050)", {{"land_use_c", "1001"}, {"remark_tex", "x"}});
            w.end();
        }
        for (const auto& entry : std::filesystem::directory_iterator(package_))
            before_[entry.path().filename().string()] = read_bytes(entry.path());
    }

    // The report's rows as "LAYER fid PROBLEM" strings ("LAYER - PROBLEM" for the whole layer).
    std::multiset<std::string> reported() const
    {
        std::multiset<std::string> rows;
        const auto lines = test::sql_strings(
            dir_.file("report.csv"),
            "SELECT layer || ' ' || (CASE WHEN fid IS NULL OR fid = '' THEN '-' ELSE CAST(fid AS TEXT) END) || ' ' || "
            "problem FROM report");
        rows.insert(lines.begin(), lines.end());
        return rows;
    }

    test::TempDir dir_;
    std::string package_;
    std::map<std::string, std::string> before_;
};

} // namespace

TEST_F(Intake, ReportsEveryProblemAndWritesTheRepair)
{
    const std::string clean = dir_.file("clean.gpkg");
    const auto r =
        test::run_planview({"intake", package_, "--out", clean, "--report", dir_.file("report.csv"), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;

    const auto rows = reported();
    for (const char* expected : {"DK - encoding", "DK 1 invalid_geometry", "DK 2 empty_geometry", "DK 3 duplicate_id",
                                 "DK 4 missing_id", "DK 5 survey_code", "DK 6 survey_code", "DK 0 overlap",
                                 "DK 9 unknown_code", "YJJBNT - no_crs", "YJJBNT 0 overlap", "STBHHX - swapped_axes"})
        EXPECT_EQ(rows.count(expected), 1u) << expected;
    EXPECT_EQ(rows.count("DK 7 survey_code"), 0u); // 0601 named 乡村道路用地 is a 用地用海 code
    EXPECT_EQ(rows.count("notes - truncated_field_name"), 2u);
    const auto cut = test::sql_strings(
        dir_.file("report.csv"), "SELECT action FROM report WHERE problem = 'truncated_field_name' ORDER BY action");
    EXPECT_EQ(cut, (std::vector<std::string>{"kept as 'remark_tex'", "restored as 'land_use_code'"}));
    // The zone prefix the farmland's coordinates carry is found once its CRS is guessed.
    EXPECT_NE(test::sql_strings(dir_.file("report.csv"), "SELECT detail FROM report WHERE problem = 'no_crs'")
                  .at(0)
                  .find("EPSG:4528"),
              std::string::npos);

    // Roles under their standard names, UTF-8 text, codes converted and the originals kept.
    auto text = [&](const std::string& sql) { return test::sql_strings(clean, sql); };
    EXPECT_EQ(text("SELECT town FROM parcels WHERE source_fid = 0").at(0), "熟溪街道");
    EXPECT_EQ(text("SELECT land_use_code FROM parcels WHERE source_fid = 5").at(0), "09");
    EXPECT_EQ(text("SELECT land_use_code FROM parcels WHERE source_fid = 6").at(0), "1001");
    EXPECT_EQ(text("SELECT land_use_code FROM parcels WHERE source_fid = 7").at(0), "0601");
    EXPECT_EQ(text("SELECT source_land_use_code FROM parcels WHERE source_fid = 6").at(0), "0601");
    EXPECT_EQ(test::sql_number(clean, "SELECT COUNT(*) FROM parcels WHERE source_fid = 2"), 0); // no geometry
    EXPECT_EQ(test::sql_number(clean, "SELECT COUNT(*) FROM parcels"), 9);
    EXPECT_EQ(test::sql_number(clean, "SELECT ST_IsValid(geom) FROM parcels WHERE source_fid = 1"), 1);
    EXPECT_NEAR(test::sql_number(clean, "SELECT ST_Area(geom) FROM parcels WHERE source_fid = 1"), 5000, 1e-6);
    EXPECT_EQ(test::sql_number(clean, "SELECT ST_IsValid(geom) FROM parcels_originals WHERE source_fid = 1"), 0);
    EXPECT_EQ(text("SELECT problem FROM parcels_originals WHERE source_fid = 2").at(0), "empty_geometry");
    // Farmland from zone-prefixed EPSG:4528 into the working EPSG:4549: same place, same area.
    EXPECT_NEAR(test::sql_number(clean, "SELECT MIN(ST_MinX(geom)) FROM farmland"), 480000, 0.01);
    EXPECT_NEAR(test::sql_number(clean, "SELECT SUM(ST_Area(geom)) FROM farmland"), 20000, 0.01);
    // The red line swapped back: x is the easting again.
    EXPECT_NEAR(test::sql_number(clean, "SELECT MIN(ST_MinX(geom)) FROM eco_redline"), 480000, 0.01);
    EXPECT_NEAR(test::sql_number(clean, "SELECT MIN(ST_MinY(geom)) FROM eco_redline"), 3221000, 0.01);
    EXPECT_EQ(text("SELECT land_use_code FROM notes").at(0), "1001"); // its cut name restored
    EXPECT_EQ(test::sql_number(clean, "SELECT COUNT(*) FROM intake_report"),
              test::sql_number(dir_.file("report.csv"), "SELECT COUNT(*) FROM report"));

    // QGIS opens the clean layers styled (layer_styles), parcels by their 用地用海 class.
    for (const char* layer : {"parcels", "farmland", "eco_redline", "urban_boundary"})
        EXPECT_EQ(test::sql_number(clean, std::string("SELECT COUNT(*) FROM layer_styles WHERE f_table_name = '") +
                                              layer + "' AND useAsDefault = 1"),
                  1)
            << layer;
    EXPECT_NE(text("SELECT styleQML FROM layer_styles WHERE f_table_name = 'parcels'").at(0).find("value=\"1001\""),
              std::string::npos);

    // The source is only read.
    for (const auto& entry : std::filesystem::directory_iterator(package_))
        EXPECT_EQ(read_bytes(entry.path()), before_[entry.path().filename().string()]) << entry.path();
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(package_), std::filesystem::directory_iterator()),
              static_cast<long>(before_.size()));
}

TEST_F(Intake, RefusesWhatItCannotWrite)
{
    const auto r = test::run_planview({"intake", package_, "--out", dir_.file("clean.csv")});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_EQ(test::lines_of(r.err).size(), 1u) << r.err;
    EXPECT_NE(r.err.find("clean.csv"), std::string::npos) << r.err;
    const auto missing = test::run_planview({"intake", dir_.file("nowhere"), "--out", dir_.file("c.gpkg")});
    EXPECT_NE(missing.exit_code, 0);
    EXPECT_NE(missing.err.find("nowhere"), std::string::npos) << missing.err;
}
