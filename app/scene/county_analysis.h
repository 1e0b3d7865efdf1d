#pragma once
// What the viewer prepares once the county is on screen, in the background: the attributes not
// read yet (LoadOptions::attributes_later), each layer's spatial index (picking, queries), the
// 三区三线 overlays (a parcel's overlaps in identify) and the target ledger (when a targets.toml
// lies beside the data). No Qt, no OSG.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "county_loader.h"
#include "geo/compliance.h"
#include "geo/ledger.h"
#include "geo/overlay_layer.h"
#include "geo/targets.h"

namespace scene {

struct CountyAnalysis {
    // Each layer's complete table, in LoadedCounty::layers' order (sharing their geometries).
    std::vector<std::shared_ptr<const geo::FeatureTable>> tables;
    // Queried as worker 0 on the GUI thread (identify, review) and as workers 1 ..
    // kBackgroundWorkers by a background pass (the review queue's conflicts).
    static constexpr int kBackgroundWorkers = 2;
    std::unique_ptr<geo::OverlayLayer> farmland, redline, ucb;
    std::optional<geo::Overlays> overlays; // when all three layers are there
    std::optional<geo::TargetsFile> targets;
    std::unique_ptr<geo::Ledger> ledger;
};

// Throws geo::Error on bad targets or overlay data; returns null when `cancel` was set.
std::unique_ptr<CountyAnalysis> analyse_county(const LoadedCounty& county,
                                               const std::function<void(double)>& progress = {},
                                               const std::atomic<bool>* cancel = nullptr);

} // namespace scene
