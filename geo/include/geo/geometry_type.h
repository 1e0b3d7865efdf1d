#pragma once
// What kind of geometry an OGR type is, whatever its dimension (Z, M) or curves.
#include <ogr_core.h>

namespace geo {

// Areas: Polygon, MultiPolygon, CurvePolygon, MultiSurface (and their Z and M forms).
inline bool is_polygonal_type(OGRwkbGeometryType type)
{
    const OGRwkbGeometryType flat = wkbFlatten(type);
    return OGR_GT_IsSubClassOf(flat, wkbCurvePolygon) || OGR_GT_IsSubClassOf(flat, wkbMultiSurface);
}

} // namespace geo
