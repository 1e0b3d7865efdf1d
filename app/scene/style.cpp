#include "style.h"

#include <set>

#include "geo/feature_table.h"
#include "geo/roles.h"

namespace scene {
namespace {

constexpr Rgba rgb(int r, int g, int b, float a = 1.0F)
{
    return {static_cast<float>(r) / 255.0F, static_cast<float>(g) / 255.0F, static_cast<float>(b) / 255.0F, a};
}

} // namespace

Rgba LayerStyle::color_for(std::string_view value) const
{
    if (kind == StyleKind::Categorised)
        for (const auto& c : classes)
            if (c.value == value)
                return c.color;
    return fill;
}

const std::vector<LandUseClass>& land_use_classes()
{
    // Colours after the 国土空间调查、规划、用途管制用地用海分类 colour table (approximated
    // to its hues: residential yellow, public service magenta-pink, commercial red, industry
    // brown, storage purple, utilities blue-green, green space green).
    static const std::vector<LandUseClass> classes = {
        {"0701", "城镇住宅用地", rgb(255, 235, 90)},  {"0702", "城镇社区服务设施用地", rgb(255, 200, 110)},
        {"0703", "农村宅基地", rgb(255, 215, 160)},   {"0801", "机关团体用地", rgb(255, 110, 200)},
        {"0802", "科研用地", rgb(230, 120, 230)},     {"0803", "文化用地", rgb(255, 130, 160)},
        {"0804", "教育用地", rgb(255, 150, 210)},     {"0805", "体育用地", rgb(210, 110, 190)},
        {"0806", "医疗卫生用地", rgb(255, 90, 140)},  {"0807", "社会福利用地", rgb(240, 160, 200)},
        {"0901", "商业用地", rgb(235, 60, 50)},       {"0902", "商务金融用地", rgb(200, 40, 60)},
        {"0903", "娱乐康体用地", rgb(245, 100, 80)},  {"0904", "其他商业服务业用地", rgb(220, 90, 90)},
        {"1001", "工业用地", rgb(180, 140, 100)},     {"1002", "采矿用地", rgb(150, 110, 80)},
        {"1101", "物流仓储用地", rgb(150, 110, 210)}, {"1102", "储备库用地", rgb(130, 100, 190)},
        {"1201", "铁路用地", rgb(140, 140, 140)},     {"1202", "公路用地", rgb(160, 160, 160)},
        {"1207", "城镇道路用地", rgb(190, 190, 190)}, {"1301", "供水用地", rgb(60, 160, 190)},
        {"1302", "排水用地", rgb(70, 140, 170)},      {"1303", "供电用地", rgb(80, 150, 200)},
        {"1401", "公园绿地", rgb(80, 190, 80)},       {"1402", "防护绿地", rgb(60, 150, 70)},
        {"1403", "广场用地", rgb(170, 210, 170)},
    };
    return classes;
}

std::string land_use_label(std::string_view code)
{
    for (const auto& c : land_use_classes())
        if (code == c.code)
            return c.label();
    return std::string(code);
}

LayerStyle default_style(const std::string& name, const geo::FeatureTable& table)
{
    LayerStyle style;
    // A delivery's YJJBNT or 永久基本农田 is drawn as the farmland, its XZQMC as the names.
    const std::string layer_name = geo::standard_name_of(name);
    const auto name_field = geo::find_field(table.field_names(), geo::FieldRole::Name);
    const bool has_name = name_field.has_value();
    const auto land_use_field = geo::find_field(table.field_names(), geo::FieldRole::LandUseCode);
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
    } else if (land_use_field) { // parcels by 用地用海 class
        style.kind = StyleKind::Categorised;
        style.field = land_use_field->name;
        style.fill = rgb(200, 200, 200, 0.9F);
        style.outline = rgb(60, 60, 60, 0.9F);
        std::set<std::string> present;
        const auto field = static_cast<std::size_t>(land_use_field->index);
        for (std::size_t row = 0; row < table.size(); ++row)
            present.emplace(table.value(row, field));
        for (const auto& c : land_use_classes())
            if (present.contains(c.code))
                style.classes.push_back({c.code, c.label(), {c.color.r, c.color.g, c.color.b, 0.9F}});
    }
    return style;
}

} // namespace scene
