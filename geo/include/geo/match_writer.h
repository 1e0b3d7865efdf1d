#pragma once
// Writes query matches (features with the subject layer's fields, geometry in the working
// CRS, or WGS 84 in GeoJSON per RFC 7946) to a .gpkg, .geojson, .csv (WKT geometry) or .shp,
// moved into place when complete. Matches from several sources (a city's counties) carry the
// name of theirs in a `county` field (`source_county` when the layer has its own `county`).
#include <optional>
#include <string>
#include <vector>

#include "geo/gdal_target.h"
#include "geo/query.h"

namespace geo {

class MatchWriter {
public:
    // Throws geo::Error for an unknown extension or a file that cannot be created.
    MatchWriter(const std::string& path, const OGRSpatialReference& working);
    // Names the sources of QueryMatch::source (0, 1, ...): written in the `county` field.
    void name_sources(std::vector<std::string> names) { source_names_ = std::move(names); }
    void add(std::vector<QueryMatch>& matches);
    // `schema` gives the fields when nothing matched, so the file is still valid.
    void finish(const OGRFeatureDefn* schema);

private:
    void create_layer(const OGRFeatureDefn& schema);

    const OGRSpatialReference& working_;
    std::optional<GdalTarget> target_;
    OGRLayer* layer_ = nullptr;
    std::vector<std::string> source_names_;
    std::string county_field_;
    bool csv_ = false;
    bool multi_polygons_ = false, multi_lines_ = false; // the layer's type: geometries promoted
};

} // namespace geo
