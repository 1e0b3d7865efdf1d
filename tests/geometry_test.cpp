#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include <geodesic.h>

#include "geo/crs.h"
#include "geo/geodesic_area.h"
#include "geo/geos.h"
#include "geo/units.h"

namespace {

TEST(MakeValid, BowTieKeepsBothLobes)
{
    // buffer(0) would keep one triangle (0.25); MakeValid keeps both (0.5).
    auto bow_tie = geo::from_wkt("POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))");
    EXPECT_FALSE(geo::is_valid(*bow_tie));
    EXPECT_NE(geo::invalid_reason(*bow_tie).find("Self-intersection"), std::string::npos);
    auto repaired = geo::make_valid_polygonal(*bow_tie);
    EXPECT_TRUE(geo::is_valid(*repaired));
    EXPECT_TRUE(geo::is_polygonal(*repaired));
    EXPECT_NEAR(geo::area(*repaired), 0.5, 1e-12);
}

TEST(MakeValid, DropsTheNonPolygonalPartOfACollection)
{
    // A polygon with a dangling spike: MakeValid returns a polygon plus a line.
    auto spiky = geo::from_wkt("POLYGON((0 0, 10 0, 10 10, 10 20, 10 10, 0 10, 0 0))");
    EXPECT_FALSE(geo::is_valid(*spiky));
    auto repaired = geo::make_valid_polygonal(*spiky);
    EXPECT_TRUE(geo::is_polygonal(*repaired));
    EXPECT_NEAR(geo::area(*repaired), 100.0, 1e-9);
}

TEST(MakeValid, NothingPolygonalLeftGivesEmpty)
{
    auto flat = geo::from_wkt("POLYGON((0 0, 1 1, 2 2, 0 0))");
    auto repaired = geo::make_valid_polygonal(*flat);
    EXPECT_EQ(geo::area(*repaired), 0.0);
}

TEST(PlanarArea, LargeGaussKrugerCoordinatesLoseNoDigits)
{
    // A 10 m × 10 m square at northing 3.2 million: exactly 100 m².
    auto square = geo::from_wkt(
        "POLYGON((480000.123 3200000.456, 480010.123 3200000.456, 480010.123 3200010.456, "
        "480000.123 3200010.456, 480000.123 3200000.456))");
    EXPECT_NEAR(geo::area(*square), 100.0, 1e-6);
}

TEST(EllipsoidalArea, AgreesWithPROJsGeodesicOnTheCorners)
{
    // A 1 km square in EPSG:4549; its corners taken to lon/lat by GDAL/PROJ independently.
    const double x0 = 480000, y0 = 3200000, side = 1000;
    auto square = geo::from_wkt("POLYGON((480000 3200000, 481000 3200000, 481000 3201000, 480000 3201000, "
                                "480000 3200000))");
    auto srs = geo::srs_from_epsg(4549);
    geo::GeodesicArea geodesic(*srs);
    EXPECT_NEAR(geodesic.semi_major_axis(), 6378137.0, 1e-6);
    EXPECT_NEAR(geodesic.inverse_flattening(), 298.257222101, 1e-9); // CGCS2000

    auto ct = geo::make_transform(*srs, *geo::srs_from_epsg(4490));
    double xs[4] = {x0, x0 + side, x0 + side, x0}, ys[4] = {y0, y0, y0 + side, y0 + side};
    ASSERT_TRUE(ct->Transform(4, xs, ys));
    geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257222101);
    double expected = 0;
    geod_polygonarea(&g, ys, xs, 4, &expected, nullptr);
    EXPECT_NEAR(geodesic.of(*square), std::fabs(expected), 1e-6);
    // Near the central meridian Gauss-Kruger scale is ~1: ellipsoidal ≈ planar, not equal.
    EXPECT_NEAR(geodesic.of(*square), 1e6, 100.0);
    EXPECT_NE(geodesic.of(*square), geo::area(*square));
}

TEST(EllipsoidalArea, HolesAreSubtracted)
{
    auto srs = geo::srs_from_epsg(4549);
    geo::GeodesicArea geodesic(*srs);
    auto outer = geo::from_wkt("POLYGON((480000 3200000, 481000 3200000, 481000 3201000, 480000 3201000, 480000 3200000))");
    auto holed = geo::from_wkt("POLYGON((480000 3200000, 481000 3200000, 481000 3201000, 480000 3201000, 480000 3200000),"
                               "(480100 3200100, 480100 3200200, 480200 3200200, 480200 3200100, 480100 3200100))");
    EXPECT_NEAR(geodesic.of(*outer) - geodesic.of(*holed), 1e4, 2.0);
}

TEST(GeosContext, OnePerThread)
{
    GEOSContextHandle_t main_context = geo::geos_context();
    GEOSContextHandle_t other_context = nullptr;
    double other_area = 0;
    std::thread worker([&] {
        other_context = geo::geos_context();
        other_area = geo::area(*geo::from_wkt("POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))"));
    });
    worker.join();
    EXPECT_NE(main_context, other_context);
    EXPECT_EQ(other_area, 4.0);
    EXPECT_EQ(main_context, geo::geos_context());
}

} // namespace
