#include "shapes.h"

#include <cmath>
#include <numbers>

#include "random.h"

namespace sample {
namespace {

GEOSCoordSequence* sequence_of(const std::vector<Point>& points)
{
    auto ctx = geo::geos_context();
    std::vector<double> xy;
    xy.reserve(points.size() * 2);
    for (const auto& p : points) {
        xy.push_back(p.x);
        xy.push_back(p.y);
    }
    return GEOSCoordSeq_copyFromBuffer_r(ctx, xy.data(), static_cast<unsigned>(points.size()), 0, 0);
}

GEOSGeometry* linear_ring(const Ring& ring)
{
    return GEOSGeom_createLinearRing_r(geo::geos_context(), sequence_of(ring));
}

} // namespace

Ring noisy_ring(Point centre, double radius, int vertices, double roughness, std::uint64_t seed)
{
    Ring ring;
    ring.reserve(static_cast<size_t>(vertices) + 1);
    for (int i = 0; i < vertices; ++i) {
        const double angle = 2 * std::numbers::pi * i / vertices;
        // Sample the noise on a circle so the outline closes smoothly.
        const double nx = 3 * std::cos(angle), ny = 3 * std::sin(angle);
        const double r = radius * (1 + roughness * fractal_noise(nx + 10, ny + 10, 6, seed));
        ring.push_back({centre.x + r * std::cos(angle), centre.y + r * std::sin(angle)});
    }
    ring.push_back(ring.front());
    return ring;
}

double ring_area(const Ring& ring)
{
    double sum = 0;
    const Point o = ring.front();
    for (size_t i = 0; i + 1 < ring.size(); ++i)
        sum += (ring[i].x - o.x) * (ring[i + 1].y - o.y) - (ring[i + 1].x - o.x) * (ring[i].y - o.y);
    return sum / 2;
}

void scale_ring(Ring& ring, Point centre, double factor)
{
    for (auto& p : ring) {
        p.x = centre.x + (p.x - centre.x) * factor;
        p.y = centre.y + (p.y - centre.y) * factor;
    }
}

geo::GeomPtr make_polygon(const Ring& shell, const std::vector<Ring>& holes)
{
    std::vector<GEOSGeometry*> hole_rings;
    for (const auto& hole : holes)
        hole_rings.push_back(linear_ring(hole));
    return geo::checked(GEOSGeom_createPolygon_r(geo::geos_context(), linear_ring(shell), hole_rings.data(),
                                                 static_cast<unsigned>(hole_rings.size())),
                        "polygon");
}

geo::GeomPtr make_line(const std::vector<Point>& points)
{
    return geo::checked(GEOSGeom_createLineString_r(geo::geos_context(), sequence_of(points)), "line");
}

geo::GeomPtr make_point(Point p)
{
    return geo::checked(GEOSGeom_createPointFromXY_r(geo::geos_context(), p.x, p.y), "point");
}

} // namespace sample
