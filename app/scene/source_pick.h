#pragma once
// Identify straight from the sources, for a county viewed as pictures (too large to hold: no
// feature is in memory). Each layer, topmost first, is asked through its spatial index
// (GeoPackage R-tree, PostGIS GiST) for what lies around the click; those few features are read
// into a table and picked as a meshed layer's would be.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "county_loader.h"
#include "style.h"

namespace scene {

struct PickedFeature {
    std::shared_ptr<const geo::FeatureTable> table; // the features read around the click
    std::size_t row = 0;                            // the one picked
};

// The topmost feature of `layers` (bottom first, styled by `styles`) under working-CRS (x, y):
// inside a filled area, within `tolerance` metres of a line, a point or an outline; nullopt when
// none. GUI thread or any one thread: GDAL's handles in `layers` are used. Throws geo::Error on
// read errors.
std::optional<PickedFeature> pick_from_sources(const LayersToShow& layers, const std::vector<LayerStyle>& styles,
                                               double x, double y, double tolerance);

// Feature `fid` of layers.layers[index], read with the features around it (its envelope, through
// the spatial index) as a table; nullopt when there is no such feature or it has no geometry.
// Throws geo::Error on read errors.
std::optional<PickedFeature> feature_from_source(const LayersToShow& layers, std::size_t index, std::int64_t fid);

// The rings (working CRS) of features `fids` of layers.layers[index], read by id: a selection's
// outlines. Features that are not there or have no area give none; stops where `cancel` is set.
// Throws geo::Error on read errors.
using Ring = std::vector<std::pair<double, double>>;
std::vector<Ring> outlines_from_source(const LayersToShow& layers, std::size_t index,
                                       const std::vector<std::int64_t>& fids, const std::atomic<bool>* cancel);

} // namespace scene
