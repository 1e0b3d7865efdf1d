#pragma once
// Streams a layer's features with their geometry in a target CRS, as GEOS geometries.
// A few thousand features are held at a time, so a million-feature layer reads in constant
// memory. Where the CRS changes, a batch's geometries are transformed on other threads while
// GDAL reads the next (PROJ's exact Transverse Mercator costs ~0.25 µs a vertex, three times
// GDAL's read of a Shapefile: a county's 100,000 parcels in longitude/latitude, 1.4 s on one core).
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

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

    // How many threads transform (default: one per core; 1 keeps to the caller's).
    void set_transform_threads(int threads) { threads_ = threads < 1 ? 1 : threads; }

    // The feature `fid` (GDAL's GetFeature, apart from the reading order), its geometry in the
    // target CRS; null when the layer has no such feature. Throws as next().
    FeaturePtr feature_in_target_crs(std::int64_t fid);

    std::int64_t features_read() const { return read_; }
    // Feature count GDAL reports (with the filter applied); -1 when unknown.
    std::int64_t expected_count() const { return expected_; }

private:
    [[noreturn]] void fail(const std::string& problem) const;
    [[noreturn]] void cannot_transform(const OGRFeature& feature, const std::string& problem) const;
    // GDAL's next feature (null at the end), or null and why it could not be read, the
    // message counting `read_before` features.
    FeaturePtr read_one(std::string& problem, std::int64_t read_before);
    void to_target_crs(OGRFeature& feature) const;
    // Features whose geometries threads are transforming, each taking the next untaken.
    struct Transforming {
        std::vector<FeaturePtr> features;
        std::vector<std::string> errors; // per feature: why it was not transformed
        std::atomic<std::size_t> next{0};
        std::vector<std::thread> helpers;
        void work(OGRCoordinateTransformation& transform);
        void finish(OGRCoordinateTransformation& transform); // the caller's share, then the helpers'
    };
    // GDAL's next features, up to a batch; a read error ends them, kept in read_failure_.
    std::vector<FeaturePtr> read_batch();
    // Helpers (threads_ - 1) start on `features`.
    std::unique_ptr<Transforming> start_transforming(std::vector<FeaturePtr> features);
    // The transformed batch to hand out: the next one is read meanwhile and left transforming.
    void fill_batch();
    // Why `feature` cannot be transformed with `transform`, or empty when it was.
    static std::string transformed(OGRFeature& feature, OGRCoordinateTransformation& transform);

    const VectorSource& source_;
    OGRLayer& layer_;
    TransformPtr transform_;
    std::vector<TransformPtr> helper_transforms_; // clones: a transformation is not thread-safe
    int threads_;
    std::unique_ptr<Transforming> transforming_; // the batch after batch_
    std::vector<FeaturePtr> batch_;
    std::vector<std::string> batch_errors_; // per feature of batch_
    std::size_t next_in_batch_ = 0;
    std::optional<std::string> read_failure_; // met while reading ahead
    std::int64_t fetched_ = 0;                // from GDAL, read ahead included
    std::int64_t read_ = 0;
    std::int64_t expected_ = -1;
};

} // namespace geo
