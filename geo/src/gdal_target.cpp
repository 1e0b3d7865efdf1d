#include "geo/gdal_target.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <vector>

#include <cpl_string.h>

#include "geo/error.h"

namespace geo {
namespace {

// A Shapefile's companion files, in the case of its .shp (GDAL names them so: OUT.SHP, OUT.DBF).
std::vector<std::string> shapefile_sidecars(const std::string& shp_path)
{
    const bool upper = shp_path.ends_with(".SHP");
    std::vector<std::string> sidecars;
    for (const char* ext : {".shx", ".dbf", ".prj", ".cpg"}) {
        std::string e(ext);
        if (upper)
            std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::toupper(c); });
        sidecars.push_back(shp_path.substr(0, shp_path.size() - 4) + e);
    }
    return sidecars;
}

// GDAL writes a Shapefile's files in lower case whatever the name's case (OUT.SHP becomes
// out.shp's siblings): the temporary file gets a lower-case extension, the final one the user's.
std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

bool is_shapefile(const std::string& path)
{
    return path.size() > 4 && (path.ends_with(".shp") || path.ends_with(".SHP"));
}

} // namespace

GdalTarget::GdalTarget(const std::string& path, const char* driver_name, const std::string& extension)
    : final_path_(path), driver_name_(driver_name)
{
    ensure_gdal_registered();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
    if (driver == nullptr)
        throw Error(std::string("GDAL has no ") + driver_name + " driver");
    staging_ = std::make_unique<StagingDir>(final_path_);
    partial_path_ = staging_->path_for("result" + lower(extension));
    CPLErrorReset();
    dataset_.reset(driver->Create(partial_path_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset_)
        throw file_error(final_path_, "cannot create (" + last_gdal_error("permission denied?") + ")");
}

GdalTarget::~GdalTarget()
{
    dataset_.reset(); // closed before its staging folder is removed with what is left in it
}

OGRLayer& GdalTarget::create_layer(const char* name, const OGRSpatialReference* srs, OGRwkbGeometryType type,
                                   const char* const* options)
{
    CPLStringList layer_options(CSLDuplicate(const_cast<char**>(options)), TRUE);
    if (driver_name_ == "GeoJSON")
        layer_options.SetNameValue("RFC7946", "YES");
    OGRLayer* layer = dataset_->CreateLayer(name, const_cast<OGRSpatialReference*>(srs), type, layer_options.List());
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
    if (is_shapefile(partial_path_)) {
        const auto from = shapefile_sidecars(partial_path_), to = shapefile_sidecars(final_path_);
        for (std::size_t i = 0; i < from.size(); ++i)
            if (std::filesystem::exists(from[i]))
                StagingDir::move_into_place(from[i], to[i]);
    }
    StagingDir::move_into_place(partial_path_, final_path_);
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
    static constexpr Known kKnown[] = {{".gpkg", "GPKG"}, {".geojson", "GeoJSON"},    {".json", "GeoJSON"},
                                       {".csv", "CSV"},   {".shp", "ESRI Shapefile"}, {".xlsx", "XLSX"}};
    for (const auto& known : kKnown)
        if (ends_with(known.extension)) {
            extension = path.substr(path.size() - std::string(known.extension).size());
            return known.driver;
        }
    throw file_error(path, "unknown output type: use a .gpkg, .geojson, .csv, .shp or .xlsx file name");
}

} // namespace geo
