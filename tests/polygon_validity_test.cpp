// The proof that a polygon is valid (geo/polygon_validity.h) never calls valid what GEOS's own
// check calls invalid, and proves most real shapes: the sample county's, and many random ones.
#include <cmath>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "geo/gdal_ptr.h"
#include "geo/geos.h"
#include "geo/polygon_validity.h"
#include "geo/vector_source.h"
#include "support.h"

namespace {

bool geos_says_valid(const GEOSGeometry& geometry)
{
    return GEOSisValid_r(geo::geos_context(), &geometry) == 1;
}

// Proven valid; fails the test where GEOS disagrees.
bool proven(const std::string& wkt)
{
    const geo::GeomPtr geometry = geo::from_wkt(wkt);
    const bool result = geo::proven_valid(*geometry);
    if (result) {
        EXPECT_TRUE(geos_says_valid(*geometry)) << wkt;
    }
    return result;
}

TEST(PolygonValidity, ProvesPlainlyValidShapes)
{
    EXPECT_TRUE(proven("POLYGON ((0 0, 10 0, 10 10, 5 4, 0 10, 0 0))"));       // concave
    EXPECT_TRUE(proven("POLYGON ((0 0, 0 10, 5 4, 10 10, 10 0, 0 0))"));       // clockwise
    EXPECT_TRUE(proven("POLYGON ((0 0, 5 0, 10 0, 10 10, 0 10, 0 0))"));       // straight through a vertex
    EXPECT_TRUE(proven("POLYGON ((0 0, 4 0, 2 3, 0 0))"));                     // triangle
    EXPECT_TRUE(proven("POLYGON Z ((0 0 1, 4 0 2, 4 3 3, 0 3 4, 0 0 1))"));    // heights ignored
    EXPECT_TRUE(proven("POLYGON ((0 0, 10 0, 10 0, 10 10, 0 10, 0 0, 0 0))")); // repeated vertices, as GEOS drops them
    EXPECT_TRUE(proven("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 2 2), (6 6, 8 6, 8 8, 6 6))"));
    EXPECT_TRUE(proven("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 6, 5 5)))"));
    EXPECT_TRUE(proven("POLYGON ((500000.125 3200000.5, 500040.25 3200000.5, 500040.25 3200030.75, 500020 3200010, "
                       "500000.125 3200030.75, 500000.125 3200000.5))")); // Gauss-Kruger metres
}

TEST(PolygonValidity, LeavesInvalidShapesToGeos)
{
    for (const char* invalid : {
             "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))",                               // bow-tie
             "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 5, 0 12, 0 0))",                    // spike back over an edge
             "POLYGON ((0 0, 10 0, 5 0, 5 5, 0 0))",                                  // edge doubling back
             "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (20 20, 22 20, 22 22, 20 20))", // hole outside
             "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (5 5, 15 5, 15 6, 5 5))",       // hole across the shell
             "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 9 1, 9 9, 1 9, 1 1), (2 2, 3 2, 3 3, 2 2))", // nested
             "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), ((5 5, 15 5, 15 15, 5 15, 5 5)))", // parts overlap
             "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), ((2 2, 3 2, 3 3, 2 2)))",          // part inside part
             "POLYGON ((0 0, 10 0, 0 0, 0 0))",
             "POLYGON ((0 0, 10 0, 10 0, 10 0, 0 0))", // two points once repeats are dropped // collapsed
             "POLYGON ((0 0, 10 0, 20 0, 0 0))",       // collinear
         }) {
        const geo::GeomPtr geometry = geo::from_wkt(invalid);
        EXPECT_FALSE(geos_says_valid(*geometry)) << invalid; // the case is what it says
        EXPECT_FALSE(geo::proven_valid(*geometry)) << invalid;
        EXPECT_FALSE(geo::is_valid(*geometry)) << invalid;
    }
}

TEST(PolygonValidity, LeavesTouchesToGeos)
{
    // Valid, but not plainly so: GEOS decides, and is_valid still says valid.
    for (
        const char* valid : {
            "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (0 0, 2 1, 1 2, 0 0))", // hole touches the shell
            "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((1 1, 2 1, 2 2, 1 1)))", // parts touch at a point
            "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 8 2, 8 8, 2 8, 2 2)), ((4 4, 5 4, 5 5, 4 4)))", // island
        }) {
        const geo::GeomPtr geometry = geo::from_wkt(valid);
        EXPECT_TRUE(geos_says_valid(*geometry)) << valid;
        EXPECT_FALSE(geo::proven_valid(*geometry)) << valid;
        EXPECT_TRUE(geo::is_valid(*geometry)) << valid;
    }
    EXPECT_FALSE(geo::proven_valid(*geo::from_wkt("LINESTRING (0 0, 1 1)")));
    const std::vector<double> not_finite{0, 0, NAN, 0, 4, 3, 0, 0};
    const geo::RingCoordinates ring{not_finite.data(), 4, 0, true};
    EXPECT_FALSE(geo::proven_valid(std::span(&ring, 1)));
}

// A random ring round (cx, cy): `n` vertices at random radii and angles, snapped to a grid of
// `cell` so that exact touches and collinear runs occur; with `wild`, angles are not sorted
// (mostly self-intersecting rings).
std::string random_ring(std::mt19937& random, double cx, double cy, double radius, int n, double cell, bool wild)
{
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<double> angles;
    for (int i = 0; i < n; ++i)
        angles.push_back(2 * M_PI * unit(random));
    if (!wild)
        std::sort(angles.begin(), angles.end());
    std::string ring = "(";
    std::string first;
    for (int i = 0; i < n; ++i) {
        const double r = radius * (0.2 + 0.8 * unit(random));
        const double x = std::round((cx + r * std::cos(angles[i])) / cell) * cell;
        const double y = std::round((cy + r * std::sin(angles[i])) / cell) * cell;
        const std::string point = std::to_string(x) + " " + std::to_string(y);
        ring += point + ", ";
        if (i == 0)
            first = point;
    }
    return ring + first + ")";
}

TEST(PolygonValidity, NeverDisagreesWithGeosOnRandomShapes)
{
    std::mt19937 random(20261207);
    std::uniform_int_distribution<int> vertices(3, 60), holes(0, 3), parts(1, 3), coin(0, 3);
    std::uniform_real_distribution<double> offset(-1, 1);
    int proven_count = 0, geos_valid = 0;
    for (int shape = 0; shape < 20000; ++shape) {
        const double cell = coin(random) == 0 ? 1.0 : 1e-3; // coarse grids make exact touches
        std::string wkt = "MULTIPOLYGON (";
        const int part_count = parts(random);
        for (int p = 0; p < part_count; ++p) {
            const double cx = 500000 + 30 * p + 10 * offset(random), cy = 3200000 + 10 * offset(random);
            wkt += (p ? ", (" : "(") + random_ring(random, cx, cy, 20, vertices(random), cell, coin(random) == 0);
            for (int h = holes(random); h > 0; --h)
                wkt += ", " + random_ring(random, cx + 8 * offset(random), cy + 8 * offset(random), 4, vertices(random),
                                          cell, coin(random) == 0);
            wkt += ")";
        }
        wkt += ")";
        const geo::GeomPtr geometry = geo::from_wkt(wkt);
        const bool valid = geos_says_valid(*geometry);
        const bool proof = geo::proven_valid(*geometry);
        ASSERT_FALSE(proof && !valid) << wkt;
        geos_valid += valid ? 1 : 0;
        proven_count += proof ? 1 : 0;
    }
    // Both kinds occur, and a fair share of the valid shapes is proven.
    EXPECT_GT(geos_valid, 1000);
    EXPECT_LT(geos_valid, 19000);
    EXPECT_GT(proven_count, geos_valid / 2);
}

// The county's parcels (concave, holes, shared edges) and farmland patches: every one proven
// is valid, and nearly every valid one is proven (what makes the check fast).
TEST(PolygonValidity, ProvesNearlyAllOfTheSampleCountysValidPolygons)
{
    const geo::VectorSource county = geo::VectorSource::open(test::sample_gpkg());
    for (const char* name : {"parcels", "farmland"}) {
        OGRLayer* layer = &county.layer(name);
        int features = 0, valid = 0, proven_count = 0;
        for (geo::FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
            const geo::GeomPtr geometry = geo::to_geos(*f->GetGeometryRef());
            const bool geos_valid = geos_says_valid(*geometry);
            const bool proof = geo::proven_valid(*geometry);
            ASSERT_FALSE(proof && !geos_valid) << name << " feature " << f->GetFID();
            ++features;
            valid += geos_valid ? 1 : 0;
            proven_count += proof ? 1 : 0;
        }
        EXPECT_GT(features, 0) << name;
        EXPECT_GE(proven_count, 0.95 * valid) << name << ": " << proven_count << " of " << valid << " valid proven";
    }
}

} // namespace
