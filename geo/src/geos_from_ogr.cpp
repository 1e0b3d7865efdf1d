#include <cmath>

#include <ogr_geometry.h>

#include "geo/geos.h"

namespace geo {
namespace {

// Interleaved x, y of a line or ring, reused per thread (a million parcels, no allocations).
std::vector<double>& coordinates_of(const OGRSimpleCurve& curve)
{
    thread_local std::vector<double> xy;
    xy.resize(2 * static_cast<std::size_t>(curve.getNumPoints()));
    curve.getPoints(xy.data(), 2 * sizeof(double), xy.data() + 1, 2 * sizeof(double));
    return xy;
}

GEOSCoordSequence* sequence_of(GEOSContextHandle_t ctx, const std::vector<double>& xy)
{
    return GEOSCoordSeq_copyFromBuffer_r(ctx, xy.data(), static_cast<unsigned>(xy.size() / 2), 0, 0);
}

// A GEOS ring, or null where GEOS would refuse it (unclosed, too short): the caller then lets
// GDAL's own conversion decide, as before.
GEOSGeometry* ring_of(GEOSContextHandle_t ctx, const OGRLinearRing& ring, bool* convex)
{
    const std::vector<double>& xy = coordinates_of(ring);
    const std::size_t n = xy.size() / 2;
    if (n < 4 || xy[0] != xy[2 * n - 2] || xy[1] != xy[2 * n - 1])
        return nullptr;
    if (convex != nullptr)
        *convex = is_strictly_convex_ring(xy.data(), n);
    GEOSCoordSequence* sequence = sequence_of(ctx, xy);
    return sequence ? GEOSGeom_createLinearRing_r(ctx, sequence) : nullptr;
}

GEOSGeometry* polygon_of(GEOSContextHandle_t ctx, const OGRPolygon& polygon, bool* convex_shell)
{
    if (polygon.IsEmpty())
        return nullptr;
    GEOSGeometry* shell = ring_of(ctx, *polygon.getExteriorRing(), convex_shell);
    if (shell == nullptr)
        return nullptr;
    std::vector<GEOSGeometry*> holes;
    for (int i = 0; i < polygon.getNumInteriorRings(); ++i) {
        GEOSGeometry* hole = ring_of(ctx, *polygon.getInteriorRing(i), nullptr);
        if (hole == nullptr) {
            GEOSGeom_destroy_r(ctx, shell);
            for (GEOSGeometry* h : holes)
                GEOSGeom_destroy_r(ctx, h);
            return nullptr;
        }
        holes.push_back(hole);
    }
    return GEOSGeom_createPolygon_r(ctx, shell, holes.data(), static_cast<unsigned>(holes.size()));
}

GEOSGeometry* fast_conversion(GEOSContextHandle_t ctx, const OGRGeometry& geometry, bool* known_valid)
{
    switch (geometry.getGeometryType()) {
    case wkbPoint: {
        const auto& point = *geometry.toPoint();
        return point.IsEmpty() ? nullptr : GEOSGeom_createPointFromXY_r(ctx, point.getX(), point.getY());
    }
    case wkbLineString: {
        const auto& line = *geometry.toLineString();
        if (line.getNumPoints() < 2)
            return nullptr;
        GEOSCoordSequence* sequence = sequence_of(ctx, coordinates_of(line));
        return sequence ? GEOSGeom_createLineString_r(ctx, sequence) : nullptr;
    }
    case wkbPolygon: {
        bool convex = false;
        GEOSGeometry* polygon = polygon_of(ctx, *geometry.toPolygon(), &convex);
        if (known_valid != nullptr)
            *known_valid = polygon != nullptr && convex && geometry.toPolygon()->getNumInteriorRings() == 0;
        return polygon;
    }
    case wkbMultiPolygon: {
        const auto& multi = *geometry.toMultiPolygon();
        if (multi.IsEmpty())
            return nullptr;
        std::vector<GEOSGeometry*> parts;
        for (const OGRPolygon* part : multi) {
            GEOSGeometry* polygon = polygon_of(ctx, *part, nullptr);
            if (polygon == nullptr) {
                for (GEOSGeometry* p : parts)
                    GEOSGeom_destroy_r(ctx, p);
                return nullptr;
            }
            parts.push_back(polygon);
        }
        return GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, parts.data(), static_cast<unsigned>(parts.size()));
    }
    default:
        return nullptr;
    }
}

} // namespace

GeomPtr to_geos(const OGRGeometry& geometry, bool* known_valid)
{
    if (known_valid != nullptr)
        *known_valid = false;
    auto ctx = geos_context();
    if (!geometry.Is3D() && !geometry.IsMeasured())
        if (GEOSGeometry* converted = fast_conversion(ctx, geometry, known_valid))
            return GeomPtr(converted);
    if (known_valid != nullptr)
        *known_valid = false;
    return checked(geometry.exportToGEOS(ctx), "conversion from OGR");
}

bool is_strictly_convex_ring(const double* xy, std::size_t points)
{
    if (points < 4)
        return false;
    const std::size_t n = points - 1; // the ring repeats its first vertex
    auto vertex = [&](std::size_t i) { return xy + 2 * (i % n); };
    int turn = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double *a = vertex(i), *b = vertex(i + 1), *c = vertex(i + 2);
        if (!std::isfinite(a[0]) || !std::isfinite(a[1]))
            return false;
        const double cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
        if (cross == 0)
            return false; // collinear or repeated vertices: not strictly convex
        const int sign = cross > 0 ? 1 : -1;
        if (turn != 0 && sign != turn)
            return false;
        turn = sign;
    }
    // All turns go one way; the ring goes round once (a pentagram also turns one way, but
    // twice round) when the edges' x direction, and their y direction, each reverse at most twice.
    auto reversals = [&](int axis) {
        auto direction = [&](std::size_t i) {
            const double from = vertex(i)[axis], to = vertex(i + 1)[axis];
            return (to > from) - (to < from);
        };
        int last = 0;
        for (std::size_t i = n; i-- > 0 && last == 0;)
            last = direction(i);
        int count = 0;
        for (std::size_t i = 0; i < n; ++i)
            if (const int d = direction(i); d != 0) {
                count += d != last ? 1 : 0;
                last = d;
            }
        return count;
    };
    return reversals(0) <= 2 && reversals(1) <= 2;
}

} // namespace geo
