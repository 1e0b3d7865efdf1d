#include "geo/geodesic_area.h"

#include <cmath>
#include <vector>

#include <geodesic.h>
#include <ogr_spatialref.h>

#include "geo/error.h"

namespace geo {

GeodesicArea::GeodesicArea(const OGRSpatialReference& planar_crs) : context_(proj_context_create())
{
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    planar_crs.exportToWkt(&wkt, options);
    ProjPtr source(proj_create(context_.get(), wkt));
    CPLFree(wkt);
    if (!source)
        throw Error("PROJ cannot read the working CRS");
    ProjPtr geographic(proj_crs_get_geodetic_crs(context_.get(), source.get()));
    if (!geographic)
        throw Error("the working CRS has no geographic base CRS");
    ProjPtr ellipsoid(proj_get_ellipsoid(context_.get(), geographic.get()));
    int is_inverse_flattening_computed = 0;
    if (!ellipsoid || !proj_ellipsoid_get_parameters(context_.get(), ellipsoid.get(), &a_, nullptr,
                                                     &is_inverse_flattening_computed, &inverse_flattening_))
        throw Error("PROJ cannot give the ellipsoid of the working CRS");
    ProjPtr raw(proj_create_crs_to_crs_from_pj(context_.get(), source.get(), geographic.get(), nullptr, nullptr));
    if (!raw)
        throw Error("PROJ cannot transform the working CRS to longitude/latitude");
    to_lonlat_.reset(proj_normalize_for_visualization(context_.get(), raw.get()));
    if (!to_lonlat_)
        throw Error("PROJ cannot normalise the transformation to longitude/latitude order");
}

double GeodesicArea::ring_area(const GEOSGeometry& ring) const
{
    auto ctx = geos_context();
    const GEOSCoordSequence* sequence = GEOSGeom_getCoordSeq_r(ctx, &ring);
    unsigned int size = 0;
    GEOSCoordSeq_getSize_r(ctx, sequence, &size);
    if (size < 4)
        return 0;
    std::vector<double> x(size), y(size);
    GEOSCoordSeq_copyToArrays_r(ctx, sequence, x.data(), y.data(), nullptr, nullptr);
    proj_trans_generic(to_lonlat_.get(), PJ_FWD, x.data(), sizeof(double), size, y.data(), sizeof(double), size,
                       nullptr, 0, 0, nullptr, 0, 0);
    geod_geodesic geodesic;
    geod_init(&geodesic, a_, inverse_flattening_ == 0 ? 0 : 1.0 / inverse_flattening_);
    double area = 0;
    // The closing vertex repeats the first one; geod_polygonarea closes rings itself.
    geod_polygonarea(&geodesic, y.data(), x.data(), static_cast<int>(size - 1), &area, nullptr);
    return std::fabs(area);
}

double GeodesicArea::of(const GEOSGeometry& geometry) const
{
    auto ctx = geos_context();
    const int type = GEOSGeomTypeId_r(ctx, &geometry);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        double total = 0;
        for (int i = 0, n = GEOSGetNumGeometries_r(ctx, &geometry); i < n; ++i)
            total += of(*GEOSGetGeometryN_r(ctx, &geometry, i));
        return total;
    }
    if (type != GEOS_POLYGON || GEOSisEmpty_r(ctx, &geometry))
        return 0;
    double total = ring_area(*GEOSGetExteriorRing_r(ctx, &geometry));
    for (int i = 0, n = GEOSGetNumInteriorRings_r(ctx, &geometry); i < n; ++i)
        total -= ring_area(*GEOSGetInteriorRingN_r(ctx, &geometry, i));
    return total;
}

} // namespace geo
