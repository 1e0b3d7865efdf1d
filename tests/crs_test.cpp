#include <gtest/gtest.h>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/units.h"

namespace {

TEST(WorkingCrs, ZoneFollowsCentreLongitude)
{
    EXPECT_EQ(geo::gk3_zone_for_longitude(119.8), 40);
    EXPECT_EQ(geo::cgcs2000_gk3_epsg(40), 4549);       // Wuyi
    EXPECT_EQ(geo::cgcs2000_gk3_epsg(40, true), 4528); // zone-prefixed variant
    EXPECT_EQ(geo::cgcs2000_gk3_epsg(geo::gk3_zone_for_longitude(75.2)), 4534);
    EXPECT_EQ(geo::cgcs2000_gk3_epsg(geo::gk3_zone_for_longitude(134.9)), 4554);
    EXPECT_EQ(geo::gk3_zone_for_longitude(121.49), 40); // zone edge: 118.5-121.5
    EXPECT_EQ(geo::gk3_zone_for_longitude(121.51), 41);
    EXPECT_THROW(geo::gk3_zone_for_longitude(10.0), geo::Error);
}

TEST(WorkingCrs, ChosenZoneIsTheCgcs2000GaussKrugerOne)
{
    auto srs = geo::working_crs_for_longitude(119.8);
    EXPECT_EQ(geo::describe(*srs).authority_code, "EPSG:4549");
    EXPECT_NEAR(srs->GetProjParm(SRS_PP_CENTRAL_MERIDIAN), 120.0, 1e-12);
    EXPECT_NEAR(srs->GetProjParm(SRS_PP_FALSE_EASTING), 500000.0, 1e-9);
}

TEST(AxisOrder, LongitudeLatitudeGoToEastingNorthing)
{
    // EPSG:4490 is latitude-first by its definition; PlanView always passes x = longitude.
    auto geographic = geo::srs_from_epsg(4490);
    auto projected = geo::srs_from_epsg(4549);
    auto ct = geo::make_transform(*geographic, *projected);
    double x = 120.0, y = 29.0;
    ASSERT_TRUE(ct->Transform(1, &x, &y));
    EXPECT_NEAR(x, 500000.0, 1e-3); // on the central meridian
    EXPECT_NEAR(y, 3209.0e3, 5e3);  // ~29° north is ~3,209 km
    double back_x = x, back_y = y;
    auto inverse = geo::make_transform(*projected, *geographic);
    ASSERT_TRUE(inverse->Transform(1, &back_x, &back_y));
    EXPECT_NEAR(back_x, 120.0, 1e-9);
    EXPECT_NEAR(back_y, 29.0, 1e-9);
}

TEST(CrsWarnings, ZonePrefixedCrsIsRecognised)
{
    auto prefixed = geo::srs_from_epsg(4528);
    OGREnvelope extent;
    extent.MinX = 40'480'000;
    extent.MaxX = 40'490'000;
    extent.MinY = 3'190'000;
    extent.MaxY = 3'200'000;
    auto warnings = geo::crs_warnings(*prefixed, extent);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("40500000"), std::string::npos);
}

TEST(CrsWarnings, SwappedAxesAreReported)
{
    auto plain = geo::srs_from_epsg(4549);
    OGREnvelope swapped;
    swapped.MinX = 3'190'000; // northings in x
    swapped.MaxX = 3'200'000;
    swapped.MinY = 480'000;
    swapped.MaxY = 490'000;
    auto warnings = geo::crs_warnings(*plain, swapped);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("swapped"), std::string::npos);

    OGREnvelope right = swapped;
    std::swap(right.MinX, right.MinY);
    std::swap(right.MaxX, right.MaxY);
    EXPECT_TRUE(geo::crs_warnings(*plain, right).empty());

    auto geographic = geo::srs_from_epsg(4490);
    OGREnvelope latlon;
    latlon.MinX = 28.5;
    latlon.MaxX = 29.1;
    latlon.MinY = 119.4;
    latlon.MaxY = 120.1;
    EXPECT_EQ(geo::crs_warnings(*geographic, latlon).size(), 1u);
}

TEST(CrsWarnings, PrefixedEastingsInAPlainCrsAreReported)
{
    auto plain = geo::srs_from_epsg(4549);
    OGREnvelope extent;
    extent.MinX = 40'480'000;
    extent.MaxX = 40'490'000;
    extent.MinY = 3'190'000;
    extent.MaxY = 3'200'000;
    auto warnings = geo::crs_warnings(*plain, extent);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("EPSG:4528"), std::string::npos);
}

TEST(CrsHint, GuessesFromTheLookOfCoordinates)
{
    OGREnvelope e;
    e.MinX = 40'480'000, e.MaxX = 40'490'000, e.MinY = 3'190'000, e.MaxY = 3'200'000;
    EXPECT_NE(geo::guess_crs_hint(e).find("EPSG:4528"), std::string::npos);
    e.MinX = 119.5, e.MaxX = 120.0, e.MinY = 28.5, e.MaxY = 29.0;
    EXPECT_NE(geo::guess_crs_hint(e).find("EPSG:4490"), std::string::npos);
}

TEST(CrsFromUser, BadTextIsAnError)
{
    EXPECT_THROW(geo::srs_from_user_text("EPSG:999999999"), geo::Error);
}

TEST(Units, MuHectareSquareMetre)
{
    EXPECT_DOUBLE_EQ(geo::to_mu(2000.0 / 3.0), 1.0);
    EXPECT_DOUBLE_EQ(geo::to_mu(10000.0), 15.0); // 1 ha = 15 mu
    EXPECT_DOUBLE_EQ(geo::to_hectares(10000.0), 1.0);
    EXPECT_DOUBLE_EQ(geo::mu_to_square_metres(2100.0), 1.4e6);
}

} // namespace
