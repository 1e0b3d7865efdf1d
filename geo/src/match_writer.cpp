#include "geo/match_writer.h"

#include <ogr_geometry.h>

namespace geo {

MatchWriter::MatchWriter(const std::string& path, const OGRSpatialReference& working) : working_(working)
{
    std::string extension;
    const char* driver = driver_for_output(path, extension);
    csv_ = std::string(driver) == "CSV";
    target_.emplace(path, driver, extension);
}

void MatchWriter::add(std::vector<QueryMatch>& matches)
{
    for (auto& match : matches) {
        if (layer_ == nullptr)
            create_layer(*match.feature->GetDefnRef());
        FeaturePtr out(new OGRFeature(layer_->GetLayerDefn()));
        out->SetFrom(match.feature.get(), TRUE);
        if (match.source < source_names_.size())
            out->SetField(county_field_.c_str(), source_names_[match.source].c_str());
        // One type per layer: a repaired polygon may have become several.
        if (OGRGeometry* g = out->GetGeometryRef(); g != nullptr && multi_polygons_)
            out->SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(out->StealGeometry()));
        else if (g != nullptr && multi_lines_)
            out->SetGeometryDirectly(OGRGeometryFactory::forceToMultiLineString(out->StealGeometry()));
        target_->write(*layer_, *out);
    }
}

void MatchWriter::finish(const OGRFeatureDefn* schema)
{
    if (layer_ == nullptr && schema != nullptr)
        create_layer(*schema);
    target_->finish();
}

void MatchWriter::create_layer(const OGRFeatureDefn& schema)
{
    const char* csv_options[] = {"GEOMETRY=AS_WKT", nullptr};
    // The subject layer's geometry type (as multi-geometries, which every repaired shape fits),
    // not "Unknown", so GIS software knows what the layer holds.
    const OGRwkbGeometryType type = wkbFlatten(schema.GetGeomType());
    multi_polygons_ = type == wkbPolygon || type == wkbMultiPolygon;
    multi_lines_ = type == wkbLineString || type == wkbMultiLineString;
    const OGRwkbGeometryType written = multi_polygons_ ? wkbMultiPolygon : multi_lines_ ? wkbMultiLineString : type;
    layer_ = &target_->create_layer("matches", &working_, written, csv_ ? csv_options : nullptr);
    if (!source_names_.empty()) {
        // The subject's own `county`, if it has one, is kept as it is.
        county_field_ = schema.GetFieldIndex("county") < 0 ? "county" : "source_county";
        OGRFieldDefn county(county_field_.c_str(), OFTString);
        layer_->CreateField(&county);
    }
    for (int i = 0; i < schema.GetFieldCount(); ++i) {
        OGRFieldDefn field(schema.GetFieldDefn(i));
        layer_->CreateField(&field);
    }
}

} // namespace geo
