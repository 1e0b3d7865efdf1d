#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "geo/crs.h"
#include "geo/dem.h"
#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/layer_reader.h"
#include "geo/vector_source.h"
#include "support.h"

namespace {

const char* const kTownNames[] = {"壶山街道", "柳城畲族镇", "大溪口乡"};

// Writes a point layer with Chinese names through GDAL's Shapefile driver, encoded as GBK.
void write_gbk_shapefile(const std::string& path)
{
    geo::ensure_gdal_registered();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    geo::DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(ds);
    auto srs = geo::srs_from_epsg(4549);
    const char* options[] = {"ENCODING=CP936", nullptr};
    OGRLayer* layer = ds->CreateLayer("towns", srs.get(), wkbPoint, const_cast<char**>(options));
    ASSERT_NE(layer, nullptr);
    OGRFieldDefn name("name", OFTString);
    name.SetWidth(40);
    ASSERT_EQ(layer->CreateField(&name), OGRERR_NONE);
    int i = 0;
    for (const char* town : kTownNames) {
        geo::FeaturePtr f(new OGRFeature(layer->GetLayerDefn()));
        f->SetField("name", town); // GDAL is given UTF-8 and writes GBK bytes
        OGRPoint p(480000 + 100 * i, 3200000);
        f->SetGeometry(&p);
        ASSERT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE);
        ++i;
    }
}

// The same Shapefile declaring nothing: no .cpg, and the DBF's code-page byte (29) cleared.
void strip_encoding(const test::TempDir& dir)
{
    std::filesystem::remove(dir.file("towns.cpg"));
    std::fstream dbf(dir.file("towns.dbf"), std::ios::in | std::ios::out | std::ios::binary);
    dbf.seekp(29);
    dbf.put('\0');
}

std::vector<std::string> names_in(const geo::VectorSource& source)
{
    std::vector<std::string> names;
    OGRLayer& layer = source.layer("towns");
    layer.ResetReading();
    for (geo::FeaturePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature()))
        names.emplace_back(f->GetFieldAsString("name"));
    return names;
}

void expect_town_names(const geo::VectorSource& source)
{
    const auto names = names_in(source);
    ASSERT_EQ(names.size(), std::size(kTownNames));
    for (size_t i = 0; i < names.size(); ++i)
        EXPECT_EQ(names[i], kTownNames[i]);
}

TEST(GbkShapefile, WithCpgReadsBackAsUtf8)
{
    test::TempDir dir;
    write_gbk_shapefile(dir.file("towns.shp"));
    ASSERT_TRUE(std::filesystem::exists(dir.file("towns.cpg")));
    auto source = geo::VectorSource::open(dir.file("towns.shp"));
    expect_town_names(source);
    EXPECT_TRUE(source.warnings().empty());
}

TEST(GbkShapefile, WithoutCpgOrCodePageIsDetectedAndDecodedWithAWarning)
{
    test::TempDir dir;
    write_gbk_shapefile(dir.file("towns.shp"));
    strip_encoding(dir);
    auto source = geo::VectorSource::open(dir.file("towns.shp"));
    ASSERT_EQ(source.warnings().size(), 1u);
    EXPECT_NE(source.warnings()[0].find("GBK"), std::string::npos);
    EXPECT_NE(source.warnings()[0].find("towns.shp"), std::string::npos);
    expect_town_names(source);
}

TEST(GbkShapefile, InfoWarnsOnStderrAndPrintsTheRightText)
{
    test::TempDir dir;
    write_gbk_shapefile(dir.file("towns.shp"));
    strip_encoding(dir);
    auto result = test::run_planview({"info", dir.file("towns.shp"), "--features", "3"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("柳城畲族镇"), std::string::npos);
    EXPECT_NE(result.err.find("GBK"), std::string::npos);
}

// Writes the same three features with `driver` and reads them back through VectorSource.
void round_trip(const std::string& driver_name, const std::string& path, int epsg)
{
    geo::ensure_gdal_registered();
    {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
        ASSERT_NE(driver, nullptr) << driver_name;
        geo::DatasetPtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        ASSERT_TRUE(ds) << geo::last_gdal_error(driver_name);
        auto srs = geo::srs_from_epsg(epsg);
        OGRLayer* layer = ds->CreateLayer("towns", srs.get(), wkbPoint, nullptr);
        ASSERT_NE(layer, nullptr);
        OGRFieldDefn name("name", OFTString);
        ASSERT_EQ(layer->CreateField(&name), OGRERR_NONE);
        int i = 0;
        for (const char* town : kTownNames) {
            geo::FeaturePtr f(new OGRFeature(layer->GetLayerDefn()));
            f->SetField("name", town);
            OGRPoint p(119.8 + 0.01 * i, 28.9);
            f->SetGeometry(&p);
            ASSERT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE);
            ++i;
        }
    }
    auto source = geo::VectorSource::open(path);
    expect_town_names(source);
    OGRLayer& layer = source.layer("towns");
    auto srs = geo::layer_crs(source, layer);
    auto working = geo::srs_from_epsg(4549);
    geo::LayerReader reader(source, layer, *srs, working.get());
    auto first = reader.next();
    ASSERT_TRUE(first);
    double x = 0, y = 0;
    GEOSGeomGetX_r(geo::geos_context(), first->geometry.get(), &x);
    GEOSGeomGetY_r(geo::geos_context(), first->geometry.get(), &y);
    EXPECT_NEAR(x, 480500, 1000); // 119.8°E is ~19.5 km west of the 120°E meridian
    EXPECT_NEAR(y, 3198000, 2000);
}

TEST(Formats, GeoJsonRoundTrip)
{
    test::TempDir dir;
    round_trip("GeoJSON", dir.file("towns.geojson"), 4490);
}

TEST(Formats, FileGdbRoundTrip)
{
    test::TempDir dir;
    round_trip("OpenFileGDB", dir.file("towns.gdb"), 4490);
}

TEST(Formats, KmlRoundTrip)
{
    test::TempDir dir;
    round_trip("KML", dir.file("towns.kml"), 4326);
}

TEST(Crs, LayerWithoutCrsIsRefusedUnlessOneIsNamed)
{
    test::TempDir dir;
    write_gbk_shapefile(dir.file("towns.shp"));
    std::filesystem::remove(dir.file("towns.prj"));
    auto source = geo::VectorSource::open(dir.file("towns.shp"));
    try {
        geo::layer_crs(source, source.layer("towns"));
        FAIL() << "no error for a layer without CRS";
    } catch (const geo::Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("towns.shp"), std::string::npos);
        EXPECT_NE(message.find("--crs"), std::string::npos);
    }
    auto named = geo::layer_crs(source, source.layer("towns"), "EPSG:4549");
    EXPECT_EQ(geo::describe(*named).authority_code, "EPSG:4549");
}

TEST(Dem, SampleTerrainReads)
{
    auto dem = geo::Dem::open(test::sample_dem());
    EXPECT_GT(dem.width(), 400);
    EXPECT_GT(dem.height(), 400);
    EXPECT_EQ(geo::describe(dem.crs()).authority_code, "EPSG:4549");
    EXPECT_DOUBLE_EQ(dem.resolution_x(), 100.0);
    ASSERT_TRUE(dem.nodata());
    EXPECT_EQ(*dem.nodata(), -9999.0);
    const double* g = dem.geotransform();
    // Far outside the county (grid corner): nodata.
    EXPECT_FALSE(dem.elevation_at(g[0] + 50, g[3] - 50));
    // Beyond the grid: nothing.
    EXPECT_FALSE(dem.elevation_at(g[0] - 1000, g[3] + 1000));
    const auto range = dem.range();
    EXPECT_LT(range.min, 100.0);  // the river valley
    EXPECT_GT(range.max, 1000.0); // the southern mountains
}

TEST(SourceSpec, SplitsFileAndLayer)
{
    const auto spec = geo::parse_source_spec(test::sample_gpkg() + ":parcels");
    EXPECT_EQ(spec.path, test::sample_gpkg());
    EXPECT_EQ(spec.layer, "parcels");
    EXPECT_EQ(geo::parse_source_spec("PG:dbname=x host=y").path, "PG:dbname=x host=y");
}

// The sample's parcels, opened as the viewer opens them.
class SampleParcels : public ::testing::Test {
protected:
    geo::FeatureTable load(const geo::FeatureTable::LoadOptions& options = {})
    {
        return geo::FeatureTable::load(source, layer, *srs, *working, options);
    }

    geo::VectorSource source = geo::VectorSource::open(test::sample_gpkg());
    OGRLayer& layer = source.layer("parcels");
    geo::SrsPtr srs = geo::layer_crs(source, layer);
    geo::SrsPtr working = geo::working_crs_for_layer(source, layer, *srs);
};

// The viewer reads the fields it draws with first and the others later: the result is the
// table a full read gives, value for value, sharing the geometries. Numbers come back exactly.
TEST_F(SampleParcels, FieldsReadLaterMatchAFullRead)
{
    const auto full = load();
    geo::FeatureTable::LoadOptions drawn;
    drawn.only_fields = {"land_use_code"};
    const auto partial = load(drawn);
    ASSERT_EQ(partial.field_names(), std::vector<std::string>{"land_use_code"});
    const auto completed = partial.with_fields(source, layer, {});

    ASSERT_EQ(completed.field_names(), full.field_names());
    ASSERT_EQ(completed.size(), full.size());
    const std::size_t far = *full.field_index("planned_far");
    std::size_t numbers = 0;
    layer.ResetReading();
    for (std::size_t row = 0; row < full.size(); ++row) {
        ASSERT_EQ(completed.fid(row), full.fid(row));
        EXPECT_EQ(completed.geometry(row), partial.geometry(row)); // shared, not copied
        for (std::size_t field = 0; field < full.field_names().size(); ++field) {
            ASSERT_EQ(completed.is_null(row, field), full.is_null(row, field));
            ASSERT_EQ(completed.value(row, field), full.value(row, field)) << full.field_names()[field];
        }
        geo::FeaturePtr feature(layer.GetFeature(full.fid(row)));
        if (!full.is_null(row, far)) {
            EXPECT_EQ(std::stod(std::string(full.value(row, far))), feature->GetFieldAsDouble("planned_far"));
            ++numbers;
        }
    }
    EXPECT_GT(numbers, 100U);
}

// The viewer draws the dense layers before GEOS has checked their validity: the first use of a
// geometry checks every row's (two threads asking at once, as picks and the analysis may), and
// then the table is what an eager load gives, repairs, index and all; drawing keeps the loaded.
TEST_F(SampleParcels, ValidityCheckedLaterGivesTheEagerTable)
{
    const auto eager = load();
    ASSERT_GT(eager.repaired_count(), 0U);
    geo::FeatureTable::LoadOptions options;
    options.check_validity_later = true;
    const auto later = load(options);
    ASSERT_EQ(later.size(), eager.size());

    std::vector<const GEOSGeometry*> first(later.size()), second(later.size());
    std::thread other([&] {
        for (std::size_t row = 0; row < later.size(); ++row)
            second[row] = later.geometry(row);
    });
    for (std::size_t row = 0; row < later.size(); ++row)
        first[row] = later.geometry(row);
    other.join();

    EXPECT_EQ(later.repaired_count(), eager.repaired_count());
    auto ctx = geo::geos_context();
    for (std::size_t row = 0; row < later.size(); ++row) {
        ASSERT_EQ(first[row], second[row]) << row;
        ASSERT_EQ(later.was_repaired(row), eager.was_repaired(row)) << row;
        ASSERT_EQ(GEOSEqualsExact_r(ctx, later.geometry(row), eager.geometry(row), 0), 1) << row;
        if (later.was_repaired(row)) {
            EXPECT_FALSE(geo::is_valid(*later.geometry_to_draw(row))) << row; // drawn as read
            geo::GeomPtr inside(GEOSPointOnSurface_r(ctx, later.geometry(row)));
            double x = 0, y = 0;
            GEOSGeomGetX_r(ctx, inside.get(), &x);
            GEOSGeomGetY_r(ctx, inside.get(), &y);
            const auto hits = later.rows_at(x, y);
            EXPECT_NE(std::find(hits.begin(), hits.end(), row), hits.end()) << row;
        } else {
            EXPECT_EQ(later.geometry_to_draw(row), later.geometry(row)) << row;
        }
    }
}

// Envelopes are taken from what GDAL read (GEOS is not asked to compute them); they must be
// GEOS's, repaired geometries included.
TEST_F(SampleParcels, EnvelopesAreGeossEnvelopes)
{
    const auto table = load();
    ASSERT_GT(table.repaired_count(), 0U);
    for (std::size_t row = 0; row < table.size(); ++row) {
        const geo::Envelope mine = table.envelope(row), geos = geo::envelope_of(*table.geometry(row));
        ASSERT_EQ(mine.min_x, geos.min_x) << row;
        ASSERT_EQ(mine.min_y, geos.min_y) << row;
        ASSERT_EQ(mine.max_x, geos.max_x) << row;
        ASSERT_EQ(mine.max_y, geos.max_y) << row;
    }
}

// The coordinates kept for drawing convex parcels are their geometry's; concave parcels (most
// of a real cadastre) have none.
TEST_F(SampleParcels, ConvexRingsAreTheGeometrysRings)
{
    const auto table = load();
    auto ctx = geo::geos_context();
    std::size_t convex = 0;
    for (std::size_t row = 0; row < table.size(); ++row) {
        const auto ring = table.convex_ring(row);
        if (ring.empty())
            continue;
        ++convex;
        ASSERT_FALSE(table.was_repaired(row));
        const GEOSGeometry* g = table.geometry(row);
        ASSERT_EQ(GEOSGeomTypeId_r(ctx, g), GEOS_POLYGON);
        ASSERT_EQ(GEOSGetNumInteriorRings_r(ctx, g), 0);
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, GEOSGetExteriorRing_r(ctx, g));
        unsigned size = 0;
        GEOSCoordSeq_getSize_r(ctx, seq, &size);
        ASSERT_EQ(ring.size(), 2U * size);
        std::vector<double> xy(ring.size());
        GEOSCoordSeq_copyToBuffer_r(ctx, seq, xy.data(), 0, 0);
        ASSERT_TRUE(std::equal(xy.begin(), xy.end(), ring.begin())) << row;
        ASSERT_TRUE(geo::is_strictly_convex_ring(ring.data(), size));
    }
    EXPECT_GT(convex, 0U);
    EXPECT_LT(convex, table.size() * 3 / 10);
}

} // namespace
