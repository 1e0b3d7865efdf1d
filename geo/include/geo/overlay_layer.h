#pragma once
// One side of an overlay: a polygon layer (farmland, red line, urban boundary) read into the
// working CRS, made valid, grouped where patches overlap (so shared ground is never counted
// twice: a parcel's overlaps within one group are unioned when measured), cut into pieces of at
// most a few hundred vertices (as PostGIS ST_Subdivide does: the red line has
// thousands of vertices per polygon) and indexed with a GEOS STRtree. Queried concurrently:
// each worker thread passes its own index and gets its own prepared geometries.
#include <cstdint>
#include <string>
#include <vector>

#include "geo/gdal_ptr.h"
#include "geo/geos.h"

namespace geo {

class VectorSource;

class OverlayLayer {
public:
    // Reads `layer` of `source` (CRS `layer_srs`) into `working`. `threads` is how many
    // workers will query it. Throws geo::Error on read errors or a non-polygon layer.
    OverlayLayer(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference& layer_srs,
                 const OGRSpatialReference& working, int threads);
    // From geometries already in the working CRS (e.g. a FeatureTable's); invalid ones are
    // repaired and counted as when reading.
    OverlayLayer(std::string name, const std::vector<const GEOSGeometry*>& polygons, int threads);
    ~OverlayLayer();
    OverlayLayer(const OverlayLayer&) = delete;
    OverlayLayer& operator=(const OverlayLayer&) = delete;

    // Area of `parcel` (valid, polygonal, in the working CRS, with area `parcel_area`) that
    // lies on this layer. When `pieces` is given, the overlap geometries are appended to it.
    // Safe to call from several threads with distinct `worker` indexes.
    double overlap_area(const GEOSGeometry& parcel, double parcel_area, int worker,
                        std::vector<GeomPtr>* pieces = nullptr) const;

    std::int64_t feature_count() const { return features_; }
    std::int64_t repaired_count() const { return repaired_; }
    std::size_t piece_count() const { return pieces_.size(); }
    const std::string& name() const { return name_; }

private:
    void build(std::vector<GeomPtr> polygons, int threads);
    const GEOSPreparedGeometry& prepared(std::size_t piece, int worker) const;

    std::string name_;
    std::int64_t features_ = 0;
    std::int64_t repaired_ = 0;
    std::vector<GeomPtr> pieces_;
    std::vector<std::uint32_t> piece_group_; // pieces of one overlap group may overlap each other
    StrTreePtr tree_;
    std::vector<std::size_t> piece_ids_;                     // stable storage the tree's items point into
    mutable std::vector<std::vector<PreparedPtr>> prepared_; // [worker][piece], built lazily
};

} // namespace geo
