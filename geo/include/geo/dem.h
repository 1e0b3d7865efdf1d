#pragma once
// A digital elevation model read from a single-band raster (GeoTIFF) through GDAL.
#include <optional>
#include <string>

#include "geo/gdal_ptr.h"

namespace geo {

class Dem {
public:
    // Throws geo::Error("PATH: problem") when the file is missing, not a raster, or has no
    // CRS or geotransform.
    static Dem open(const std::string& path);

    int width() const { return width_; }
    int height() const { return height_; }
    const OGRSpatialReference& crs() const { return *crs_; }
    // GDAL geotransform: x = g[0] + col*g[1] + row*g[2]; y = g[3] + col*g[4] + row*g[5].
    const double* geotransform() const { return geotransform_; }
    double resolution_x() const { return geotransform_[1]; }
    double resolution_y() const { return -geotransform_[5]; }
    std::optional<double> nodata() const { return nodata_; }
    const std::string& path() const { return path_; }
    GDALDataset& dataset() const { return *dataset_; }

    // Bilinear elevation at (x, y) in the DEM's CRS; nullopt outside the grid or on nodata.
    std::optional<double> elevation_at(double x, double y) const;

    struct Range {
        double min = 0, max = 0;
    };
    // Exact minimum and maximum over valid cells. Throws when every cell is nodata.
    Range range() const;

private:
    std::optional<double> cell(int col, int row) const;

    std::string path_;
    DatasetPtr dataset_;
    SrsPtr crs_;
    double geotransform_[6] = {};
    int width_ = 0, height_ = 0;
    std::optional<double> nodata_;
};

} // namespace geo
