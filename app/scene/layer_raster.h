#pragma once
// A vector layer rasterised by GDAL straight from its source: no conversion to GEOS, no repair,
// no triangles. The county's first picture (county_preview.h) draws every layer so while the
// county loads; a briefing draws its dense layers so (layer_picture.h).
#include <atomic>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "county_loader.h"
#include "terrain_fill.h"

namespace scene {

struct RasteriseRule {
    // The fill of a feature whose style field reads `value`.
    std::function<Rgba(const std::string& value)> fill;
    // Thin outlines are burnt only around features at least this many texels across (a parcel's
    // hairline would darken a county of small parcels to its outline colour); 0: never. Bold
    // outlines (the red line's, a renewal zone's) always are.
    double thin_outlines_from_texels = 0;
    // Working CRS: only the features crossing it, found through the source's spatial index.
    std::optional<geo::Envelope> within;
    // Called after each batch is burnt, on the calling thread: the raster as drawn so far can be
    // shown while the rest is read.
    std::function<void()> after_batch;
    // When given, the style field's values of the areas filled are added to it.
    std::set<std::string>* values_seen = nullptr;
};

// `layer` into `raster`: areas filled, outlines as the rule says (all of them for a layer drawn
// without fill), lines along their length; points are too small to show. Throws geo::Error for
// unreadable input and geo::Error("cancelled") when `cancel` is set.
void rasterise_layer(const LayerToShow& layer, const LayerStyle& style, const OGRSpatialReference& working,
                     FillRaster& raster, const RasteriseRule& rule, const std::atomic<bool>* cancel);

// The colour `style` gives `value`; for a class its sample did not meet, a 用地用海 code's
// national colour, as the style of the whole layer will give it.
Rgba class_color(const LayerStyle& style, const std::string& value);

// The layer's extent in the working CRS; nullopt when GDAL knows none.
std::optional<geo::Envelope> extent_in_working(const LayerToShow& layer, const OGRSpatialReference& working);

} // namespace scene
