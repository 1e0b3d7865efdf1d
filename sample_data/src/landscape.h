#pragma once
// The physical frame of the sample county: where it lies in EPSG:4549, its outline, the
// river valley that carries the farmland and the towns, and the mountains to the south.
// Everything else (layers, DEM) is derived from this so that the layers and the terrain agree.
#include <cstdint>
#include <string>
#include <vector>

#include "sample/generator.h"
#include "shapes.h"

namespace sample {

inline constexpr double kCountyAreaM2 = 1577e6;
inline constexpr int kWorkingEpsg = 4549; // CGCS2000 / 3-degree Gauss-Kruger CM 120E

struct Town {
    std::string name;
    Point seat;                // world coordinates
    double urban_radius_m = 0; // 0: no separate urban boundary (a street of the county seat)
};

class Landscape {
public:
    Landscape(std::uint64_t seed, County county = {});

    // World coordinates (EPSG:4549, metres) of a point given in km from the county centre.
    Point world(double east_km, double north_km) const;

    double elevation(Point p) const;         // metres above sea level
    double distance_to_river(Point p) const; // metres
    // 0 on the valley floor, rising to 1 on the hillsides; farmland lies where this is ~0.
    double hillside(Point p) const;

    const Ring& county_outline() const { return county_; }
    const std::vector<Point>& river() const { return river_; }
    const std::vector<Town>& towns() const { return towns_; }
    Point county_seat() const { return seat_; }
    double county_seat_radius() const { return seat_radius_; }
    Point centre() const { return origin_; }
    std::uint64_t seed() const { return seed_; }
    const County& county() const { return county_identity_; }

private:
    std::uint64_t seed_;
    County county_identity_;
    Point origin_;
    Point seat_;
    double seat_radius_ = 3000;
    Ring county_;
    std::vector<Point> river_;
    std::vector<Town> towns_;
};

} // namespace sample
