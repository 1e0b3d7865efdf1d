#pragma once
// Ellipsoidal (geodesic) area with PROJ: each ring is taken back to longitude/latitude on the
// CRS's own ellipsoid (CGCS2000's for Chinese data) and measured with PROJ's geodesic
// polygon area, the method the national land survey uses for its statistics.
#include <memory>

#include <proj.h>

#include "geo/geos.h"

class OGRSpatialReference;

namespace geo {

struct ProjContextDeleter {
    void operator()(PJ_CONTEXT* context) const { proj_context_destroy(context); }
};
struct ProjDeleter {
    void operator()(PJ* pj) const { proj_destroy(pj); }
};
using ProjContextPtr = std::unique_ptr<PJ_CONTEXT, ProjContextDeleter>;
using ProjPtr = std::unique_ptr<PJ, ProjDeleter>;

// Not thread-safe: make one per thread (it owns its own PROJ context).
class GeodesicArea {
public:
    // `planar_crs` is the CRS the geometries are in. Throws geo::Error if PROJ cannot
    // relate it to its geographic CRS.
    explicit GeodesicArea(const OGRSpatialReference& planar_crs);

    // Area in m² on the ellipsoid of a (Multi)Polygon; 0 for other types.
    double of(const GEOSGeometry& geometry) const;

    double semi_major_axis() const { return a_; }
    double inverse_flattening() const { return inverse_flattening_; }

private:
    double ring_area(const GEOSGeometry& ring) const;

    ProjContextPtr context_;
    ProjPtr to_lonlat_;
    double a_ = 0;
    double inverse_flattening_ = 0;
};

} // namespace geo
