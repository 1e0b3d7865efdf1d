#pragma once
// Streams a layer's features with their geometry in a target CRS, as GEOS geometries.
// One feature is held at a time, so a million-feature layer reads in constant memory.
#include <cstdint>
#include <optional>
#include <string>

#include "geo/gdal_ptr.h"
#include "geo/geos.h"
#include "geo/vector_source.h"

namespace geo {

struct LayerFeature {
    FeaturePtr attributes; // the OGR feature (its geometry already moved out)
    GeomPtr geometry;      // in the target CRS; null when the feature has no geometry
};

class LayerReader {
public:
    // `target` may be null to keep the layer's CRS. `layer_srs` is the layer's CRS (from
    // layer_crs). `where` is an OGR SQL attribute filter; a bad one throws geo::Error.
    LayerReader(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference& layer_srs,
                const OGRSpatialReference* target, const std::string& where = {});
    ~LayerReader();
    LayerReader(const LayerReader&) = delete;
    LayerReader& operator=(const LayerReader&) = delete;

    // The next feature, or nullopt at the end. Throws geo::Error naming the file and layer
    // when GDAL reports a read error (a truncated or corrupt file), or a geometry cannot be
    // transformed.
    std::optional<LayerFeature> next();
    // The next feature as GDAL read it, its geometry transformed to the target CRS but not yet
    // converted (for callers converting on other threads); null at the end. Throws as next().
    FeaturePtr next_in_target_crs();

    // The feature `fid` (GDAL's GetFeature, apart from the reading order), its geometry in the
    // target CRS; null when the layer has no such feature. Throws as next().
    FeaturePtr feature_in_target_crs(std::int64_t fid);

    std::int64_t features_read() const { return read_; }
    // Feature count GDAL reports (with the filter applied); -1 when unknown.
    std::int64_t expected_count() const { return expected_; }

private:
    [[noreturn]] void fail(const std::string& problem) const;
    void to_target_crs(OGRFeature& feature) const;

    const VectorSource& source_;
    OGRLayer& layer_;
    TransformPtr transform_;
    std::int64_t read_ = 0;
    std::int64_t expected_ = -1;
};

} // namespace geo
