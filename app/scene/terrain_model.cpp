#include "terrain_model.h"

#include <algorithm>
#include <cmath>

#include <gdalwarper.h>

#include "geo/crs.h"
#include "geo/dem.h"
#include "geo/error.h"

namespace scene {

TerrainModel TerrainModel::from_dem(const std::string& dem_path, const OGRSpatialReference& working, int max_cells)
{
    geo::Dem dem = geo::Dem::open(dem_path);
    GDALDataset* source = &dem.dataset();
    geo::DatasetPtr warped;
    if (!geo::same_crs(dem.crs(), working)) {
        char* wkt = nullptr;
        working.exportToWkt(&wkt);
        warped.reset(GDALDataset::FromHandle(
            GDALAutoCreateWarpedVRT(GDALDataset::ToHandle(source), nullptr, wkt, GRA_Bilinear, 0.125, nullptr)));
        CPLFree(wkt);
        if (!warped)
            throw geo::file_error(dem_path, "cannot warp the DEM into the working CRS: " + geo::last_gdal_error(""));
        source = warped.get();
    }
    double g[6];
    source->GetGeoTransform(g);
    const int width = source->GetRasterXSize(), height = source->GetRasterYSize();
    const double scale = std::max(1.0, static_cast<double>(std::max(width, height)) / max_cells);
    TerrainModel t;
    t.cols_ = std::max(2, static_cast<int>(std::lround(width / scale)));
    t.rows_ = std::max(2, static_cast<int>(std::lround(height / scale)));
    t.cell_x_ = g[1] * width / t.cols_;
    t.cell_y_ = -g[5] * height / t.rows_;
    t.min_x_ = g[0];
    t.min_y_ = g[3] + g[5] * height;

    std::vector<float> north_up(static_cast<std::size_t>(t.cols_) * t.rows_);
    GDALRasterIOExtraArg extra;
    INIT_RASTERIO_EXTRA_ARG(extra);
    extra.eResampleAlg = GRIORA_Bilinear;
    GDALRasterBand* band = source->GetRasterBand(1);
    if (band->RasterIO(GF_Read, 0, 0, width, height, north_up.data(), t.cols_, t.rows_, GDT_Float32, 0, 0, &extra) !=
        CE_None)
        throw geo::file_error(dem_path, "cannot read elevations: " + geo::last_gdal_error("damaged raster"));
    int has_nodata = 0;
    const double nodata = band->GetNoDataValue(&has_nodata);

    t.z_.resize(north_up.size());
    t.valid_.resize(north_up.size());
    t.min_z_ = std::numeric_limits<float>::max();
    t.max_z_ = std::numeric_limits<float>::lowest();
    for (int r = 0; r < t.rows_; ++r)
        for (int c = 0; c < t.cols_; ++c) {
            const float v = north_up[static_cast<std::size_t>(t.rows_ - 1 - r) * t.cols_ + c];
            const bool ok = std::isfinite(v) && !(has_nodata && std::fabs(v - nodata) < 1e-3) && v > -1000;
            t.z_[static_cast<std::size_t>(r) * t.cols_ + c] = v;
            t.valid_[static_cast<std::size_t>(r) * t.cols_ + c] = ok ? 1 : 0;
            if (ok) {
                t.min_z_ = std::min(t.min_z_, v);
                t.max_z_ = std::max(t.max_z_, v);
            }
        }
    if (t.min_z_ > t.max_z_)
        throw geo::file_error(dem_path, "the DEM has no valid elevation");
    for (std::size_t i = 0; i < t.z_.size(); ++i)
        if (!t.valid_[i])
            t.z_[i] = t.min_z_;
    return t;
}

TerrainModel TerrainModel::flat(const geo::Envelope& extent)
{
    // The grid's vertices stand at cell centres: two cells a side whose centres are the
    // extent's corners (plus a margin), so the plane covers all of the data, not its middle.
    const double margin = 0.05 * std::max({extent.max_x - extent.min_x, extent.max_y - extent.min_y, 1.0});
    TerrainModel t;
    t.cols_ = t.rows_ = 2;
    t.cell_x_ = extent.max_x - extent.min_x + 2 * margin;
    t.cell_y_ = extent.max_y - extent.min_y + 2 * margin;
    t.min_x_ = extent.min_x - margin - t.cell_x_ / 2;
    t.min_y_ = extent.min_y - margin - t.cell_y_ / 2;
    t.z_.assign(4, 0.0F);
    t.valid_.assign(4, 1);
    return t;
}

double TerrainModel::height_at(double px, double py) const
{
    const double fc = std::clamp((px - min_x_) / cell_x_ - 0.5, 0.0, cols_ - 1.0);
    const double fr = std::clamp((py - min_y_) / cell_y_ - 0.5, 0.0, rows_ - 1.0);
    const int c0 = std::min(static_cast<int>(fc), cols_ - 2), r0 = std::min(static_cast<int>(fr), rows_ - 2);
    const double u = fc - c0, v = fr - r0;
    return (1 - u) * (1 - v) * z(c0, r0) + u * (1 - v) * z(c0 + 1, r0) + (1 - u) * v * z(c0, r0 + 1) +
           u * v * z(c0 + 1, r0 + 1);
}

double TerrainModel::mesh_height_at(double u, double v) const
{
    u = std::clamp(u, 0.0, cols_ - 1.0);
    v = std::clamp(v, 0.0, rows_ - 1.0);
    const int c = std::min(static_cast<int>(u), cols_ - 2), r = std::min(static_cast<int>(v), rows_ - 2);
    const double du = u - c, dv = v - r;
    const double z00 = z(c, r), z10 = z(c + 1, r), z01 = z(c, r + 1), z11 = z(c + 1, r + 1);
    if (du >= dv) // the triangle (c, r), (c + 1, r), (c + 1, r + 1)
        return z00 + du * (z10 - z00) + dv * (z11 - z10);
    return z00 + du * (z11 - z01) + dv * (z01 - z00); // (c, r), (c + 1, r + 1), (c, r + 1)
}

} // namespace scene
