#pragma once
// Everything a Ledger needs, read from a county dataset: the layers its targets name (as
// FeatureTables in the working CRS, holding the geometry of what the targets count; a parcel a
// plan adds is read again) and the three overlays that flag conflicting parcels.
#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "geo/ledger.h"
#include "geo/overlay_layer.h"

namespace geo {

struct LedgerData {
    std::map<std::string, Ledger::Layer> layers;
    std::unique_ptr<OverlayLayer> farmland, redline, ucb;
    std::optional<Overlays> overlays;
    std::unique_ptr<Ledger> ledger;
};

// Throws geo::Error for unreadable data or a targets file that does not fit it, and
// geo::Error("cancelled") once `cancel` is set.
std::unique_ptr<LedgerData> load_ledger(const std::string& county_path, const TargetsFile& targets,
                                        const std::atomic<bool>* cancel = nullptr);

// What load_ledger reads (the features of the layers the targets name and of the three
// overlays), GDAL's count, without reading them; and about what they take in memory as a ledger
// holds them: a target layer's feature its id, town, class and area (its geometry only if the
// targets count it), an overlay's its geometry, index and the union of those that overlap. 547 MB
// peak for 1M realistic parcels and 34,000 farmland patches (2.1 GB when every parcel's
// geometry and attributes were held), 247 MB for 300 parcels and 33,606 patches.
struct LedgerSize {
    std::size_t features = 0;
    std::size_t bytes = 0;
};
LedgerSize ledger_size(const std::string& county_path, const TargetsFile& targets);
inline constexpr std::size_t kLedgerBytesPerFeature = 400, kLedgerBytesPerOverlayFeature = 6000;

// The overlay of a loaded polygon table (its geometries are borrowed for the union), queried
// by `workers` threads (worker indexes 0 .. workers - 1).
std::unique_ptr<OverlayLayer> overlay_from(const FeatureTable& table, int workers = 1);

} // namespace geo
