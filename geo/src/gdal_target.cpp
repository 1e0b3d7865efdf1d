#include "geo/gdal_target.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "geo/error.h"

namespace geo {

GdalTarget::GdalTarget(const std::string& path, const char* driver_name, const std::string& extension)
    : final_path_(path), partial_path_(path.substr(0, path.size() - extension.size()) + ".partial" + extension)
{
    ensure_gdal_registered();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
    if (driver == nullptr)
        throw Error(std::string("GDAL has no ") + driver_name + " driver");
    std::error_code ec;
    std::filesystem::remove(partial_path_, ec);
    CPLErrorReset();
    dataset_.reset(driver->Create(partial_path_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset_)
        throw file_error(final_path_, "cannot create (" + last_gdal_error("permission denied?") + ")");
}

GdalTarget::~GdalTarget()
{
    if (dataset_) {
        dataset_.reset();
        std::error_code ec;
        std::filesystem::remove(partial_path_, ec);
        if (partial_path_.size() > 4 && partial_path_.ends_with(".shp"))
            for (const char* sidecar : {".shx", ".dbf", ".prj", ".cpg"})
                std::filesystem::remove(partial_path_.substr(0, partial_path_.size() - 4) + sidecar, ec);
    }
}

OGRLayer& GdalTarget::create_layer(const char* name, const OGRSpatialReference* srs, OGRwkbGeometryType type,
                                   const char* const* options)
{
    OGRLayer* layer = dataset_->CreateLayer(name, const_cast<OGRSpatialReference*>(srs), type,
                                            const_cast<char**>(options));
    if (layer == nullptr)
        throw file_error(final_path_, std::string("cannot create layer ") + name + ": " + last_gdal_error(""));
    return *layer;
}

void GdalTarget::write(OGRLayer& layer, OGRFeature& feature)
{
    if (layer.CreateFeature(&feature) != OGRERR_NONE)
        throw file_error(final_path_, "write failed: " + last_gdal_error("disk full?"));
}

void GdalTarget::finish()
{
    CPLErrorReset();
    dataset_.reset(); // closes and flushes
    if (CPLGetLastErrorType() >= CE_Failure)
        throw file_error(final_path_, "write failed: " + last_gdal_error("disk full?"));
    std::error_code ec;
    const bool shapefile = final_path_.size() > 4 && partial_path_.ends_with(".shp");
    if (shapefile) {
        const std::string from = partial_path_.substr(0, partial_path_.size() - 4);
        const std::string to = final_path_.substr(0, final_path_.size() - 4);
        for (const char* sidecar : {".shx", ".dbf", ".prj", ".cpg"})
            if (std::filesystem::exists(from + sidecar))
                std::filesystem::rename(from + sidecar, to + sidecar, ec);
    }
    std::filesystem::rename(partial_path_, final_path_, ec);
    if (ec)
        throw file_error(final_path_, "cannot move the result into place: " + ec.message());
}

const char* driver_for_output(const std::string& path, std::string& extension)
{
    auto ends_with = [&](const std::string& suffix) {
        return path.size() >= suffix.size() &&
               std::equal(suffix.rbegin(), suffix.rend(), path.rbegin(),
                          [](char a, char b) { return std::tolower(a) == std::tolower(b); });
    };
    struct Known {
        const char* extension;
        const char* driver;
    };
    static constexpr Known kKnown[] = {{".gpkg", "GPKG"}, {".geojson", "GeoJSON"}, {".json", "GeoJSON"},
                                       {".csv", "CSV"},   {".shp", "ESRI Shapefile"}};
    for (const auto& known : kKnown)
        if (ends_with(known.extension)) {
            extension = path.substr(path.size() - std::string(known.extension).size());
            return known.driver;
        }
    throw file_error(path, "unknown output type: use a .gpkg, .geojson, .csv or .shp file name");
}

} // namespace geo
