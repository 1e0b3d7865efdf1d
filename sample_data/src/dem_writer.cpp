#include "dem_writer.h"

#include <cmath>
#include <filesystem>
#include <vector>

#include "geo/crs.h"
#include "geo/error.h"

namespace sample {
namespace {
constexpr double kMargin = 2000;       // m of grid around the county's envelope
constexpr double kNodataBeyond = 1500; // m outside the county
constexpr float kNodata = -9999.0F;
} // namespace

void write_dem(const std::string& path, const Landscape& land, const CountyPlan& plan)
{
    const geo::Envelope e = geo::envelope_of(*plan.county);
    const double min_x = std::floor((e.min_x - kMargin) / kDemResolution) * kDemResolution;
    const double max_y = std::ceil((e.max_y + kMargin) / kDemResolution) * kDemResolution;
    const int width = static_cast<int>(std::ceil((e.max_x + kMargin - min_x) / kDemResolution));
    const int height = static_cast<int>(std::ceil((max_y - (e.min_y - kMargin)) / kDemResolution));

    auto near_county = geo::checked(GEOSBuffer_r(geo::geos_context(), plan.county.get(), kNodataBeyond, 4), "buffer");
    auto near_prepared = prepare(*near_county);

    std::vector<float> cells(static_cast<size_t>(width) * static_cast<size_t>(height));
    for (int row = 0; row < height; ++row)
        for (int col = 0; col < width; ++col) {
            const Point p{min_x + (col + 0.5) * kDemResolution, max_y - (row + 0.5) * kDemResolution};
            cells[static_cast<size_t>(row) * width + col] =
                contains(*near_prepared, p) ? static_cast<float>(std::round(land.elevation(p) * 10) / 10) : kNodata;
        }

    std::error_code ec;
    std::filesystem::remove(path, ec);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    const char* options[] = {"COMPRESS=DEFLATE", "TILED=YES", "PREDICTOR=3", nullptr};
    geo::DatasetPtr dem(driver->Create(path.c_str(), width, height, 1, GDT_Float32, const_cast<char**>(options)));
    if (!dem)
        throw geo::file_error(path, "cannot create GeoTIFF: " + geo::last_gdal_error("unknown reason"));
    double transform[6] = {min_x, kDemResolution, 0, max_y, 0, -kDemResolution};
    dem->SetGeoTransform(transform);
    auto srs = geo::srs_from_epsg(kWorkingEpsg);
    dem->SetSpatialRef(srs.get());
    GDALRasterBand* band = dem->GetRasterBand(1);
    band->SetNoDataValue(kNodata);
    band->SetDescription("elevation_m");
    if (band->RasterIO(GF_Write, 0, 0, width, height, cells.data(), width, height, GDT_Float32, 0, 0) != CE_None)
        throw geo::file_error(path, "cannot write elevations: " + geo::last_gdal_error("disk full?"));
}

} // namespace sample
