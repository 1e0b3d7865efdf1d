#pragma once
// Everything a Ledger needs, read from a county dataset: the layers its targets name (as
// FeatureTables in the working CRS) and the three overlays that flag conflicting parcels.
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

// Throws geo::Error for unreadable data or a targets file that does not fit it.
std::unique_ptr<LedgerData> load_ledger(const std::string& county_path, const TargetsFile& targets);

// The overlay of a loaded polygon table (its geometries are borrowed for the union), queried
// by `workers` threads (worker indexes 0 .. workers - 1).
std::unique_ptr<OverlayLayer> overlay_from(const FeatureTable& table, int workers = 1);

} // namespace geo
