#include <gtest/gtest.h>

#include <clocale>
#include <cmath>
#include <thread>

#include <geodesic.h>
#include <ogr_geometry.h>

#include "geo/crs.h"
#include "geo/geodesic_area.h"
#include "geo/geos.h"
#include "geo/overlay_layer.h"
#include "geo/text_values.h"
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
    auto square = geo::from_wkt("POLYGON((480000.123 3200000.456, 480010.123 3200000.456, 480010.123 3200010.456, "
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
    auto outer =
        geo::from_wkt("POLYGON((480000 3200000, 481000 3200000, 481000 3201000, 480000 3201000, 480000 3200000))");
    auto holed =
        geo::from_wkt("POLYGON((480000 3200000, 481000 3200000, 481000 3201000, 480000 3201000, 480000 3200000),"
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

// The direct OGR → GEOS copy gives what GDAL's own WKB-based conversion gives.
TEST(ToGeos, DirectCopyMatchesGdalsConversion)
{
    for (const char* wkt :
         {"POINT (3 4)", "LINESTRING (0 0, 1 1, 2 0)", "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 2 2))",
          "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 6, 5 5)))",
          "POLYGON Z ((0 0 1, 1 0 2, 1 1 3, 0 0 1))", "GEOMETRYCOLLECTION (POINT (1 2))"}) {
        OGRGeometry* ogr = nullptr;
        ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &ogr), OGRERR_NONE) << wkt;
        std::unique_ptr<OGRGeometry> owned(ogr);
        const geo::GeomPtr direct = geo::to_geos(*ogr);
        const geo::GeomPtr gdal(ogr->exportToGEOS(geo::geos_context()));
        ASSERT_TRUE(gdal) << wkt;
        EXPECT_EQ(GEOSEqualsExact_r(geo::geos_context(), direct.get(), gdal.get(), 0), 1) << wkt;
        EXPECT_EQ(GEOSHasZ_r(geo::geos_context(), direct.get()), GEOSHasZ_r(geo::geos_context(), gdal.get())) << wkt;
    }
}

TEST(ToGeos, KnownValidOnlyForOneStrictlyConvexRing)
{
    auto known_valid = [](const char* wkt) {
        OGRGeometry* ogr = nullptr;
        EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &ogr), OGRERR_NONE) << wkt;
        std::unique_ptr<OGRGeometry> owned(ogr);
        bool valid = false;
        const geo::GeomPtr geometry = geo::to_geos(*ogr, &valid);
        // Whatever it says must agree with GEOS.
        if (valid) {
            EXPECT_TRUE(geo::is_valid(*geometry)) << wkt;
        }
        return valid;
    };
    EXPECT_TRUE(known_valid("POLYGON ((0 0, 10 0, 12 8, 0 10, 0 0))"));
    EXPECT_TRUE(known_valid("POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0))")); // clockwise
    EXPECT_FALSE(known_valid("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 2 2))"));
    EXPECT_FALSE(known_valid("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")); // bow-tie
    EXPECT_FALSE(known_valid("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))"));
}

TEST(ConvexRing, StrictlyConvexSimpleRingsOnly)
{
    auto convex = [](std::vector<double> xy) { return geo::is_strictly_convex_ring(xy.data(), xy.size() / 2); };
    EXPECT_TRUE(convex({0, 0, 4, 0, 4, 3, 0, 3, 0, 0}));
    EXPECT_TRUE(convex({0, 0, 0, 3, 4, 3, 4, 0, 0, 0}));        // clockwise
    EXPECT_TRUE(convex({0, 0, 4, 0, 2, 3, 0, 0}));              // triangle
    EXPECT_FALSE(convex({0, 0, 4, 0, 4, 3, 2, 1, 0, 3, 0, 0})); // concave
    EXPECT_FALSE(convex({0, 0, 2, 0, 4, 0, 4, 3, 0, 3, 0, 0})); // collinear vertex
    EXPECT_FALSE(convex({0, 0, 4, 0, 4, 0, 4, 3, 0, 3, 0, 0})); // repeated vertex
    EXPECT_FALSE(convex({0, 0, 4, 4, 4, 0, 0, 4, 0, 0}));       // bow-tie
    EXPECT_FALSE(convex({0, 0, 4, 0, 0, 0}));                   // too few points
    // A pentagram turns the same way at every vertex but goes round twice.
    std::vector<double> star;
    for (int i = 0; i <= 5; ++i) {
        const double angle = 2 * M_PI * (2 * (i % 5)) / 5;
        star.push_back(std::cos(angle));
        star.push_back(std::sin(angle));
    }
    EXPECT_FALSE(geo::is_strictly_convex_ring(star.data(), star.size() / 2));
    EXPECT_FALSE(convex({0, 0, NAN, 0, 4, 3, 0, 0}));
}

// Overlapping patches count once; touching and disjoint ones are measured as they are; a
// multipolygon patch and an invalid one take part too (the groups are unioned, not the layer).
TEST(OverlayLayer, OverlappingPatchesCountOnce)
{
    std::vector<geo::GeomPtr> patches;
    for (const char* wkt : {"POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))",    // A
                            "POLYGON((5 0, 15 0, 15 10, 5 10, 5 0))",    // B overlaps A
                            "POLYGON((12 2, 14 2, 14 4, 12 4, 12 2))",   // C inside B only
                            "POLYGON((20 0, 30 0, 30 10, 20 10, 20 0))", // D disjoint
                            "POLYGON((30 0, 40 0, 40 10, 30 10, 30 0))", // E touches D
                            "MULTIPOLYGON(((50 0, 52 0, 52 10, 50 10, 50 0)), ((60 0, 62 0, 62 10, 60 10, 60 0)))",
                            "POLYGON((61 0, 63 10, 63 0, 61 10, 61 0))"}) // a bow-tie over the last part
        patches.push_back(geo::from_wkt(wkt));
    std::vector<const GEOSGeometry*> borrowed;
    for (const auto& p : patches)
        borrowed.push_back(p.get());
    const geo::OverlayLayer layer("farmland", borrowed, 1);
    EXPECT_EQ(layer.repaired_count(), 1);
    auto overlap = [&](const char* wkt) {
        const auto parcel = geo::from_wkt(wkt);
        return layer.overlap_area(*parcel, geo::area(*parcel), 0);
    };
    // Against GEOS's one global union of the repaired patches, computed here on its own.
    std::vector<geo::GeomPtr> repaired;
    std::vector<const GEOSGeometry*> repaired_borrowed;
    for (const auto& p : patches) {
        repaired.push_back(geo::is_valid(*p) ? geo::clone(*p) : geo::make_valid_polygonal(*p));
        repaired_borrowed.push_back(repaired.back().get());
    }
    const auto independent = geo::union_all(repaired_borrowed);
    const auto everything = geo::from_wkt("POLYGON((-1 -1, 70 -1, 70 11, -1 11, -1 -1))");
    EXPECT_NEAR(overlap("POLYGON((-1 -1, 70 -1, 70 11, -1 11, -1 -1))"),
                geo::area(*geo::intersection(*independent, *everything)), 1e-9);
    EXPECT_NEAR(overlap("POLYGON((0 0, 40 0, 40 10, 0 10, 0 0))"), 350.0, 1e-9);
    EXPECT_NEAR(overlap("POLYGON((5 0, 10 0, 10 10, 5 10, 5 0))"), 50.0, 1e-9);     // on A and B: once
    EXPECT_NEAR(overlap("POLYGON((11 1, 15 1, 15 5, 11 5, 11 1))"), 16.0, 1e-9);    // on B and C: once
    EXPECT_NEAR(overlap("POLYGON((25 0, 35 0, 35 10, 25 10, 25 0))"), 100.0, 1e-9); // across D | E
}

TEST(TextValues, DatesExistOrAreRefused)
{
    EXPECT_TRUE(geo::parse_date("2023-12-31"));
    EXPECT_TRUE(geo::parse_date("2024-02-29"));
    for (const char* bad : {"2023-02-29", "2023-13-01", "2023-00-01", "2023-01-00", "2023-1-01", "2023-01-01x", ""})
        EXPECT_FALSE(geo::parse_date(bad)) << bad;
    EXPECT_EQ(geo::format_date(*geo::parse_date("2023-07-04")), "2023-07-04");
}

TEST(TextValues, NumbersIgnoreTheLocale)
{
    // A locale with a decimal comma, where it exists on this machine, changes nothing.
    const char* previous = std::setlocale(LC_NUMERIC, nullptr);
    const std::string saved = previous ? previous : "C";
    std::setlocale(LC_NUMERIC, "de_DE.UTF-8");
    EXPECT_EQ(geo::parse_number("1234.5"), 1234.5);
    EXPECT_FALSE(geo::parse_number("1234,5"));
    EXPECT_FALSE(geo::parse_number("12x"));
    EXPECT_EQ(geo::format_fixed(2100.456, 2), "2100.46");
    std::setlocale(LC_NUMERIC, saved.c_str());
}

TEST(TextValues, FileStemsNeverLeaveTheFolder)
{
    for (const char* bad : {"", ".", "..", "../x", "a/b", "a\\b", ".hidden", "a\nb"}) {
        EXPECT_FALSE(geo::is_safe_file_stem(bad)) << bad;
        const std::string safe = geo::safe_file_stem(bad);
        EXPECT_TRUE(geo::is_safe_file_stem(safe)) << bad << " -> " << safe;
    }
    EXPECT_TRUE(geo::is_safe_file_stem("县城三维"));
    EXPECT_EQ(geo::safe_file_stem("县城三维"), "县城三维");
}

} // namespace
