#include "geo/polygon_validity.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <vector>

namespace geo {
namespace {

// Shewchuk's error bound for his fast orientation test ("Adaptive Precision Floating-Point
// Arithmetic and Fast Robust Geometric Predicates", 1997, ccwerrboundA), here with DBL_EPSILON,
// twice his ε, so twice as wide: where the determinant exceeds it, its sign is the exact one.
constexpr double kErrorBound = (3.0 + 16.0 * DBL_EPSILON) * DBL_EPSILON;

// The sign of a·b-like sums of two products of coordinate differences, or 0 when rounding could
// have changed it.
int certain_sign(double first, double second)
{
    const double sum = first + second;
    const double bound = kErrorBound * (std::abs(first) + std::abs(second));
    return sum > bound ? 1 : sum < -bound ? -1 : 0;
}

// +1 when a → b → c turns left, -1 right, 0 when collinear or too nearly so to tell.
int turn(const double* a, const double* b, const double* c)
{
    return certain_sign((a[0] - c[0]) * (b[1] - c[1]), -((a[1] - c[1]) * (b[0] - c[0])));
}

// Segments p and q share no point: one lies wholly on one side of the other's line.
bool apart(const double* p1, const double* p2, const double* q1, const double* q2)
{
    const int q1_side = turn(p1, p2, q1);
    if (q1_side != 0 && q1_side == turn(p1, p2, q2))
        return true;
    const int p1_side = turn(q1, q2, p1);
    return p1_side != 0 && p1_side == turn(q1, q2, p2);
}

// Consecutive edges a → b and b → c meet only at b: they turn, or (nearly straight) go on
// forward rather than back over each other.
bool meet_only_at_vertex(const double* a, const double* b, const double* c)
{
    return turn(a, b, c) != 0 || certain_sign((a[0] - b[0]) * (c[0] - b[0]), (a[1] - b[1]) * (c[1] - b[1])) < 0;
}

// Coordinates whose differences' products neither overflow nor underflow (the filter's bound
// assumes neither): finite, and zero or of a magnitude between 1e-100 and 1e100.
bool tame(double v)
{
    const double magnitude = std::abs(v);
    return v == 0 || (magnitude >= 1e-100 && magnitude <= 1e100);
}

struct Edge {
    double low[2], high[2]; // its envelope
    const double* from;     // its first point; the second follows it
    std::uint32_t ring, index;
};

// +1 when `p` lies inside `ring`, -1 outside, 0 when too near its boundary to tell (crossings of
// a ray towards +x, counted with a half-open rule at vertices).
int locate(const double* p, const RingCoordinates& ring)
{
    bool inside = false;
    for (std::size_t k = 0; k + 1 < ring.points; ++k) {
        const double *a = ring.xy + 2 * k, *b = a + 2;
        if ((a[1] > p[1]) == (b[1] > p[1]))
            continue;
        const int side = turn(a, b, p);
        if (side == 0)
            return 0;
        if ((b[1] > a[1]) == (side > 0)) // p left of an upward edge, right of a downward one
            inside = !inside;
    }
    return inside ? 1 : -1;
}

// Whether edge `b` follows edge `a` in a ring of `count` edges.
bool follows(std::uint32_t a, std::uint32_t b, std::size_t count)
{
    return b == a + 1 || (b == 0 && a + 1 == count);
}

// No two edges of the rings meet, other than consecutive edges of a ring at their vertex.
bool edges_apart(std::span<const RingCoordinates> rings)
{
    thread_local std::vector<Edge> edges;
    edges.clear();
    double low[2] = {INFINITY, INFINITY}, high[2] = {-INFINITY, -INFINITY};
    for (std::size_t r = 0; r < rings.size(); ++r) {
        const RingCoordinates& ring = rings[r];
        const std::size_t count = ring.points - 1;
        for (std::size_t k = 0; k < count; ++k) {
            const double *a = ring.xy + 2 * k, *b = a + 2;
            if (!tame(a[0]) || !tame(a[1]))
                return false;
            // Consecutive edges, checked here in ring order: the sweep below skips them.
            if (!meet_only_at_vertex(a, b, k + 1 < count ? b + 2 : ring.xy + 2))
                return false;
            Edge e{{std::min(a[0], b[0]), std::min(a[1], b[1])},
                   {std::max(a[0], b[0]), std::max(a[1], b[1])},
                   a,
                   static_cast<std::uint32_t>(r),
                   static_cast<std::uint32_t>(k)};
            for (int axis = 0; axis < 2; ++axis) {
                low[axis] = std::min(low[axis], e.low[axis]);
                high[axis] = std::max(high[axis], e.high[axis]);
            }
            edges.push_back(e);
        }
    }
    // Sweep along the longer side, so a tall thin polygon costs no more than a wide one; sorted
    // as small keys, not whole edges.
    const int along = high[0] - low[0] >= high[1] - low[1] ? 0 : 1, across = 1 - along;
    struct Key {
        double low;
        std::uint32_t edge;
    };
    thread_local std::vector<Key> keys;
    keys.clear();
    for (std::size_t i = 0; i < edges.size(); ++i)
        keys.push_back({edges[i].low[along], static_cast<std::uint32_t>(i)});
    std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) { return a.low < b.low; });
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const Edge& e = edges[keys[i].edge];
        const double end = e.high[along];
        for (std::size_t j = i + 1; j < keys.size() && keys[j].low <= end; ++j) {
            const Edge& f = edges[keys[j].edge];
            if (f.low[across] > e.high[across] || e.low[across] > f.high[across])
                continue;
            if (e.ring == f.ring) {
                const std::size_t count = rings[e.ring].points - 1;
                if (follows(e.index, f.index, count) || follows(f.index, e.index, count))
                    continue;
            }
            if (!apart(e.from, e.from + 2, f.from, f.from + 2))
                return false;
        }
    }
    return true;
}

} // namespace

bool proven_valid(std::span<const RingCoordinates> given)
{
    // Ring against ring below is quadratic: many rings are left to GEOS's index.
    constexpr std::size_t kMaxRings = 64;
    if (given.empty() || given.size() > kMaxRings || !given.front().shell)
        return false;
    // A vertex repeated right after itself is no fault (GEOS drops such repeats before it
    // checks, as real data has them): the rings without them, in a buffer reused per thread.
    thread_local std::vector<double> xy;
    thread_local std::vector<std::size_t> starts;
    thread_local std::vector<RingCoordinates> rings;
    xy.clear();
    starts.clear();
    for (const RingCoordinates& ring : given) {
        if (ring.points < 4)
            return false;
        const double* last = ring.xy + 2 * (ring.points - 1);
        if (ring.xy[0] != last[0] || ring.xy[1] != last[1])
            return false;
        starts.push_back(xy.size());
        for (std::size_t k = 0; k < ring.points; ++k) {
            const double* p = ring.xy + 2 * k;
            if (xy.size() > starts.back() && p[0] == xy[xy.size() - 2] && p[1] == xy[xy.size() - 1])
                continue;
            xy.insert(xy.end(), p, p + 2);
        }
        if (xy.size() - starts.back() < 2 * 4) // three distinct vertices and the first again
            return false;
    }
    starts.push_back(xy.size());
    rings.clear();
    for (std::size_t r = 0; r < given.size(); ++r)
        rings.push_back({xy.data() + starts[r], (starts[r + 1] - starts[r]) / 2, given[r].part, given[r].shell});
    if (!edges_apart(rings))
        return false;
    // The rings never meet, so each lies wholly inside or outside another; one vertex tells.
    for (std::size_t r = 0; r < rings.size(); ++r) {
        for (std::size_t other = 0; other < rings.size(); ++other) {
            if (other == r)
                continue;
            const int where = locate(rings[r].xy, rings[other]);
            const bool same_part = rings[r].part == rings[other].part;
            // A hole inside its own shell; nothing else inside anything else.
            const bool must_be_inside = same_part && !rings[r].shell && rings[other].shell;
            if (where != (must_be_inside ? 1 : -1))
                return false;
        }
    }
    return true;
}

bool proven_valid(const GEOSGeometry& geometry)
{
    auto ctx = geos_context();
    const int type = GEOSGeomTypeId_r(ctx, &geometry);
    if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON)
        return false;
    // Every ring's x and y (validity ignores heights, as GEOS's does) in one buffer, reused per
    // thread (a million parcels checked).
    struct Slice {
        std::size_t offset, points, part;
        bool shell;
    };
    thread_local std::vector<double> xy;
    thread_local std::vector<Slice> slices;
    xy.clear();
    slices.clear();
    auto add = [&](const GEOSGeometry* ring, std::size_t part, bool shell) {
        const GEOSCoordSequence* sequence = ring ? GEOSGeom_getCoordSeq_r(ctx, ring) : nullptr;
        unsigned size = 0;
        if (sequence == nullptr || GEOSCoordSeq_getSize_r(ctx, sequence, &size) == 0)
            return false;
        const std::size_t at = xy.size();
        xy.resize(at + 2 * size);
        if (GEOSCoordSeq_copyToBuffer_r(ctx, sequence, xy.data() + at, 0, 0) == 0)
            return false;
        slices.push_back({at, size, part, shell});
        return true;
    };
    const int parts = type == GEOS_POLYGON ? 1 : GEOSGetNumGeometries_r(ctx, &geometry);
    for (int p = 0; p < parts; ++p) {
        const GEOSGeometry* polygon = type == GEOS_POLYGON ? &geometry : GEOSGetGeometryN_r(ctx, &geometry, p);
        const int holes = polygon ? GEOSGetNumInteriorRings_r(ctx, polygon) : -1;
        if (holes < 0 || GEOSisEmpty_r(ctx, polygon) != 0 || !add(GEOSGetExteriorRing_r(ctx, polygon), p, true))
            return false;
        for (int h = 0; h < holes; ++h)
            if (!add(GEOSGetInteriorRingN_r(ctx, polygon, h), p, false))
                return false;
    }
    thread_local std::vector<RingCoordinates> rings;
    rings.clear();
    for (const Slice& slice : slices)
        rings.push_back({xy.data() + slice.offset, slice.points, slice.part, slice.shell});
    return proven_valid(rings);
}

} // namespace geo
