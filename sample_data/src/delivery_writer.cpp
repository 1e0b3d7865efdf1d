#include "delivery_writer.h"

#include <filesystem>
#include <fstream>

#include <gdal_utils.h>

#include "geo/error.h"
#include "geo/gdal_ptr.h"

namespace sample {
namespace {

struct DeliveryLayer {
    const char* name; // the specification's table code
    const char* sql;  // over the sample GeoPackage
    const char* srs;  // empty: the sample's own (EPSG:4549)
};

// 三调 codes some planners still deliver in a 用地用海 field: 工业用地 is 0601 in the survey
// (and 1001 there means railway land), 商业服务业设施用地 05H1, 物流仓储用地 0508, one parcel
// in twenty.
constexpr const char* kParcelsSql = "SELECT parcel_id AS DKBH, "
                                    "CASE WHEN fid % 20 = 7 AND land_use_code = '1001' THEN '0601' "
                                    "WHEN fid % 20 = 7 AND land_use_code = '0901' THEN '05H1' "
                                    "WHEN fid % 20 = 7 AND land_use_code = '1101' THEN '0508' "
                                    "ELSE land_use_code END AS YDYHFLDM, "
                                    "land_use_name AS YDYHFLMC, town AS XZMC, status AS DKZT, supply_year AS GDNF, "
                                    "planned_far AS RJL, height_m AS JZGD, geom FROM parcels";

constexpr DeliveryLayer kLayers[] = {
    {"DK", kParcelsSql, ""},
    // 永久基本农田 in CGCS2000 3-degree zone 40 with the zone number before the easting.
    {"YJJBNT", "SELECT patch_id AS YJJBNTTBBH, town AS XZMC, area_mu AS MJ, quality_grade AS ZLDJ, geom FROM farmland",
     "EPSG:4528"},
    {"STBHHX", "SELECT name AS HXMC, function AS ZYGN, level AS HXJB, geom FROM eco_redline", ""},
    {"CZKFBJ", "SELECT name AS MC, town AS XZMC, kind AS LX, geom FROM urban_boundary", ""},
    {"XZQ", "SELECT name AS XZQMC, code AS XZQDM, kind AS LX, geom FROM towns", ""},
    {"XJXZQ", "SELECT name AS XZQMC, adcode AS XZQDM, area_km2 AS MJ, geom FROM county_boundary", ""},
    // The specification names no table for the three zones: a Chinese name, as deliveries do.
    {"三区", "SELECT zone AS KJLX, area_km2 AS MJ, geom FROM three_zones", ""},
};

// What GDAL wrote to say the text is GBK goes: no .cpg, code page byte 0 in the DBF header.
void forget_encoding(const std::filesystem::path& shp)
{
    std::filesystem::path cpg = shp;
    std::filesystem::remove(cpg.replace_extension(".cpg"));
    std::filesystem::path dbf = shp;
    std::fstream file(dbf.replace_extension(".dbf"), std::ios::in | std::ios::out | std::ios::binary);
    constexpr std::streamoff kLanguageDriverByte = 29;
    file.seekp(kLanguageDriverByte);
    file.put('\0');
    if (!file)
        throw geo::file_error(dbf.string(), "cannot clear the DBF code page byte");
}

} // namespace

void write_delivery(const std::string& county_gpkg, const std::string& out_dir)
{
    geo::ensure_gdal_registered();
    const geo::DatasetPtr county(
        GDALDataset::Open(county_gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!county)
        throw geo::file_error(county_gpkg, "cannot open the sample county: " + geo::last_gdal_error("GDAL refused"));
    for (const auto& layer : kLayers) {
        const std::filesystem::path shp = std::filesystem::path(out_dir) / (std::string(layer.name) + ".shp");
        std::vector<const char*> argv = {"-f",       "ESRI Shapefile", "-lco",    "ENCODING=CP936", "-nln",
                                         layer.name, "-sql",           layer.sql, "-overwrite"};
        if (*layer.srs) {
            argv.push_back("-t_srs");
            argv.push_back(layer.srs);
        }
        argv.push_back(nullptr);
        GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(const_cast<char**>(argv.data()), nullptr);
        GDALDatasetH source = GDALDataset::ToHandle(county.get());
        CPLErrorReset();
        geo::DatasetPtr written(
            GDALDataset::FromHandle(GDALVectorTranslate(shp.string().c_str(), nullptr, 1, &source, options, nullptr)));
        GDALVectorTranslateOptionsFree(options);
        if (!written)
            throw geo::file_error(shp.string(), "cannot write: " + geo::last_gdal_error("GDAL refused"));
        written.reset(); // closes the files before their headers are edited
        forget_encoding(shp);
    }
}

} // namespace sample
