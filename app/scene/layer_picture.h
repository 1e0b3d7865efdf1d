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
#include "county_scene.h"
#include "offscreen.h"

namespace scene {

// Whether a briefing draws `layer` as a picture (unless it is labelled): areas, more than a
// thousand features.
bool is_dense_area_layer(const LayerToShow& layer);

// Where a picture for an image rendered by `request` lies and how fine it is: over the ground
// the camera sees (the rays through the image's edges met at the terrain's lowest height, a
// margin around, within the terrain), as fine as the image where its centre is (1.5 texels a
// pixel on a map from above; 1 in an oblique view, whose lower part is finer and upper part
// coarser than its centre), 8,192 texels at most (256 MB of colours).
struct PictureFrame {
    geo::Envelope area; // working CRS
    int texels = 0;     // along its longer side
};
PictureFrame picture_frame(const CountyScene& scene, const RenderRequest& request);

// `layer` over `area` (working CRS) in its style, `texels` along the longer side: the fills,
// their outlines where features are large enough to show them, as FillRaster::to_group (no
// feature ids) under the group returned, as build_layer_mesh has them. Throws as rasterise_layer.
osg::ref_ptr<osg::Group> picture_of_layer(const LayerToShow& layer, const LayerStyle& style,
                                          const OGRSpatialReference& working, const geo::Envelope& area, int texels,
                                          double origin_x, double origin_y, const std::atomic<bool>* cancel = nullptr);

} // namespace scene
