#include "geo/match_writer.h"

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
    layer_ = &target_->create_layer("matches", &working_, wkbUnknown, csv_ ? csv_options : nullptr);
    for (int i = 0; i < schema.GetFieldCount(); ++i) {
        OGRFieldDefn field(schema.GetFieldDefn(i));
        layer_->CreateField(&field);
    }
}

} // namespace geo
