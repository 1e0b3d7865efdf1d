#pragma once
// A cheap proof that a polygon is valid, tried before GEOS's full check. GEOS's IsValidOp builds
// monotone chains, a noder and an index for every polygon it checks: most of the time of checking
// a county's parcels of a few dozen vertices. Most real polygons are plainly valid: rings that
// never meet, holes inside their own shell and outside one another, parts outside one another.
// That is proven here from the coordinates, with orientations decided by a floating-point filter
// that is exact where it answers; whatever it cannot decide (rings that touch, near-collinear
// turns, invalid shapes) is left to GEOS. It never calls valid what GEOS would not.
#include <cstddef>
#include <span>

#include "geo/geos.h"

namespace geo {

struct RingCoordinates {
    const double* xy;   // interleaved x, y; the first point repeated last
    std::size_t points; // including the repeated last
    std::size_t part;   // which polygon of a multipolygon it belongs to (0 for a polygon)
    bool shell;         // its part's exterior ring; a part's shell comes before its holes
};

// True when the polygon (or multipolygon) made of `rings` is certainly valid in GEOS's sense;
// false when it may not be (then ask GEOS).
bool proven_valid(std::span<const RingCoordinates> rings);

// The same for a GEOS geometry: false for anything but a flat polygon or multipolygon.
bool proven_valid(const GEOSGeometry& geometry);

} // namespace geo
