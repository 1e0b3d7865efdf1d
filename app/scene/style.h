#pragma once
// How a layer is drawn, in the conventions planners know: 永久基本农田 yellow with hatching,
// 生态保护红线 red, 城镇开发边界 purple outline, parcels by their 用地用海 class. Plain data (no
// OSG, no Qt), shared by the 3D scene, the legend and the layer tree.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace geo {
class FeatureTable;
}

namespace scene {

struct Rgba {
    float r = 0, g = 0, b = 0, a = 1;
};

enum class StyleKind {
    Single,      // one colour
    Categorised, // a colour per value of `field` (land_use_code, status, ...)
    Graduated,   // a colour per range of the number in `field` (classes' values are upper bounds)
};

struct StyleClass {
    std::string value;
    std::string label; // legend text
    Rgba color;
};

struct LayerStyle {
    StyleKind kind = StyleKind::Single;
    std::string field;
    std::vector<StyleClass> classes;
    Rgba fill{0.6F, 0.6F, 0.6F, 0.5F};
    Rgba outline{0.2F, 0.2F, 0.2F, 1.0F};
    bool filled = true;
    float line_width = 1.0F;
    float opacity = 1.0F;
    float hatch_spacing = 0; // metres; 0: none
    Rgba hatch_color{0, 0, 0, 0};
    std::string label_field; // draw this field as a label at each feature, when set
    // A click identifies this layer's features; false for context layers (county and town
    // boundaries) that lie under everything and would answer every click.
    bool pickable = true;
    // Few large areas tiling the county (the 三区): fills drawn as a texture on the terrain's
    // own triangles (terrain_fill.h) instead of cut and triangulated; outlines as lines.
    bool fills_on_terrain = false;
    // Colours that come from outside the table (a parcel's review status): row r is drawn in
    // classes[row_class[r]], or in `fill` where that is kNoClass. Set with kind Categorised.
    static constexpr std::uint8_t kNoClass = 255;
    std::shared_ptr<const std::vector<std::uint8_t>> row_class;

    // The fill colour of a feature whose `field` holds `value`.
    Rgba color_for(std::string_view value) const;
};

// Colours `style` by `field` of `table`: 用地用海 codes in the national palette, other fields
// with up to 24 values in a qualitative palette, numbers with more in five quantile classes
// (graduated). Returns false, leaving `style` as it was, when the table has no such field or
// it is neither.
bool style_by_field(LayerStyle& style, const geo::FeatureTable& table, const std::string& field);

// Whether every value of `values` (empty ones aside) is a 用地用海 code PlanView knows.
bool all_land_use_codes(const std::set<std::string>& values);
// Colours `style` by `field` as style_by_field does when every value of it is a 用地用海 code:
// the national palette, one class per code of `codes`, in the national order.
void style_by_land_use(LayerStyle& style, const std::string& field, const std::set<std::string>& codes);

// Field names that sort a layer's features into classes (EULUC's Class, …): read before the first
// frame so a layer opened without a land-use field is still coloured by class.
const std::vector<std::string>& class_field_names();

// The national land-use classes PlanView knows, with their conventional colours.
struct LandUseClass {
    const char* code;
    const char* name;
    Rgba color;
    std::string label() const { return std::string(code) + " " + name; } // "0701 城镇住宅用地"
};
const std::vector<LandUseClass>& land_use_classes();
// "0701 城镇住宅用地" for a code PlanView knows, the code alone otherwise (legends, charts).
std::string land_use_label(std::string_view code);

// The default style for a layer, chosen by its role (standard layer names) and fields.
LayerStyle default_style(const std::string& layer_name, const geo::FeatureTable& table);

} // namespace scene
