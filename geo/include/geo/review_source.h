#pragma once
// A review worked from the county's source rather than from the viewer's memory (a county viewed
// as pictures, too large to mesh): the parcels' ids, towns and classes for the queue, one
// parcel's figures by the check's rules when it is shown or decided, and every parcel's conflict
// for "conflicts first", streamed as the check streams them (inside PostGIS when the county is
// there).
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "geo/compliance.h"
#include "geo/feature_table.h"

namespace geo {

// The layer playing the parcels in `county`: its parcel id, town and land-use fields, no
// geometry (about 100 bytes a parcel). Throws geo::Error naming the county when it has no
// parcel layer, or "cancelled" once `cancel` is set.
FeatureTable load_review_parcels(const std::string& county, const std::atomic<bool>* cancel = nullptr);

// A county reviewed from its source, and the check's working CRS for it, chosen once (from
// PostGIS the parcels' extent alone takes most of a second). Throws as run_check.
struct SourceReview {
    std::string county;
    std::string working_crs; // "EPSG:4528"
    std::string fid_column;  // the parcels' FID column (a GeoPackage's, a PostGIS key); empty: none
};
SourceReview source_review(const std::string& county);

// Parcel `parcel_id`'s geometry in the review's working CRS, made valid; null when the county has
// no such parcel. Throws geo::Error naming the county when it has no parcel id field.
GeomPtr source_parcel_geometry(const SourceReview& review, const std::string& parcel_id);

// The figures of parcel `fid` of the county's parcel layer now, reading only the overlay features
// near it (milliseconds in a county of a million parcels). Throws geo::Error naming the county
// when there is no such parcel, or no farmland, red line or boundary layer.
ParcelCheck check_source_parcel(const SourceReview& review, std::int64_t fid);

// Every parcel of the county checked, in batches (fid and conflict filled), as `planview check`
// does, here: in PostGIS a million parcels took 315 s on this project's two cores where GDAL
// streaming them from the same server to this engine took 16 s. Throws as run_check,
// geo::Cancelled once `cancel` is set.
void check_every_parcel(const SourceReview& review, const std::function<void(std::vector<ParcelCheck>&)>& on_batch,
                        const std::atomic<bool>* cancel = nullptr);

} // namespace geo
