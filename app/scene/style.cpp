#include "style.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>

#include "geo/feature_table.h"
#include "geo/geometry_type.h"
#include "geo/land_use_codes.h"
#include "geo/roles.h"
#include "geo/three_zones.h"

namespace scene {
namespace {

constexpr Rgba rgb(int r, int g, int b, float a = 1.0F)
{
    return {static_cast<float>(r) / 255.0F, static_cast<float>(g) / 255.0F, static_cast<float>(b) / 255.0F, a};
}

// A qualitative palette (ColorBrewer Set3 and Paired hues) for classes without a national one.
constexpr Rgba kQualitative[] = {
    rgb(141, 211, 199, 0.85F), rgb(255, 237, 111, 0.85F), rgb(190, 186, 218, 0.85F), rgb(251, 128, 114, 0.85F),
    rgb(128, 177, 211, 0.85F), rgb(253, 180, 98, 0.85F),  rgb(179, 222, 105, 0.85F), rgb(252, 205, 229, 0.85F),
    rgb(188, 128, 189, 0.85F), rgb(204, 235, 197, 0.85F), rgb(31, 120, 180, 0.85F),  rgb(227, 26, 28, 0.85F),
};
constexpr std::size_t kMaxClasses = 24;        // more distinct values than this is no class field
constexpr std::size_t kMaxLabelledAreas = 500; // beyond this, names would cover the map

// The field that sorts the layer's features into a few classes (EULUC's `Class`, a type or
// kind), with its values in order: a field known for that first, else the first field
// with 2 to kMaxClasses distinct values (ids and measures have far more). nullopt when there is none.
std::optional<std::pair<std::size_t, std::vector<std::string>>> class_field(const geo::FeatureTable& table)
{
    auto distinct = [&](std::size_t field) -> std::optional<std::vector<std::string>> {
        std::set<std::string> values;
        for (std::size_t row = 0; row < table.size(); ++row) {
            const std::string_view v = table.value(row, field);
            if (!v.empty())
                values.emplace(v);
            if (values.size() > kMaxClasses)
                return std::nullopt;
        }
        if (values.size() < 2 || values.size() * 2 > table.size())
            return std::nullopt;
        return std::vector<std::string>(values.begin(), values.end());
    };
    const auto& names = table.field_names();
    for (const auto& known : class_field_names())
        for (std::size_t f = 0; f < names.size(); ++f)
            if (names[f] == known)
                if (auto values = distinct(f))
                    return std::pair{f, std::move(*values)};
    for (std::size_t f = 0; f < names.size(); ++f)
        if (auto values = distinct(f))
            return std::pair{f, std::move(*values)};
    return std::nullopt;
}

} // namespace

const std::vector<std::string>& class_field_names()
{
    static const std::vector<std::string> names = {"Class", "class", "CLASS", "Level1", "LEVEL1",   "level1",
                                                   "type",  "Type",  "TYPE",  "kind",   "category", "DLMC"};
    return names;
}

bool style_by_field(LayerStyle& style, const geo::FeatureTable& table, const std::string& field_name)
{
    const auto field = table.field_index(field_name);
    if (!field)
        return false;
    std::set<std::string> values;
    std::vector<double> numbers;
    bool numeric = true;
    for (std::size_t row = 0; row < table.size(); ++row) {
        const std::string_view v = table.value(row, *field);
        if (v.empty())
            continue;
        if (values.size() <= kMaxClasses)
            values.emplace(v);
        double number = 0;
        const auto [end, error] = std::from_chars(v.data(), v.data() + v.size(), number);
        if (error != std::errc() || end != v.data() + v.size())
            numeric = false;
        else
            numbers.push_back(number);
    }
    if (!values.empty() && all_land_use_codes(values)) { // 用地用海 codes: the national palette
        style_by_land_use(style, field_name, values);
        return true;
    }
    LayerStyle styled = style;
    styled.field = field_name;
    styled.classes.clear();
    styled.fill = rgb(200, 200, 200, 0.85F);
    styled.outline = rgb(60, 60, 60, 0.9F);
    if (values.size() >= 2 && values.size() <= kMaxClasses) {
        styled.kind = StyleKind::Categorised;
        std::size_t i = 0;
        for (const auto& v : values)
            styled.classes.push_back({v, v, kQualitative[i++ % std::size(kQualitative)]});
    } else if (numeric && numbers.size() >= 2) { // quantiles, light to dark (ColorBrewer YlOrRd)
        constexpr Rgba kSequential[] = {rgb(255, 255, 178, 0.85F), rgb(254, 204, 92, 0.85F), rgb(253, 141, 60, 0.85F),
                                        rgb(240, 59, 32, 0.85F), rgb(189, 0, 38, 0.85F)};
        std::sort(numbers.begin(), numbers.end());
        styled.kind = StyleKind::Graduated;
        double lower = numbers.front();
        for (std::size_t k = 1; k <= std::size(kSequential); ++k) {
            const double upper = numbers[std::min(numbers.size() - 1, k * numbers.size() / std::size(kSequential))];
            if (k < std::size(kSequential) && upper <= lower)
                continue; // an empty quantile: no class of zero width
            char bound[32], label[80];
            std::snprintf(bound, sizeof bound, "%.17g", upper);
            std::snprintf(label, sizeof label, "%g – %g", lower, upper);
            styled.classes.push_back({bound, label, kSequential[k - 1]});
            lower = upper;
        }
    } else {
        return false;
    }
    style = std::move(styled);
    return true;
}

bool all_land_use_codes(const std::set<std::string>& values)
{
    return std::all_of(values.begin(), values.end(),
                       [](const std::string& v) { return v.empty() || geo::land_use_class_name(v) != nullptr; });
}

void style_by_land_use(LayerStyle& style, const std::string& field, const std::set<std::string>& codes)
{
    style.field = field;
    style.kind = StyleKind::Categorised;
    style.fill = rgb(200, 200, 200, 0.85F);
    style.outline = rgb(60, 60, 60, 0.9F);
    style.classes.clear();
    for (const auto& c : land_use_classes())
        if (codes.contains(c.code))
            style.classes.push_back({c.code, c.label(), {c.color.r, c.color.g, c.color.b, 0.9F}});
}

Rgba LayerStyle::color_for(std::string_view value) const
{
    if (kind == StyleKind::Graduated) {
        double number = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (error != std::errc() || end != value.data() + value.size() || classes.empty())
            return fill;
        for (const auto& c : classes)
            if (number <= std::strtod(c.value.c_str(), nullptr))
                return c.color;
        return classes.back().color;
    }
    if (kind == StyleKind::Categorised)
        for (const auto& c : classes)
            if (c.value == value)
                return c.color;
    return fill;
}

const std::vector<LandUseClass>& land_use_classes()
{
    static const std::vector<LandUseClass> classes = [] {
        std::vector<LandUseClass> made;
        for (const auto& c : geo::land_use_palette())
            made.push_back({c.code, c.name, rgb(c.r, c.g, c.b)});
        return made;
    }();
    return classes;
}

std::string land_use_label(std::string_view code)
{
    for (const auto& c : land_use_classes())
        if (code == c.code)
            return c.label();
    return std::string(code);
}

namespace {

// Any other layer: by 用地用海 class when it has a land-use field (parcels), else by its class
// field when it has one.
void colour_by_class(LayerStyle& style, const geo::FeatureTable& table,
                     const std::optional<geo::FieldMatch>& land_use_field)
{
    if (land_use_field)
        style_by_field(style, table, land_use_field->name);
    else if (auto classes = class_field(table))
        style_by_field(style, table, table.field_names()[classes->first]);
}

} // namespace

LayerStyle default_style(const std::string& name, const geo::FeatureTable& table)
{
    LayerStyle style;
    // A delivery's YJJBNT or 永久基本农田 is drawn as the farmland, its XZQMC as the names.
    const std::string layer_name = geo::standard_name_of(name);
    const auto name_field = geo::find_field(table.field_names(), geo::FieldRole::Name);
    const bool has_name = name_field.has_value();
    const auto land_use_field = geo::find_field(table.field_names(), geo::FieldRole::LandUseCode);
    bool named_layer = true;        // one of the layers styled by name below
    if (layer_name == "farmland") { // 永久基本农田: yellow, hatched
        style.fill = rgb(250, 220, 60, 0.55F);
        style.outline = rgb(200, 160, 0);
        style.hatch_spacing = 60;
        style.hatch_color = rgb(190, 150, 0, 0.75F);
    } else if (layer_name == "eco_redline") { // 生态保护红线: red
        style.fill = rgb(230, 40, 40, 0.35F);
        style.outline = rgb(210, 0, 0);
        style.line_width = 2.5F;
    } else if (layer_name == "urban_boundary") { // 城镇开发边界: purple outline
        style.filled = false;
        style.outline = rgb(150, 40, 200);
        style.line_width = 3.0F;
    } else if (layer_name == "county_boundary") {
        style.filled = false;
        style.outline = rgb(40, 40, 40);
        style.line_width = 3.0F;
        style.pickable = false;
    } else if (layer_name == "three_zones") { // 三区: pale tints under everything, by zone
        style.kind = StyleKind::Categorised;
        style.fill = rgb(220, 220, 220, 0.35F);
        style.outline = rgb(120, 120, 120, 0.6F);
        style.pickable = false;
        style.fills_on_terrain = true;
        for (std::size_t f = 0; f < table.field_names().size() && style.field.empty(); ++f)
            for (std::size_t row = 0; row < table.size(); ++row)
                if (geo::zone_named_in(table.value(row, f)) >= 0) {
                    style.field = table.field_names()[f];
                    break;
                }
        const std::array<Rgba, 3> tints = {rgb(250, 225, 140, 0.35F), rgb(120, 190, 110, 0.35F),
                                           rgb(240, 150, 130, 0.35F)};
        for (std::size_t z = 0; z < geo::kZoneNames.size(); ++z)
            style.classes.push_back({geo::kZoneNames[z], geo::kZoneNames[z], tints[z]});
    } else if (layer_name == "towns") {
        style.filled = false;
        style.outline = rgb(90, 90, 90, 0.8F);
        style.line_width = 1.0F;
        style.pickable = false;
        style.label_field = has_name ? name_field->name : "";
    } else if (layer_name == "renewal_zones") {
        style.fill = rgb(255, 140, 0, 0.35F);
        style.outline = rgb(230, 100, 0);
        style.line_width = 2.0F;
        style.label_field = has_name ? name_field->name : "";
    } else if (layer_name == "key_projects") {
        style.outline = rgb(20, 60, 200);
        style.line_width = 4.0F;
        style.label_field = has_name ? name_field->name : "";
    } else if (layer_name == "villages") { // points: a ring around each village, named
        style.filled = false;
        style.outline = rgb(120, 60, 20);
        style.line_width = 2.0F;
        style.label_field = has_name ? name_field->name : "";
    } else {
        named_layer = false;
    }
    if (!named_layer)
        colour_by_class(style, table, land_use_field);
    // A boundary layer's names (a DataV county's `name`): few enough areas to read them all.
    const bool areas = geo::is_polygonal_type(table.geometry_type());
    if (!named_layer && has_name && areas && table.size() <= kMaxLabelledAreas)
        style.label_field = name_field->name;
    return style;
}

} // namespace scene
