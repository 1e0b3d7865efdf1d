#pragma once
// Small geometry builders for the generator: noisy closed rings and GEOS polygons/lines
// made from coordinate lists.
#include <cstdint>
#include <vector>

#include "geo/geos.h"

namespace sample {

struct Point {
    double x = 0, y = 0;
};
using Ring = std::vector<Point>; // closed: last == first

// A closed ring around `centre` whose radius wanders by ±`roughness` (a fraction) with
// fractal noise: the outline of a hill, a town, a red-line zone. Counter-clockwise.
Ring noisy_ring(Point centre, double radius, int vertices, double roughness, std::uint64_t seed);

double ring_area(const Ring& ring); // signed shoelace, relative to the first vertex
void scale_ring(Ring& ring, Point centre, double factor);

geo::GeomPtr make_polygon(const Ring& shell, const std::vector<Ring>& holes = {});
geo::GeomPtr make_line(const std::vector<Point>& points);
geo::GeomPtr make_point(Point p);

} // namespace sample
