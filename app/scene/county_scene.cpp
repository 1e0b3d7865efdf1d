#include "county_scene.h"

#include <algorithm>
#include <limits>

#include <osg/BlendFunc>
#include <osg/Depth>
#include <osg/Geode>
#include <osg/Geometry>
#include <osg/LOD>
#include <osg/LineWidth>
#include <osg/Program>
#include <osg/Texture2D>
#include <osgText/Text>

#include "chunk_impostor.h"
#include "geo/feature_table.h"
#include "geo/roles.h"
#include "shaders.h"
#include "terrain_fill.h"

namespace scene {
namespace {

constexpr int kSelectionWidth = 4096;
constexpr int kOverlayBinBase = 10;
constexpr int kLabelBin = 1000; // above every overlay and the sketch
constexpr const char* kCjkFont = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

// A label at a point on each feature, a little above the ground.
void add_labels(LabelPlacer& placer, const geo::FeatureTable& table, const std::string& field, int priority,
                const osg::Switch& layer, const TerrainModel& terrain, double ox, double oy)
{
    const auto index = table.field_index(field);
    if (!index)
        return;
    auto ctx = geo::geos_context();
    for (std::size_t row = 0; row < table.size(); ++row) {
        const GEOSGeometry* g = table.geometry(row);
        if (g == nullptr || table.value(row, *index).empty())
            continue;
        geo::GeomPtr anchor(GEOSPointOnSurface_r(ctx, g));
        double x = 0, y = 0;
        if (!anchor || GEOSGeomGetX_r(ctx, anchor.get(), &x) != 1 || GEOSGeomGetY_r(ctx, anchor.get(), &y) != 1)
            continue;
        osg::ref_ptr<osgText::Text> text = new osgText::Text;
        text->setFont(kCjkFont);
        text->setText(std::string(table.value(row, *index)), osgText::String::ENCODING_UTF8);
        text->setCharacterSizeMode(osgText::Text::SCREEN_COORDS);
        text->setAxisAlignment(osgText::Text::SCREEN);
        text->setAlignment(osgText::Text::CENTER_CENTER);
        text->setColor(osg::Vec4(0.1F, 0.1F, 0.1F, 1.0F));
        text->setBackdropType(osgText::Text::OUTLINE);
        text->setBackdropColor(osg::Vec4(1, 1, 1, 0.9F));
        text->setPosition(osg::Vec3(static_cast<float>(x - ox), static_cast<float>(y - oy),
                                    static_cast<float>(terrain.height_at(x, y) + 30)));
        placer.add(text, priority, &layer);
    }
}

} // namespace

namespace {

// OSG fits the near and far planes to what is drawn; the overlay shader then moves the layers a
// fraction of the eye distance towards the eye (u_depth_offset), which over flat ground (no DEM)
// seen from above puts them in front of the near plane: only their labels showed. An empty
// drawable whose bound stands well above and below the ground keeps that room.
osg::ref_ptr<osg::Node> depth_headroom(const TerrainModel& terrain, double origin_x, double origin_y)
{
    const geo::Envelope e = terrain.extent();
    const double margin = 0.05 * std::max(e.max_x - e.min_x, e.max_y - e.min_y);
    osg::ref_ptr<osg::Geometry> headroom = new osg::Geometry;
    headroom->setName("depth headroom");
    headroom->setInitialBound(
        osg::BoundingBox(static_cast<float>(e.min_x - origin_x), static_cast<float>(e.min_y - origin_y),
                         static_cast<float>(terrain.min_height() - margin), static_cast<float>(e.max_x - origin_x),
                         static_cast<float>(e.max_y - origin_y), static_cast<float>(terrain.max_height() + margin)));
    osg::ref_ptr<osg::Geode> geode = new osg::Geode;
    geode->addDrawable(headroom);
    geode->setNodeMask(kOverlayMask);
    return geode;
}

} // namespace

osg::ref_ptr<osg::Group> build_terrain_node(const TerrainSurface& surface)
{
    osg::ref_ptr<osg::Group> group = new osg::Group;
    group->addChild(surface.whole());
    group->getOrCreateStateSet()->setAttributeAndModes(terrain_program());
    return group;
}

namespace {

bool near_outline(const GEOSGeometry& geometry, double x, double y, double tolerance)
{
    auto ctx = geo::geos_context();
    geo::GeomPtr boundary(GEOSBoundary_r(ctx, &geometry));
    geo::GeomPtr point(GEOSGeom_createPointFromXY_r(ctx, x, y));
    double distance = 0;
    return boundary && point && GEOSDistance_r(ctx, boundary.get(), point.get(), &distance) == 1 &&
           distance <= tolerance;
}

std::size_t rows_of(const SceneLayer& layer)
{
    return layer.table ? layer.table->size() : 0;
}

} // namespace

std::vector<std::size_t> rows_under(const SceneLayer& layer, double x, double y, double tolerance)
{
    if (!layer.table) // a picture: no features
        return {};
    const auto type = wkbFlatten(layer.table->geometry_type());
    const bool areal = (type == wkbPolygon || type == wkbMultiPolygon) && layer.style.filled;
    auto rows = layer.table->rows_at(x, y, areal ? 0.0 : tolerance);
    if (!layer.style.filled) // an outline is picked on its line, not inside it
        std::erase_if(rows,
                      [&](std::size_t row) { return !near_outline(*layer.table->geometry(row), x, y, tolerance); });
    return rows;
}

CountyScene::CountyScene(TerrainModel terrain)
    : terrain_(std::move(terrain)), origin_x_(terrain_.origin_x()), origin_y_(terrain_.origin_y()),
      surface_(terrain_, origin_x_, origin_y_)
{
    root_ = new osg::Group;
    root_->setName("county");
    exaggeration_uniform_ = new osg::Uniform("u_exaggeration", exaggeration_);
    root_->getOrCreateStateSet()->addUniform(exaggeration_uniform_);
    exaggerated_ = new osg::MatrixTransform(osg::Matrixd::scale(1, 1, exaggeration_));
    root_->addChild(exaggerated_);
    terrain_node_ = build_terrain_node(surface_);
    terrain_alone_ = terrain_node_->getStateSet();
    terrain_node_->setNodeMask(kTerrainMask);
    exaggerated_->addChild(terrain_node_);

    overlays_ = new osg::Group;
    overlays_->setName("overlays");
    osg::StateSet* state = overlays_->getOrCreateStateSet();
    state->setAttributeAndModes(overlay_program());
    state->setAttributeAndModes(new osg::Depth(osg::Depth::LEQUAL, 0.0, 1.0, false)); // test, never write
    state->setAttributeAndModes(new osg::BlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA));
    state->setMode(GL_CULL_FACE, osg::StateAttribute::OFF);
    state->addUniform(new osg::Uniform("u_depth_offset", 0.002F));
    state->addUniform(new osg::Uniform("u_impostor", false));
    state->addUniform(new osg::Uniform("u_impostor_colors", kImpostorColorUnit));
    state->addUniform(new osg::Uniform("u_impostor_ids", kImpostorIdUnit));
    overlays_->setNodeMask(kOverlayMask);
    exaggerated_->addChild(overlays_);
    exaggerated_->addChild(depth_headroom(terrain_, origin_x_, origin_y_));

    labels_ = new LabelPlacer;
    osg::StateSet* label_state = labels_->getOrCreateStateSet();
    label_state->setMode(GL_DEPTH_TEST, osg::StateAttribute::OFF | osg::StateAttribute::PROTECTED);
    label_state->setRenderBinDetails(kLabelBin, "RenderBin");
    label_state->setAttributeAndModes(new osg::BlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA));
    // Labels draw with the fixed-function pipeline and their font's glyph texture, which needs
    // texturing on in unit 0 (no program of ours applies to them).
    label_state->setAttributeAndModes(new osg::Program, osg::StateAttribute::OFF | osg::StateAttribute::OVERRIDE);
    label_state->setTextureMode(0, GL_TEXTURE_2D, osg::StateAttribute::ON);
    labels_->setNodeMask(kOverlayMask);
    exaggerated_->addChild(labels_);
}

SceneLayer& CountyScene::add_layer(std::shared_ptr<const geo::FeatureTable> table, const LayerStyle& style,
                                   osg::ref_ptr<osg::Group> mesh, const MeshStats& stats)
{
    SceneLayer& layer = add_layer_node(table->name(), table->geometry_type(), style, mesh, table->size());
    layer.stats = stats;
    if (!style.label_field.empty())
        add_labels(*labels_, *table, style.label_field, LabelPlacer::priority_of(layer.name), *layer.node, terrain_,
                   origin_x_, origin_y_);
    layer.table = std::move(table);
    return layer;
}

SceneLayer& CountyScene::add_picture_layer(const std::string& name, OGRwkbGeometryType geometry_type,
                                           const LayerStyle& style, osg::ref_ptr<osg::Group> picture)
{
    return add_layer_node(name, geometry_type, style, picture, 0);
}

SceneLayer& CountyScene::add_layer_node(const std::string& name, OGRwkbGeometryType geometry_type,
                                        const LayerStyle& style, osg::ref_ptr<osg::Group> mesh, std::size_t rows)
{
    auto layer = std::make_unique<SceneLayer>();
    layer->name = name;
    layer->geometry_type = geometry_type;
    layer->style = style;
    layer->node = new osg::Switch;
    layer->node->setName(layer->name);
    draw_fills_on_terrain(*mesh, true);
    layer->node->addChild(mesh);
    layer->draped = mesh;

    const int height = std::max<int>(1, static_cast<int>((rows + kSelectionWidth - 1) / kSelectionWidth));
    layer->selection = new osg::Image;
    layer->selection->allocateImage(kSelectionWidth, height, 1, GL_LUMINANCE, GL_UNSIGNED_BYTE);
    std::fill_n(layer->selection->data(), layer->selection->getTotalSizeInBytes(), 0);
    osg::ref_ptr<osg::Texture2D> texture = new osg::Texture2D(layer->selection.get());
    texture->setFilter(osg::Texture::MIN_FILTER, osg::Texture::NEAREST);
    texture->setFilter(osg::Texture::MAG_FILTER, osg::Texture::NEAREST);
    texture->setResizeNonPowerOfTwoHint(false);

    osg::StateSet* state = layer->node->getOrCreateStateSet();
    state->setTextureAttributeAndModes(0, texture);
    state->addUniform(new osg::Uniform("u_selection", 0));
    state->addUniform(new osg::Uniform("u_selection_size", osg::Vec2(kSelectionWidth, static_cast<float>(height))));
    layer->opacity = new osg::Uniform("u_opacity", style.opacity);
    layer->hover = new osg::Uniform("u_hover", -1.0F);
    state->addUniform(layer->opacity);
    state->addUniform(layer->hover);
    state->addUniform(new osg::Uniform("u_hatch_spacing", style.hatch_spacing));
    state->addUniform(new osg::Uniform("u_hatch_color", osg::Vec4(style.hatch_color.r, style.hatch_color.g,
                                                                  style.hatch_color.b, style.hatch_color.a)));
    state->setAttributeAndModes(new osg::LineWidth(style.line_width));
    overlays_->addChild(layer->node);
    layers_.push_back(std::move(layer));
    apply_order();
    return *layers_.back();
}

std::size_t CountyScene::add_backdrop(osg::ref_ptr<osg::Group> fills, float opacity)
{
    osg::ref_ptr<osg::Group> node = new osg::Group;
    node->setName(fills->getName());
    node->addChild(fills);
    draw_fills_on_terrain(*node, false); // the first picture: its texture may be drawn into
    osg::StateSet* state = node->getOrCreateStateSet();
    state->addUniform(new osg::Uniform("u_opacity", opacity));
    state->addUniform(new osg::Uniform("u_hover", -1.0F));
    state->addUniform(new osg::Uniform("u_hatch_spacing", 0.0F));
    state->addUniform(new osg::Uniform("u_selection_size", osg::Vec2(1, 1)));
    state->setRenderBinDetails(kOverlayBinBase + static_cast<int>(layers_.size() + backdrops_.size()), "RenderBin");
    overlays_->addChild(node);
    backdrops_.push_back(node);
    draw_lowest_fill_with_terrain();
    return backdrops_.size() - 1;
}

void CountyScene::replace_backdrop(std::size_t index, osg::ref_ptr<osg::Group> fills)
{
    osg::Group& node = *backdrops_.at(index);
    node.removeChildren(0, node.getNumChildren());
    node.addChild(fills);
    draw_fills_on_terrain(node, false); // the first picture: its texture may be drawn into
    draw_lowest_fill_with_terrain();
}

void CountyScene::hide_backdrop(std::size_t index)
{
    backdrops_.at(index)->setNodeMask(0); // not a pass over the terrain discarding every fragment
    draw_lowest_fill_with_terrain();
}

SceneLayer* CountyScene::layer_playing(const std::string& standard_name)
{
    if (SceneLayer* exact = layer(standard_name))
        return exact;
    for (auto& l : layers_)
        if (geo::standard_name_of(l->name) == standard_name)
            return l.get();
    return nullptr;
}

SceneLayer* CountyScene::layer(const std::string& name)
{
    for (auto& l : layers_)
        if (l->name == name)
            return l.get();
    return nullptr;
}

void CountyScene::set_visible(SceneLayer& layer, bool visible)
{
    layer.visible = visible;
    if (visible)
        layer.node->setAllChildrenOn();
    else
        layer.node->setAllChildrenOff();
    draw_lowest_fill_with_terrain();
}

void CountyScene::restyle(SceneLayer& layer, const LayerStyle& style, osg::ref_ptr<osg::Group> mesh,
                          const MeshStats& stats)
{
    const float opacity = layer.style.opacity; // what the user set stays
    draw_fills_on_terrain(*mesh, true);
    layer.node->replaceChild(layer.draped.get(), mesh.get()); // false while blocks stand in: shown later
    layer.draped = mesh;
    layer.style = style;
    layer.style.opacity = opacity;
    layer.stats = stats;
    labels_->remove_layer(layer.node.get());
    if (!style.label_field.empty() && layer.table)
        add_labels(*labels_, *layer.table, style.label_field, LabelPlacer::priority_of(layer.name), *layer.node,
                   terrain_, origin_x_, origin_y_);
    draw_lowest_fill_with_terrain();
}

void CountyScene::draw_fills_on_terrain(osg::Group& mesh, bool only_under_colour) const
{
    for (unsigned i = 0; i < mesh.getNumChildren(); ++i) {
        auto* child = mesh.getChild(i)->asGroup();
        if (child == nullptr || child == surface_.whole())
            continue;
        if (child->getName() != kTerrainFillName) {
            draw_fills_on_terrain(*child, only_under_colour); // under a layer_mesh.h LOD
            continue;
        }
        if (child->getNumChildren() > 0)
            continue;                                       // drawn already
        osg::ref_ptr<osg::Node> surface = surface_.whole(); // shared: drawn again with the fill's texture
        if (only_under_colour)
            if (const auto under = terrain_under_fill(*child, surface_))
                surface = *under;
        if (surface)
            child->addChild(surface);
    }
}

void CountyScene::set_opacity(SceneLayer& layer, float opacity)
{
    layer.style.opacity = opacity;
    layer.opacity->set(opacity);
}

void CountyScene::set_order(SceneLayer& layer, std::size_t index)
{
    auto it = std::find_if(layers_.begin(), layers_.end(), [&](const auto& l) { return l.get() == &layer; });
    if (it == layers_.end())
        return;
    auto moved = std::move(*it);
    layers_.erase(it);
    layers_.insert(layers_.begin() + static_cast<std::ptrdiff_t>(std::min(index, layers_.size())), std::move(moved));
    apply_order();
}

void CountyScene::apply_order()
{
    // Overlays never write depth, so their render bins alone decide what lies on top.
    for (std::size_t i = 0; i < layers_.size(); ++i)
        layers_[i]->node->getOrCreateStateSet()->setRenderBinDetails(kOverlayBinBase + static_cast<int>(i),
                                                                     "RenderBin");
    draw_lowest_fill_with_terrain();
}

void CountyScene::draw_lowest_fill_with_terrain()
{
    if (osg::ref_ptr<osg::Group> fill; fill_with_terrain_.lock(fill))
        fill->setNodeMask(~0U);
    fill_with_terrain_ = nullptr;
    terrain_node_->setStateSet(terrain_alone_);

    // Backdrops (the first picture, picture tiles) lie over every layer: left to their passes.
    if (std::any_of(backdrops_.begin(), backdrops_.end(), [](const auto& b) { return b->getNodeMask() != 0; }))
        return;
    const auto lowest = std::find_if(layers_.begin(), layers_.end(), [](const auto& l) {
        return l->visible && !l->extruded; // blocks stand with the terrain, under every layer's fills anyway
    });
    if (lowest == layers_.end())
        return;
    const SceneLayer& layer = **lowest;
    osg::Group* draped = layer.draped ? layer.draped->asGroup() : nullptr;
    osg::Group* fill = nullptr;
    for (unsigned i = 0; draped != nullptr && i < draped->getNumChildren() && fill == nullptr; ++i)
        if (auto* child = draped->getChild(i)->asGroup();
            child != nullptr && child->getName() == kTerrainFillName && child->getNumChildren() > 0)
            fill = child;
    if (fill == nullptr)
        return; // a mesh, or fills on the terrain only from afar (an LOD): drawn as they are

    // What the fill's pass draws with (the overlays', its layer's and its own textures and
    // uniforms, shared: opacity, hover and selection follow), on the terrain's terms: depth
    // written, nothing blended, the terrain's render bin.
    osg::ref_ptr<osg::StateSet> with_fill = new osg::StateSet;
    const osg::Node* path[] = {overlays_.get(), layer.node.get(), layer.draped.get(), fill};
    for (const osg::Node* node : path)
        if (const osg::StateSet* state = node->getStateSet())
            with_fill->merge(*state);
    for (auto type : {osg::StateAttribute::DEPTH, osg::StateAttribute::BLENDFUNC, osg::StateAttribute::LINEWIDTH})
        with_fill->removeAttribute(type);
    with_fill->removeMode(GL_BLEND);
    with_fill->removeMode(GL_CULL_FACE);
    with_fill->setRenderBinToInherit();
    with_fill->setAttributeAndModes(terrain_with_fill_program());
    terrain_node_->setStateSet(with_fill);
    fill->setNodeMask(0);
    fill_with_terrain_ = fill;
}

void CountyScene::set_selection(SceneLayer& layer, const std::vector<std::size_t>& rows)
{
    mark(layer, rows, kSelectedBit);
}

void CountyScene::set_highlight(SceneLayer& layer, const std::vector<std::size_t>& rows)
{
    mark(layer, rows, kHighlightedBit);
}

void CountyScene::mark(SceneLayer& layer, const std::vector<std::size_t>& rows, unsigned char bit)
{
    unsigned char* data = layer.selection->data();
    const std::size_t size = layer.selection->getTotalSizeInBytes();
    for (std::size_t i = 0; i < size; ++i)
        data[i] = static_cast<unsigned char>(data[i] & ~bit);
    for (std::size_t row : rows)
        if (row < rows_of(layer))
            data[row] = static_cast<unsigned char>(data[row] | bit);
    layer.selection->dirty();
}

bool CountyScene::is_highlighted(const SceneLayer& layer, std::size_t row)
{
    return row < rows_of(layer) && (layer.selection->data()[row] & kHighlightedBit) != 0;
}

bool CountyScene::is_selected(const SceneLayer& layer, std::size_t row)
{
    return row < rows_of(layer) && (layer.selection->data()[row] & kSelectedBit) != 0;
}

void CountyScene::set_hover(SceneLayer* layer, std::optional<std::size_t> row)
{
    for (auto& l : layers_)
        l->hover->set(l.get() == layer && row ? static_cast<float>(*row) : -1.0F);
}

void CountyScene::set_extruded(SceneLayer& layer, osg::ref_ptr<osg::Group> blocks)
{
    if (layer.extruded) {
        layer.node->replaceChild(layer.extruded, layer.draped);
        layer.extruded = nullptr;
    }
    layer.extruded = blocks;
    if (blocks) {
        osg::StateSet* state = blocks->getOrCreateStateSet();
        state->setAttributeAndModes(new osg::Depth(osg::Depth::LEQUAL, 0.0, 1.0, true));
        state->setMode(GL_BLEND, osg::StateAttribute::OFF);
        state->addUniform(new osg::Uniform("u_depth_offset", 0.0F));
        state->setRenderBinDetails(5, "RenderBin"); // with the terrain, before the draped overlays
        layer.node->replaceChild(layer.draped, blocks);
    } else if (layer.node->getChildIndex(layer.draped) == layer.node->getNumChildren()) {
        layer.node->insertChild(0, layer.draped);
    }
    set_visible(layer, layer.visible);
}

namespace {

// Closed rings or an open line as draped GL lines over every layer (the overlay program draws
// them; their ids match no feature).
osg::ref_ptr<osg::Geode> draped_lines(const std::vector<CountyScene::Mark>& marks, bool closed,
                                      const TerrainModel& terrain, double origin_x, double origin_y)
{
    osg::ref_ptr<osg::Vec3Array> points = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec4Array> colors = new osg::Vec4Array;
    osg::ref_ptr<osg::FloatArray> ids = new osg::FloatArray;
    osg::ref_ptr<osg::Geometry> line = new osg::Geometry;
    for (const auto& mark : marks) {
        const auto first = static_cast<GLint>(points->size());
        for (const auto& [x, y] : mark.ring) {
            points->push_back(osg::Vec3(static_cast<float>(x - origin_x), static_cast<float>(y - origin_y),
                                        static_cast<float>(terrain.height_at(x, y) + 2)));
            colors->push_back(mark.color);
            ids->push_back(-2.0F); // matches no feature and no hover (-1)
        }
        const auto count = static_cast<GLsizei>(mark.ring.size());
        line->addPrimitiveSet(new osg::DrawArrays(closed && count > 2 ? GL_LINE_LOOP : GL_LINE_STRIP, first, count));
    }
    line->setUseDisplayList(false);
    line->setUseVertexBufferObjects(true);
    line->setVertexArray(points);
    line->setColorArray(colors, osg::Array::BIND_PER_VERTEX);
    line->setVertexAttribArray(kFeatureAttribute, ids, osg::Array::BIND_PER_VERTEX);
    osg::ref_ptr<osg::Geode> geode = new osg::Geode;
    geode->addDrawable(line);
    osg::StateSet* state = geode->getOrCreateStateSet();
    state->setAttributeAndModes(new osg::LineWidth(3.0F));
    state->setRenderBinDetails(900, "RenderBin");
    state->addUniform(new osg::Uniform("u_opacity", 1.0F));
    state->addUniform(new osg::Uniform("u_hover", -1.0F));
    state->addUniform(new osg::Uniform("u_hatch_spacing", 0.0F));
    state->addUniform(new osg::Uniform("u_selection_size", osg::Vec2(1, 1)));
    return geode;
}

} // namespace

void CountyScene::set_sketch(const std::vector<std::pair<double, double>>& vertices)
{
    if (sketch_) {
        overlays_->removeChild(sketch_);
        sketch_ = nullptr;
    }
    if (vertices.empty())
        return;
    sketch_ = draped_lines({{vertices, osg::Vec4(0.9F, 0.05F, 0.05F, 1.0F)}}, true, terrain_, origin_x_, origin_y_);
    overlays_->addChild(sketch_);
}

std::vector<CountyScene::Mark>
CountyScene::overlap_marks(const std::vector<std::pair<std::string, geo::GeomPtr>>& overlaps)
{
    std::vector<Mark> marks;
    for (const auto& [kind, piece] : overlaps) {
        const osg::Vec4 colour = kind == "redline"    ? osg::Vec4(0.85F, 0.0F, 0.0F, 1.0F)
                                 : kind == "farmland" ? osg::Vec4(0.95F, 0.6F, 0.0F, 1.0F)
                                                      : osg::Vec4(1.0F, 0.0F, 0.6F, 1.0F);
        for (auto& ring : geo::rings_of(*piece))
            marks.push_back({std::move(ring), colour});
    }
    return marks;
}

void CountyScene::set_marks(const std::vector<Mark>& marks)
{
    if (marks_) {
        overlays_->removeChild(marks_);
        marks_ = nullptr;
    }
    if (marks.empty())
        return;
    marks_ = draped_lines(marks, true, terrain_, origin_x_, origin_y_);
    overlays_->addChild(marks_);
}

void CountyScene::set_exaggeration(float factor)
{
    exaggeration_ = factor;
    exaggeration_uniform_->set(factor);
    exaggerated_->setMatrix(osg::Matrixd::scale(1, 1, factor));
}

void CountyScene::set_label_size(float pixels)
{
    labels_->set_size(pixels);
}

osg::Vec3d CountyScene::to_scene(double x, double y, double z) const
{
    return {x - origin_x_, y - origin_y_, z * exaggeration_};
}

osg::Vec3d CountyScene::to_world(const osg::Vec3d& p) const
{
    return {p.x() + origin_x_, p.y() + origin_y_, p.z() / exaggeration_};
}

} // namespace scene
