#pragma once
// Writes the compliance check's per-parcel results, chosen by the output's extension:
// .csv (UTF-8, header, sorted by parcel_id), .geojson (parcels with their figures) or .gpkg
// (the per-parcel table with parcel geometry, plus a layer of the overlap pieces themselves).
// Everything goes to a temporary file renamed into place at the end, so a failed or cancelled
// run never leaves a half-written result over a good one.
#include <memory>
#include <string>
#include <vector>

#include "geo/compliance.h"
#include "geo/gdal_ptr.h"

namespace geo {

class CheckWriter {
public:
    virtual ~CheckWriter() = default;
    // Throws geo::Error for an unknown extension or a file GDAL cannot create.
    // With `with_zones`, each parcel's m² and mu in the three zones follow (agri_space_m2, …).
    static std::unique_ptr<CheckWriter> create(const std::string& path, const OGRSpatialReference& working,
                                               bool with_zones = false);

    // Whether the writer needs parcel and overlap geometries (CheckOptions::keep_geometry).
    virtual bool wants_geometry() const = 0;
    virtual void add(std::vector<ParcelCheck>& batch) = 0;
    // Completes the file and moves it into place.
    virtual void finish() = 0;
};

} // namespace geo
