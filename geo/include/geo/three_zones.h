#pragma once
// The three zones (三区: 农业空间 agricultural, 生态空间 ecological, 城镇空间 urban space) as
// overlays of the check: how much of a parcel lies in each. A feature's zone is the one its
// text names (a zone field's value, whatever the field is called).
#include <array>
#include <memory>
#include <string_view>

#include "geo/overlay_layer.h"

namespace geo {

class VectorSource;

inline constexpr std::array<const char*, 3> kZoneNames = {"农业空间", "生态空间", "城镇空间"};
// The check's column stems: agri_space_m2, agri_space_mu, …
inline constexpr std::array<const char*, 3> kZoneColumns = {"agri_space", "eco_space", "urban_space"};

// The zone `text` names (0, 1, 2), or -1.
int zone_named_in(std::string_view text);

class ThreeZones {
public:
    // Reads `layer` (CRS `layer_srs`) into `working`. Throws geo::Error naming the file when no
    // feature names a zone.
    ThreeZones(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference& layer_srs,
               const OGRSpatialReference& working, int threads);
    // m² of `parcel` (valid, in the working CRS) in each zone; see OverlayLayer::overlap_area.
    std::array<double, 3> areas(const GEOSGeometry& parcel, double parcel_area, int worker) const;

private:
    std::array<std::unique_ptr<OverlayLayer>, 3> zones_;
};

} // namespace geo
