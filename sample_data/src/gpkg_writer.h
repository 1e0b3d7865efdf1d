#pragma once
// Writes the sample county's layers into a new GeoPackage through GDAL, in transactions.
#include <string>
#include <vector>

#include "geo/gdal_ptr.h"
#include "geo/geos.h"

namespace sample {

using geo::FeaturePtr;

struct FieldSpec {
    const char* name;
    OGRFieldType type;
};

class GpkgWriter {
public:
    // Creates `path`, replacing any file there. Throws geo::Error if GDAL cannot.
    GpkgWriter(const std::string& path, const OGRSpatialReference& srs);

    // Creates a layer and starts a transaction on the dataset.
    OGRLayer& begin_layer(const char* name, OGRwkbGeometryType type, const std::vector<FieldSpec>& fields,
                          const char* description);
    // A new, empty feature for `layer`, to be filled and passed to add().
    FeaturePtr new_feature(OGRLayer& layer) const;
    // Sets the geometry from GEOS and writes the feature. Commits every few thousand rows.
    void add(OGRLayer& layer, FeaturePtr feature, const GEOSGeometry& geometry);
    void add(OGRLayer& layer, FeaturePtr feature, OGRGeometry* geometry); // takes ownership
    void end_layer();

private:
    void write(OGRLayer& layer, OGRFeature& feature);

    std::string path_;
    geo::DatasetPtr dataset_;
    OGRSpatialReference srs_;
    long pending_ = 0;
};

} // namespace sample
