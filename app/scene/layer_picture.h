#pragma once
// A briefing's dense layers (a county's parcels, its farmland's tens of thousands of patches)
// drawn as pictures on the terrain: rasterised by GDAL from the source for the view being
// rendered, at the image's resolution, reading only what lies around that view (the source's
// spatial index). Read, repaired and meshed, 100,000 real parcels cost a briefing more than all
// the rest of it; their picture costs about their read. The viewer still meshes them: it picks,
// selects and hovers features, and a picture has none.
#include <atomic>

#include <osg/Group>

#include "county_loader.h"

namespace scene {

// Whether a briefing draws `layer` as a picture (unless it is labelled): areas, more than a
// thousand features.
bool is_dense_area_layer(const LayerToShow& layer);

// What a picture for an image (width ÷ height = `aspect`) of `view` covers, within the terrain:
// the view widened to the image's shape, and for an oblique view as much again around it (it
// sees beyond what it frames), for a map from above a margin of a tenth.
geo::Envelope picture_area(const geo::Envelope& view, bool map_2d, double aspect, const geo::Envelope& terrain);
// Texels along the longer side of `area`, the picture of `view` in an image of width × height:
// one and a half a pixel where the view is framed, 8,192 at most (256 MB of colours).
int picture_texels(const geo::Envelope& view, const geo::Envelope& area, int width, int height);

// `layer` over `area` (working CRS) in its style, `texels` along the longer side: the fills,
// their outlines where features are large enough to show them, as FillRaster::to_group (no
// feature ids) under the group returned, as build_layer_mesh has them. Throws as rasterise_layer.
osg::ref_ptr<osg::Group> picture_of_layer(const LayerToShow& layer, const LayerStyle& style,
                                          const OGRSpatialReference& working, const geo::Envelope& area, int texels,
                                          double origin_x, double origin_y, const std::atomic<bool>* cancel = nullptr);

} // namespace scene
