#include "geo/dem.h"

#include <cmath>
#include <filesystem>

#include "geo/error.h"

namespace geo {

Dem Dem::open(const std::string& path)
{
    ensure_gdal_registered();
    std::error_code ec;
    const bool virtual_file = path.rfind("/vsi", 0) == 0; // GDAL's (a city's DEM mosaic in memory)
    if (!virtual_file && !std::filesystem::exists(path, ec))
        throw file_error(path, "no such file or directory");
    CPLErrorReset();
    DatasetPtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!dataset)
        throw file_error(path, "not a raster GDAL can read (" + last_gdal_error("unrecognised or damaged") + ")");
    if (dataset->GetRasterCount() < 1)
        throw file_error(path, "the raster has no band");
    Dem dem;
    dem.path_ = path;
    if (dataset->GetGeoTransform(dem.geotransform_) != CE_None)
        throw file_error(path, "the raster has no geotransform (no georeferencing)");
    const OGRSpatialReference* srs = dataset->GetSpatialRef();
    if (srs == nullptr || srs->IsEmpty())
        throw file_error(path, "the raster has no CRS; assign one with gdal_edit.py -a_srs EPSG:4549");
    dem.crs_.reset(srs->Clone());
    dem.crs_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    dem.width_ = dataset->GetRasterXSize();
    dem.height_ = dataset->GetRasterYSize();
    int has_nodata = 0;
    const double nodata = dataset->GetRasterBand(1)->GetNoDataValue(&has_nodata);
    if (has_nodata)
        dem.nodata_ = nodata;
    dem.dataset_ = std::move(dataset);
    return dem;
}

std::optional<double> Dem::cell(int col, int row) const
{
    if (col < 0 || row < 0 || col >= width_ || row >= height_)
        return std::nullopt;
    double value = 0;
    CPLErrorReset();
    if (dataset_->GetRasterBand(1)->RasterIO(GF_Read, col, row, 1, 1, &value, 1, 1, GDT_Float64, 0, 0) != CE_None)
        throw file_error(path_, "read error: " + last_gdal_error("damaged raster"));
    if ((nodata_ && value == *nodata_) || std::isnan(value))
        return std::nullopt;
    return value;
}

std::optional<double> Dem::elevation_at(double x, double y) const
{
    // Invert the (north-up) geotransform; cell centres sit at half-pixel offsets.
    const double col = (x - geotransform_[0]) / geotransform_[1] - 0.5;
    const double row = (y - geotransform_[3]) / geotransform_[5] - 0.5;
    const int c0 = static_cast<int>(std::floor(col));
    const int r0 = static_cast<int>(std::floor(row));
    const double fx = col - c0, fy = row - r0;
    double sum = 0, weight = 0;
    for (int dr = 0; dr <= 1; ++dr)
        for (int dc = 0; dc <= 1; ++dc) {
            const double w = (dc ? fx : 1 - fx) * (dr ? fy : 1 - fy);
            if (w <= 0)
                continue;
            const auto v = cell(c0 + dc, r0 + dr);
            if (!v)
                continue;
            sum += w * *v;
            weight += w;
        }
    if (weight <= 0) {
        // Edge of the grid: fall back to the nearest cell.
        return cell(static_cast<int>(std::lround(col)), static_cast<int>(std::lround(row)));
    }
    return sum / weight;
}

Dem::Range Dem::range() const
{
    double minmax[2] = {0, 0};
    CPLErrorReset();
    if (dataset_->GetRasterBand(1)->ComputeRasterMinMax(FALSE, minmax) != CE_None)
        throw file_error(path_, "no valid elevation (" + last_gdal_error("every cell is nodata") + ")");
    return {minmax[0], minmax[1]};
}

} // namespace geo
