#pragma once
// The 3D scene of a county: the terrain and the vector layers draped on it, in draw order,
// with their styles, visibility, opacity, selection and hover highlight, and labels. OSG only
// (no Qt): the viewer widget, the snapshot command and the tests all render this.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ogr_core.h>
#include <osg/Geode>
#include <osg/Group>
#include <osg/Image>
#include <osg/MatrixTransform>
#include <osg/Switch>
#include <osg/Uniform>
#include <osg/observer_ptr>

#include "geo/geos.h"
#include "label_placer.h"
#include "layer_mesh.h"
#include "style.h"
#include "terrain_model.h"
#include "terrain_surface.h"

namespace geo {
class FeatureTable;
}

namespace scene {

// Node masks: the terrain is what picking intersects.
inline constexpr unsigned kTerrainMask = 0x1;
inline constexpr unsigned kOverlayMask = 0x2;

struct SceneLayer {
    std::string name;
    OGRwkbGeometryType geometry_type = wkbUnknown;
    // Null for a layer drawn as a picture (add_picture_layer): nothing in it to pick or select.
    std::shared_ptr<const geo::FeatureTable> table;
    LayerStyle style;
    MeshStats stats;
    osg::ref_ptr<osg::Switch> node;     // the mesh under a switch for visibility (labels follow it)
    osg::ref_ptr<osg::Image> selection; // one texel per feature: selected and highlighted bits
    osg::ref_ptr<osg::Uniform> opacity, hover;
    bool visible = true;
    osg::ref_ptr<osg::Node> draped;    // the draped mesh (first child of `node`)
    osg::ref_ptr<osg::Group> extruded; // blocks, when shown
};

// Rows of `layer` a click at working-CRS (x, y) hits: inside a filled polygon, within
// `tolerance` metres of a line, a point or an outline drawn without fill.
std::vector<std::size_t> rows_under(const SceneLayer& layer, double x, double y, double tolerance);

class CountyScene {
public:
    explicit CountyScene(TerrainModel terrain);

    osg::Group* root() const { return root_.get(); }
    const TerrainModel& terrain() const { return terrain_; }
    double origin_x() const { return origin_x_; }
    double origin_y() const { return origin_y_; }
    // The terrain's triangles without its shading: what fills drawn as a texture lie on.
    osg::Node* terrain_surface() const { return surface_.whole().get(); }

    // Adds a layer on top of the others. `mesh` comes from build_layer_mesh (possibly built on
    // another thread); call this on the rendering thread, between frames.
    SceneLayer& add_layer(std::shared_ptr<const geo::FeatureTable> table, const LayerStyle& style,
                          osg::ref_ptr<osg::Group> mesh, const MeshStats& stats);
    // Adds a layer drawn as a picture on the terrain (layer_picture.h: a briefing's parcels),
    // with no features: restyle() gives it the picture of another view.
    SceneLayer& add_picture_layer(const std::string& name, OGRwkbGeometryType geometry_type, const LayerStyle& style,
                                  osg::ref_ptr<osg::Group> picture);
    std::vector<std::unique_ptr<SceneLayer>>& layers() { return layers_; }
    // Adds fills on the terrain that belong to no layer (FillRaster::to_group without feature
    // ids: a county's first picture, county_preview.h), above what was added before. Never
    // picked or selected. On the rendering thread, between frames.
    // Returns its index for replace_backdrop.
    std::size_t add_backdrop(osg::ref_ptr<osg::Group> fills, float opacity);
    // The backdrop `index` now draws `fills` (a picture of another part of the county).
    void replace_backdrop(std::size_t index, osg::ref_ptr<osg::Group> fills);
    // The backdrop `index` is not drawn (another draws its picture: picture_tiles.h).
    void hide_backdrop(std::size_t index);
    SceneLayer* layer(const std::string& name);
    // The layer playing a role, by its standard name ("county_boundary" finds a delivery's
    // XJXZQ too; geo::standard_name_of); nullptr when none does.
    SceneLayer* layer_playing(const std::string& standard_name);

    void set_visible(SceneLayer& layer, bool visible);
    // Draws `layer` with `style` from now on: `mesh` (from build_layer_mesh with that style)
    // takes the old one's place, and its labels follow style.label_field. On the rendering
    // thread, between frames.
    void restyle(SceneLayer& layer, const LayerStyle& style, osg::ref_ptr<osg::Group> mesh, const MeshStats& stats);
    void set_opacity(SceneLayer& layer, float opacity);
    // Moves `layer` to draw position `index` (0 = bottom).
    void set_order(SceneLayer& layer, std::size_t index);
    // What the user chose (drawn cyan): what "the selection" acts on.
    void set_selection(SceneLayer& layer, const std::vector<std::size_t>& rows);
    // What something shows without choosing it, e.g. the parcels a target counts (drawn amber,
    // under the selection's colour). Never part of the selection.
    void set_highlight(SceneLayer& layer, const std::vector<std::size_t>& rows);
    static bool is_selected(const SceneLayer& layer, std::size_t row);
    static bool is_highlighted(const SceneLayer& layer, std::size_t row);
    void set_hover(SceneLayer* layer, std::optional<std::size_t> row);
    // Shows `blocks` (from build_layer_mesh with extrude_by) in place of the draped mesh, or
    // the draped mesh again with null. Blocks write depth, so they hide one another.
    void set_extruded(SceneLayer& layer, osg::ref_ptr<osg::Group> blocks);
    // A polygon being drawn on the map (working-CRS vertices), shown as a closed red line
    // draped on the terrain; empty removes it.
    void set_sketch(const std::vector<std::pair<double, double>>& vertices);
    // Closed rings (working-CRS vertices) drawn as bold draped lines over everything, each in
    // its colour: a parcel's overlap pieces under review. Empty removes them.
    struct Mark {
        std::vector<std::pair<double, double>> ring;
        osg::Vec4 color;
    };
    void set_marks(const std::vector<Mark>& marks);
    // A parcel's overlap pieces (geo::ParcelCheck::overlaps) as marks: the red line's in red,
    // the farmland's in orange, the part outside the urban boundary in magenta.
    static std::vector<Mark> overlap_marks(const std::vector<std::pair<std::string, geo::GeomPtr>>& overlaps);
    void set_exaggeration(float factor);
    // Label height in pixels (labels keep their screen size; a 4K image wants bigger ones).
    void set_label_size(float pixels);
    float exaggeration() const { return exaggeration_; }
    const LabelPlacer& labels() const { return *labels_; }
    LabelPlacer& labels() { return *labels_; }

    // Scene coordinates (origin-shifted, z exaggerated) of a point in the working CRS.
    osg::Vec3d to_scene(double x, double y, double z) const;
    // Working-CRS (x, y, height) of a point in scene coordinates.
    osg::Vec3d to_world(const osg::Vec3d& scene_point) const;

private:
    SceneLayer& add_layer_node(const std::string& name, OGRwkbGeometryType geometry_type, const LayerStyle& style,
                               osg::ref_ptr<osg::Group> mesh, std::size_t rows);
    void apply_order();
    // Puts the terrain's triangles under a mesh's fills drawn as a texture (terrain_fill.h):
    // `only_under_colour`, those of the tiles where the fill has colour (terrain_surface.h).
    void draw_fills_on_terrain(osg::Group& mesh, bool only_under_colour) const;
    // The lowest layer drawn, when its fills are a texture on the terrain (the 三区, which tile
    // the county), has them laid over the terrain in the terrain's own pass (terrain_with_fill_program)
    // rather than in a pass of their own over every triangle again: the same picture, a pass fewer.
    // Decided again whenever what is drawn lowest may change (order, visibility, style, backdrops).
    void draw_lowest_fill_with_terrain();
    // The selection texture holds both: bit 7 selected (255 reads above 0.5), bit 6 highlighted.
    static constexpr unsigned char kSelectedBit = 0x80 | 0x3F; // 191: with the highlight, 255
    static constexpr unsigned char kHighlightedBit = 0x40;
    static void mark(SceneLayer& layer, const std::vector<std::size_t>& rows, unsigned char bit);

    TerrainModel terrain_;
    double origin_x_ = 0, origin_y_ = 0;
    TerrainSurface surface_; // the terrain's triangles (its LOD), shared by fills on it
    float exaggeration_ = 1.5F;
    osg::ref_ptr<osg::Group> root_;
    osg::ref_ptr<osg::MatrixTransform> exaggerated_; // scales heights; picking sees what is drawn
    osg::ref_ptr<osg::Group> terrain_node_;
    osg::ref_ptr<osg::StateSet> terrain_alone_;       // build_terrain_node's: the hillshade, no fill
    osg::observer_ptr<osg::Group> fill_with_terrain_; // its own pass off: the terrain draws it
    osg::ref_ptr<osg::Group> overlays_;
    osg::ref_ptr<osg::Uniform> exaggeration_uniform_;
    osg::ref_ptr<osg::Geode> sketch_, marks_;
    osg::ref_ptr<LabelPlacer> labels_; // every layer's, placed together by priority
    std::vector<std::unique_ptr<SceneLayer>> layers_;
    std::vector<osg::ref_ptr<osg::Group>> backdrops_;
};

// The terrain mesh with its hillshade shader.
osg::ref_ptr<osg::Group> build_terrain_node(const TerrainSurface& surface);

} // namespace scene
