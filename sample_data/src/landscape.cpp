#include "landscape.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "geo/crs.h"
#include "geo/error.h"
#include "random.h"

namespace sample {
namespace {

double smoothstep(double edge0, double edge1, double x)
{
    const double t = std::clamp((x - edge0) / (edge1 - edge0), 0.0, 1.0);
    return t * t * (3 - 2 * t);
}

// The county's centre in EPSG:4549; Wuyi's seat lies ~7 km north of it, near 28.88°N.
Point projected_centre(const County& county)
{
    auto geographic = geo::srs_from_epsg(geo::kCgcs2000Geographic);
    auto projected = geo::srs_from_epsg(kWorkingEpsg);
    auto transform = geo::make_transform(*geographic, *projected);
    double x = county.longitude, y = county.latitude;
    if (!transform->Transform(1, &x, &y))
        throw geo::Error("PROJ cannot place the sample county in EPSG:4549");
    return {std::round(x), std::round(y)};
}

struct TownSeed {
    const char* name;
    double east_km, north_km, urban_radius_km;
};

// Wuyi's 18 towns, streets and townships, placed roughly as on the map: the three streets of
// the county seat on the river in the north, the big towns along the valley, the mountain
// townships in the south.
constexpr TownSeed kTownSeeds[] = {
    {"壶山街道", 0.5, 6.8, 0},        {"白洋街道", 3.6, 8.6, 0},   {"熟溪街道", -1.8, 5.4, 0},
    {"履坦镇", 6.5, 13.0, 0.9},       {"桐琴镇", -2.0, 13.0, 1.0}, {"泉溪镇", 10.5, 11.0, 1.0},
    {"王宅镇", -8.0, 9.0, 0.9},       {"桃溪镇", -12.5, 4.0, 0.8}, {"茭道镇", -6.5, 2.0, 0.7},
    {"柳城畲族镇", -11.0, -8.0, 0.9}, {"新宅镇", -3.0, -9.0, 0.6}, {"大田乡", 9.5, 3.0, 0.5},
    {"白姆乡", -3.0, 0.5, 0.5},       {"俞源乡", 6.0, -5.0, 0.5},  {"坦洪乡", -8.5, -3.0, 0.5},
    {"西联乡", -11.5, -12.5, 0.5},    {"三港乡", 1.5, -15.0, 0.5}, {"大溪口乡", 11.5, -8.0, 0.5},
};

// The 武义江 valley, south-west to north-east through the county seat (km from the centre).
constexpr Point kRiverKm[] = {{-26, -7},  {-17, -3.5}, {-10, 0.8}, {-5, 3.8},  {-1.5, 5.9}, {1.2, 7.2},
                              {4.5, 9.2}, {8, 11.6},   {12.5, 14}, {18, 16.5}, {26, 20}};

} // namespace

Landscape::Landscape(std::uint64_t seed, County county)
    : seed_(seed), county_identity_(std::move(county)), origin_(projected_centre(county_identity_))
{
    for (const auto& p : kRiverKm)
        river_.push_back(world(p.x, p.y));
    seat_ = world(0.8, 7.0);
    for (const auto& t : kTownSeeds)
        towns_.push_back({t.name, world(t.east_km, t.north_km), t.urban_radius_km * 1000});

    // A wandering outline scaled to exactly the county's area.
    county_ = noisy_ring(origin_, 22000, 720, 0.14, seed ^ 0xC0C0);
    scale_ring(county_, origin_, std::sqrt(kCountyAreaM2 / std::fabs(ring_area(county_))));
}

Point Landscape::world(double east_km, double north_km) const
{
    return {origin_.x + east_km * 1000, origin_.y + north_km * 1000};
}

double Landscape::distance_to_river(Point p) const
{
    double best = std::numeric_limits<double>::max();
    for (size_t i = 0; i + 1 < river_.size(); ++i) {
        const Point a = river_[i], b = river_[i + 1];
        const double dx = b.x - a.x, dy = b.y - a.y;
        const double t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
        best = std::min(best, std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy)));
    }
    return best;
}

double Landscape::hillside(Point p) const
{
    // The valley widens downstream (north-east) and near the county seat.
    const double north_km = (p.y - origin_.y) / 1000;
    const double floor_half_width =
        1400 + 60 * std::clamp(north_km, -10.0, 15.0) + 400 * fractal_noise(p.x / 3000, p.y / 3000, 3, seed_ ^ 0xF100);
    return smoothstep(floor_half_width, floor_half_width + 5500, distance_to_river(p));
}

double Landscape::elevation(Point p) const
{
    const double north_km = (p.y - origin_.y) / 1000;
    const double valley_floor = 52 + 1.6 * std::clamp(8 - north_km, 0.0, 30.0);
    const double south = smoothstep(4, -16, north_km); // the southern mountains
    const double hills = hillside(p);
    const double ridges = 0.5 + 0.5 * fractal_noise(p.x / 7000, p.y / 7000, 6, seed_ ^ 0xE1E7);
    const double relief = 180 + 650 * south + 500 * south * south;
    const double detail = 60 * fractal_noise(p.x / 1200, p.y / 1200, 4, seed_ ^ 0xD37A);
    return valley_floor + hills * (relief * (0.35 + 0.9 * ridges) + detail);
}

} // namespace sample
