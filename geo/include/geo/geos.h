#pragma once
// GEOS through its reentrant C API only: one context per thread (created on first use),
// RAII handles, and the few operations PlanView builds on. No GEOS exception ever escapes:
// the C API turns them into null/error returns, which these helpers turn into geo::Error.
#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API
#endif
#include <geos_c.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

class OGRGeometry;

namespace geo {

// This thread's GEOS context. Never null; lives until the thread ends.
GEOSContextHandle_t geos_context();

// The last error GEOS reported on this thread's context (empty if none).
std::string geos_last_error();

struct GeosGeometryDeleter {
    void operator()(GEOSGeometry* geometry) const { GEOSGeom_destroy_r(geos_context(), geometry); }
};
struct GeosPreparedDeleter {
    void operator()(const GEOSPreparedGeometry* prepared) const
    {
        GEOSPreparedGeom_destroy_r(geos_context(), prepared);
    }
};
struct GeosStrTreeDeleter {
    void operator()(GEOSSTRtree* tree) const { GEOSSTRtree_destroy_r(geos_context(), tree); }
};

using GeomPtr = std::unique_ptr<GEOSGeometry, GeosGeometryDeleter>;
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, GeosPreparedDeleter>;
using StrTreePtr = std::unique_ptr<GEOSSTRtree, GeosStrTreeDeleter>;

// Takes ownership of a GEOS result; throws geo::Error naming `operation` when it is null.
GeomPtr checked(GEOSGeometry* result, const char* operation);

// Converts an OGR geometry (any type) to GEOS. Throws on failure. Flat points, lines and
// polygons are copied coordinate by coordinate (no WKB round trip); `known_valid`, when given,
// is set for a polygon whose only ring is strictly convex: valid without asking GEOS.
GeomPtr to_geos(const OGRGeometry& geometry, bool* known_valid = nullptr);

// True when the closed ring (`points` interleaved x, y pairs, the first repeated last) turns the
// same way at every vertex, with no repeated or collinear vertex, and goes round once: a simple
// convex polygon (valid on its own, and its own triangle fan).
bool is_strictly_convex_ring(const double* xy, std::size_t points);
GeomPtr from_wkt(const std::string& wkt);
std::string to_wkt(const GEOSGeometry& geometry, int decimals = 3);
GeomPtr clone(const GEOSGeometry& geometry);

// GEOS's validity; most polygons are proven valid first without its full check
// (polygon_validity.h).
bool is_valid(const GEOSGeometry& geometry);
// Why the geometry is invalid ("Self-intersection[x y]"), empty when valid.
std::string invalid_reason(const GEOSGeometry& geometry);
bool is_polygonal(const GEOSGeometry& geometry);

// GEOS MakeValid (the 'linework' method, as PostGIS ST_MakeValid), keeping only the
// polygonal part as a (Multi)Polygon: MakeValid can return a collection with lines or points,
// which must not leak into area sums. Unlike buffer(0) it keeps both lobes of a bow-tie.
// May return an empty geometry when nothing polygonal is left.
GeomPtr make_valid_polygonal(const GEOSGeometry& geometry);

// Only the polygons of any geometry (collections flattened), as one MultiPolygon.
GeomPtr polygonal_part(const GEOSGeometry& geometry);

// `geometry` made fit for area figures: repaired with make_valid_polygonal when invalid (and
// `*repaired` set, when given), cut to its polygonal part when valid but not polygonal, else
// returned as it is. May be empty.
GeomPtr valid_polygonal(GeomPtr geometry, bool* repaired = nullptr);

// Planar area. GEOS shifts each ring to its first vertex before the shoelace sum, so
// Gauss-Kruger coordinates in the millions lose no significant digits.
double area(const GEOSGeometry& geometry);

GeomPtr intersection(const GEOSGeometry& a, const GEOSGeometry& b);
GeomPtr difference(const GEOSGeometry& a, const GEOSGeometry& b);
GeomPtr unary_union(const GEOSGeometry& geometry);
// Unions many geometries (borrowed) at once with GEOS's cascaded union.
GeomPtr union_all(const std::vector<const GEOSGeometry*>& parts);

// Builds a collection of `type` (GEOS_MULTIPOLYGON, GEOS_GEOMETRYCOLLECTION, ...) that owns `parts`.
GeomPtr make_collection(int type, std::vector<GeomPtr> parts);

// Items of an STRtree whose envelopes meet `geometry`'s, where each item was inserted as a
// pointer to a std::size_t (an index into the caller's vector).
std::vector<std::size_t> query_indexes(GEOSSTRtree& tree, const GEOSGeometry& geometry);

// Builds the tree now (GEOS builds lazily on the first query), so that later concurrent queries
// only read it.
void build_now(GEOSSTRtree& tree);

struct Envelope {
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
};
Envelope envelope_of(const GEOSGeometry& geometry);
// The smallest envelope holding both.
Envelope merged(const Envelope& a, const Envelope& b);

// Every ring (exterior and holes) of every polygon in `geometry` as (x, y) vertices, the
// closing vertex dropped; nothing for other geometry types.
std::vector<std::vector<std::pair<double, double>>> rings_of(const GEOSGeometry& geometry);

} // namespace geo
