#pragma once
// Which polygons of one layer overlap each other: the check groups overlapping farmland
// patches by it, and intake reports them.
#include <cstddef>
#include <utility>
#include <vector>

#include "geo/geos.h"

namespace geo {

// Pairs (i < j) of `polygons` whose interiors overlap (they intersect and do not merely touch),
// found through an STRtree with prepared predicates on `threads` cores; in no particular order.
std::vector<std::pair<std::size_t, std::size_t>> overlapping_pairs(const std::vector<GeomPtr>& polygons, int threads);

} // namespace geo
