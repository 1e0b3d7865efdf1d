#include "gpkg_writer.h"

#include <filesystem>

#include "geo/error.h"

namespace sample {
namespace {
constexpr long kRowsPerTransaction = 50000;
}

GpkgWriter::GpkgWriter(const std::string& path, const OGRSpatialReference& srs) : path_(path), srs_(srs)
{
    geo::ensure_gdal_registered();
    std::error_code ec;
    std::filesystem::remove(path, ec);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (driver == nullptr)
        throw geo::Error("GDAL has no GPKG driver");
    CPLErrorReset();
    dataset_.reset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset_)
        throw geo::file_error(path, "cannot create GeoPackage: " + geo::last_gdal_error("unknown reason"));
}

OGRLayer& GpkgWriter::begin_layer(const char* name, OGRwkbGeometryType type, const std::vector<FieldSpec>& fields,
                                  const char* description)
{
    const std::string description_option = std::string("DESCRIPTION=") + description;
    const char* options[] = {"GEOMETRY_NAME=geom", "FID=fid", description_option.c_str(), nullptr};
    OGRLayer* layer = dataset_->CreateLayer(name, &srs_, type, const_cast<char**>(options));
    if (layer == nullptr)
        throw geo::file_error(path_, std::string("cannot create layer ") + name + ": " + geo::last_gdal_error(""));
    for (const auto& field : fields) {
        OGRFieldDefn definition(field.name, field.type);
        if (layer->CreateField(&definition) != OGRERR_NONE)
            throw geo::file_error(path_, std::string("cannot create field ") + field.name);
    }
    dataset_->StartTransaction();
    pending_ = 0;
    return *layer;
}

FeaturePtr GpkgWriter::new_feature(OGRLayer& layer) const
{
    return FeaturePtr(new OGRFeature(layer.GetLayerDefn()));
}

void GpkgWriter::add(OGRLayer& layer, FeaturePtr feature, const GEOSGeometry& geometry)
{
    OGRGeometry* ogr = OGRGeometryFactory::createFromGEOS(geo::geos_context(), const_cast<GEOSGeometry*>(&geometry));
    if (ogr == nullptr)
        throw geo::Error("cannot convert a GEOS geometry for " + std::string(layer.GetName()));
    add(layer, std::move(feature), ogr);
}

void GpkgWriter::add(OGRLayer& layer, FeaturePtr feature, OGRGeometry* geometry)
{
    geometry->assignSpatialReference(layer.GetSpatialRef());
    if (wkbFlatten(layer.GetGeomType()) == wkbMultiPolygon)
        geometry = OGRGeometryFactory::forceToMultiPolygon(geometry);
    feature->SetGeometryDirectly(geometry);
    write(layer, *feature);
}

void GpkgWriter::write(OGRLayer& layer, OGRFeature& feature)
{
    if (layer.CreateFeature(&feature) != OGRERR_NONE)
        throw geo::file_error(path_,
                              std::string("cannot write to ") + layer.GetName() + ": " + geo::last_gdal_error(""));
    if (++pending_ % kRowsPerTransaction == 0) {
        dataset_->CommitTransaction();
        dataset_->StartTransaction();
    }
}

void GpkgWriter::end_layer()
{
    if (dataset_->CommitTransaction() != OGRERR_NONE)
        throw geo::file_error(path_, "cannot commit: " + geo::last_gdal_error("disk full?"));
}

} // namespace sample
