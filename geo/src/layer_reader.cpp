#include "geo/layer_reader.h"

#include "geo/crs.h"
#include "geo/error.h"

namespace geo {

LayerReader::LayerReader(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference& layer_srs,
                         const OGRSpatialReference* target, const std::string& where)
    : source_(source), layer_(layer)
{
    if (target != nullptr && !same_crs(layer_srs, *target))
        transform_ = make_transform(layer_srs, *target);
    CPLErrorReset();
    if (layer_.SetAttributeFilter(where.empty() ? nullptr : where.c_str()) != OGRERR_NONE)
        fail("bad --where filter '" + where + "': " + last_gdal_error("OGR SQL syntax error"));
    layer_.ResetReading();
    expected_ = layer_.GetFeatureCount(FALSE);
}

LayerReader::~LayerReader()
{
    layer_.SetAttributeFilter(nullptr);
    layer_.ResetReading();
}

void LayerReader::fail(const std::string& problem) const
{
    throw file_error(source_.path(), "layer '" + std::string(layer_.GetName()) + "': " + problem);
}

FeaturePtr LayerReader::next_in_target_crs()
{
    CPLErrorReset();
    FeaturePtr feature(layer_.GetNextFeature());
    if (CPLGetLastErrorType() >= CE_Failure)
        fail("read error after " + std::to_string(read_) + " features (" + last_gdal_error("damaged data") +
             "); the file may be truncated or corrupt");
    if (!feature)
        return nullptr;
    ++read_;
    to_target_crs(*feature);
    return feature;
}

FeaturePtr LayerReader::feature_in_target_crs(std::int64_t fid)
{
    CPLErrorReset();
    FeaturePtr feature(layer_.GetFeature(fid));
    if (CPLGetLastErrorType() >= CE_Failure)
        fail("read error at feature " + std::to_string(fid) + " (" + last_gdal_error("damaged data") +
             "); the file may be truncated or corrupt");
    if (feature)
        to_target_crs(*feature);
    return feature;
}

void LayerReader::to_target_crs(OGRFeature& feature) const
{
    OGRGeometry* geometry = feature.GetGeometryRef();
    if (transform_ && geometry != nullptr && !geometry->IsEmpty() &&
        geometry->transform(transform_.get()) != OGRERR_NONE)
        fail("feature " + std::to_string(feature.GetFID()) +
             " cannot be transformed to the working CRS: " + last_gdal_error("coordinates out of range"));
}

std::optional<LayerFeature> LayerReader::next()
{
    FeaturePtr feature = next_in_target_crs();
    if (!feature)
        return std::nullopt;
    LayerFeature result;
    OgrGeometryPtr geometry(feature->StealGeometry());
    if (geometry && !geometry->IsEmpty())
        result.geometry = to_geos(*geometry);
    result.attributes = std::move(feature);
    return result;
}

} // namespace geo
