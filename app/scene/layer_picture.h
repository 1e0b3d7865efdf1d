#pragma once
// A briefing's dense layers (a county's parcels, its farmland's tens of thousands of patches)
// drawn as pictures on the terrain: rasterised by GDAL from the source for the view being
// rendered, at the image's resolution, reading only what lies around that view (the source's
// spatial index). Read, repaired and meshed, 100,000 real parcels cost a briefing more than all
// the rest of it; their picture costs about their read. The viewer still meshes them: it picks,
// selects and hovers features, and a picture has none.
#include <atomic>
#include <optional>
#include <set>
#include <string>

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
    geo::Envelope area;          // working CRS
    int texels = 0;              // along its longer side
    double metres_per_pixel = 0; // on the ground at the image's centre; 0 when it shows sky
};
PictureFrame picture_frame(const CountyScene& scene, const RenderRequest& request);

// `layer` over `area` (working CRS) in its style, `texels` along the longer side: the fills,
// their outlines where features are large enough to show them, as FillRaster::to_group (no
// feature ids) under the group returned, as build_layer_mesh has them. With `values_seen`, the
// values of the style's field that the features drawn hold are added to it. Throws as
// rasterise_layer.
osg::ref_ptr<osg::Group> picture_of_layer(const LayerToShow& layer, const LayerStyle& style,
                                          const OGRSpatialReference& working, const geo::Envelope& area, int texels,
                                          double origin_x, double origin_y, const std::atomic<bool>* cancel = nullptr,
                                          std::set<std::string>* values_seen = nullptr);

// `loaded`'s picture over `frame` (picture_of_layer) in its style. A layer whose classes are
// pending (LoadedLayer::classes_pending) gets them from this picture (finished_style), or, when it
// cannot tell, from every feature (style_from_attributes with `settings`), the picture then drawn
// again in their colours: `loaded.style` is final after. Throws as rasterise_layer.
osg::ref_ptr<osg::Group> picture_of_loaded_layer(LoadedLayer& loaded, const geo::ProjectLayer* settings,
                                                 const OGRSpatialReference& working, const PictureFrame& frame,
                                                 double origin_x, double origin_y);

// The style of a layer whose classes were pending (LoadedLayer::classes_pending), from `sampled`
// and the values its picture over `area` met: one class per 用地用海 code met, as every feature
// would give, when the picture covered the layer's `extent` and met only codes; nullopt when
// only every feature can tell (then style_from_attributes, and the picture drawn again).
std::optional<LayerStyle> finished_style(const LayerStyle& sampled, const geo::Envelope& extent,
                                         const geo::Envelope& area, const std::set<std::string>& values_seen);

} // namespace scene
