#pragma once
// A GDAL dataset written under a temporary name and moved into place only when complete, so a
// failed or cancelled run never leaves a half-written file over a good one.
#include <memory>
#include <string>

#include "geo/gdal_ptr.h"
#include "geo/staging.h"

namespace geo {

class GdalTarget {
public:
    // Creates PATH's temporary sibling with `driver_name`; `extension` is PATH's (".gpkg").
    GdalTarget(const std::string& path, const char* driver_name, const std::string& extension);
    ~GdalTarget(); // removes the temporary file unless finish() succeeded
    GdalTarget(const GdalTarget&) = delete;
    GdalTarget& operator=(const GdalTarget&) = delete;

    GDALDataset& dataset() { return *dataset_; }
    const std::string& path() const { return final_path_; }
    // GeoJSON layers are written as RFC 7946 prescribes: WGS 84 longitude/latitude (GDAL
    // reprojects), whatever `srs` is; other formats keep `srs`.
    OGRLayer& create_layer(const char* name, const OGRSpatialReference* srs, OGRwkbGeometryType type,
                           const char* const* options = nullptr);
    void write(OGRLayer& layer, OGRFeature& feature);
    // Closes the dataset and renames it to PATH. Throws geo::Error on failure.
    void finish();

private:
    std::string final_path_;
    std::unique_ptr<StagingDir> staging_; // where the file is written until finish()
    std::string partial_path_;
    std::string driver_name_;
    DatasetPtr dataset_;
};

// The GDAL driver for an output file name (.gpkg, .geojson/.json, .csv, .shp), or throws
// geo::Error naming the file. `extension` receives the matched extension.
const char* driver_for_output(const std::string& path, std::string& extension);

} // namespace geo
