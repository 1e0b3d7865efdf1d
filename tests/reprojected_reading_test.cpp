// A layer in longitude/latitude read in the working CRS: LayerReader transforms batches on
// helper threads while GDAL reads ahead. What it hands out must be what GDAL's transformation
// of each feature alone gives, in order, and a damaged file must fail where it did before.
#include <gtest/gtest.h>

#include <filesystem>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/layer_reader.h"
#include "geo/vector_source.h"
#include "support.h"

namespace {

// The sample's parcels as a Shapefile in CGCS2000 longitude/latitude (EPSG:4490), as many
// bureaus deliver them, written by GDAL's own ogr2ogr.
std::string parcels_in_lonlat(const test::TempDir& dir)
{
    const std::string path = dir.file("parcels_4490.shp");
    test::ogr2ogr(test::sample_gpkg(), path, {"-t_srs", "EPSG:4490", "-nln", "parcels_4490", "parcels"});
    return path;
}

std::vector<unsigned char> wkb_of(const OGRGeometry& geometry)
{
    std::vector<unsigned char> wkb(geometry.WkbSize());
    geometry.exportToWkb(wkbNDR, wkb.data());
    return wkb;
}

struct LonLatParcels : ::testing::Test {
    test::TempDir dir;
    std::string path = parcels_in_lonlat(dir);
    geo::SrsPtr working = geo::srs_from_epsg(4549); // the sample's Gauss-Kruger zone
};

TEST_F(LonLatParcels, EveryFeatureComesInOrderAsGdalTransformsItAlone)
{
    auto source = geo::VectorSource::open(path);
    OGRLayer& layer = source.layer("parcels_4490");
    auto srs = geo::layer_crs(source, layer);
    ASSERT_TRUE(srs->IsGeographic());
    const geo::TransformPtr alone = geo::make_transform(*srs, *working);
    auto expected_source = geo::VectorSource::open(path); // its own cursor
    OGRLayer& expected_layer = expected_source.layer("parcels_4490");
    ASSERT_GT(expected_layer.GetFeatureCount(), 4096); // several batches

    for (const int threads : {1, 2, 5}) {
        geo::LayerReader reader(source, layer, *srs, working.get());
        reader.set_transform_threads(threads);
        expected_layer.ResetReading();
        std::int64_t compared = 0;
        for (geo::FeaturePtr expected(expected_layer.GetNextFeature()); expected;
             expected.reset(expected_layer.GetNextFeature())) {
            const geo::FeaturePtr feature = reader.next_in_target_crs();
            ASSERT_TRUE(feature) << "after " << compared << " features, with " << threads << " threads";
            ASSERT_EQ(feature->GetFID(), expected->GetFID());
            ASSERT_EQ(expected->GetGeometryRef()->transform(alone.get()), OGRERR_NONE);
            ASSERT_EQ(wkb_of(*feature->GetGeometryRef()), wkb_of(*expected->GetGeometryRef()))
                << "feature " << feature->GetFID() << ", " << threads << " threads";
            ++compared;
        }
        EXPECT_FALSE(reader.next_in_target_crs());
        EXPECT_EQ(reader.features_read(), compared);
        EXPECT_EQ(compared, expected_layer.GetFeatureCount());
    }

    // Stopped after a few: the helpers still transforming the next batch are waited for.
    geo::LayerReader stopped(source, layer, *srs, working.get());
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(stopped.next());
}

// Cut in its third batch: the features before the damage come out, then the error GDAL met,
// naming the file and how many were read, as when features were read and transformed one by one.
TEST_F(LonLatParcels, ADamagedFileFailsAfterTheFeaturesBeforeTheDamage)
{
    std::filesystem::resize_file(path, std::filesystem::file_size(path) * 3 / 5);
    auto source = geo::VectorSource::open(path);
    OGRLayer& layer = source.layer("parcels_4490");
    auto srs = geo::layer_crs(source, layer);

    std::int64_t readable = 0; // as GDAL reads it alone
    {
        auto plain = geo::VectorSource::open(path);
        OGRLayer& plain_layer = plain.layer("parcels_4490");
        CPLErrorReset();
        for (geo::FeaturePtr f(plain_layer.GetNextFeature()); f && CPLGetLastErrorType() < CE_Failure;
             f.reset(plain_layer.GetNextFeature()))
            ++readable;
        ASSERT_GE(CPLGetLastErrorType(), CE_Failure) << "the cut went unnoticed";
    }
    ASSERT_GT(readable, 2048);

    geo::LayerReader reader(source, layer, *srs, working.get());
    std::int64_t handed_out = 0;
    try {
        while (reader.next())
            ++handed_out;
        FAIL() << "no error after " << handed_out << " features";
    } catch (const geo::Error& e) {
        const std::string message = e.what();
        EXPECT_EQ(message.rfind(path + ": layer 'parcels_4490': read error after " + std::to_string(readable), 0), 0U)
            << message;
        EXPECT_NE(message.find("truncated or corrupt"), std::string::npos) << message;
    }
    EXPECT_EQ(handed_out, readable);
}

} // namespace
