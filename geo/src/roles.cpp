#include "geo/roles.h"

#include <algorithm>
#include <cctype>

#include <ogrsf_frmts.h>

#include "geo/geometry_type.h"
#include "geo/vector_source.h"

namespace geo {
namespace {

// How a name was recognised, strongest first when several layers claim one role.
enum Strength { kChineseName = 1, kSpecificationCode = 2, kPlanViewName = 3 };

struct KnownName {
    const char* text;
    const char* meaning; // for the reason shown to people
};

struct RoleNames {
    LayerRole role;
    const char* standard;
    const char* title;
    std::vector<KnownName> codes;   // table codes, matched as a whole word of the layer name
    std::vector<KnownName> chinese; // matched anywhere in the layer name or alias
};

// Table codes from the national master-plan database specification (市级国土空间总体规划
// 数据库规范(试行), MNR 2021, table 3 and §6.2) and the land-use planning database
// conventions that preceded it; see the README's "Layer and field names".
const std::vector<RoleNames>& role_names()
{
    static const std::vector<RoleNames> names = {
        {LayerRole::Parcels,
         "parcels",
         "地块 parcels",
         {{"DK", "地块"}, {"GHDK", "规划地块"}, {"XMDK", "项目地块"}, {"GDDK", "供地地块"}},
         {{"地块", ""}, {"宗地", ""}}},
        {LayerRole::Farmland,
         "farmland",
         "永久基本农田 permanent basic farmland",
         {{"YJJBNT", "永久基本农田"},
          {"YJJBNTTB", "永久基本农田图斑"},
          {"YJJBNTBHTB", "永久基本农田保护图斑"},
          {"JBNTBHTB", "基本农田保护图斑"}},
         {{"永久基本农田", ""}, {"基本农田", ""}}},
        {LayerRole::Redline,
         "eco_redline",
         "生态保护红线 ecological protection red line",
         {{"STBHHX", "生态保护红线"}},
         {{"生态保护红线", ""}, {"生态红线", ""}}},
        {LayerRole::UrbanBoundary,
         "urban_boundary",
         "城镇开发边界 urban development boundary",
         {{"CZKFBJ", "城镇开发边界"}},
         {{"城镇开发边界", ""}}},
        {LayerRole::ThreeZones,
         "three_zones",
         "三区 agricultural, ecological and urban space",
         {}, // the specification leaves the three zones' table to the provinces
         {{"三区", ""}, {"三类空间", ""}}},
        {LayerRole::Towns,
         "towns",
         "乡镇 towns",
         {{"XZJXZQ", "乡镇级行政区"}, {"XZQ", "行政区"}},
         {{"乡镇级行政区", ""}, {"乡镇街道", ""}, {"乡镇", ""}}},
        {LayerRole::County,
         "county_boundary",
         "县域 county",
         {{"XJXZQ", "县级行政区"}},
         {{"县级行政区", ""}, {"县域", ""}}},
    };
    return names;
}

const RoleNames& names_of(LayerRole role)
{
    for (const auto& r : role_names())
        if (r.role == role)
            return r;
    return role_names().front();
}

std::string upper_ascii(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

// "330723_YJJBNT2023" → {"YJJBNT"}: deliveries prefix layer names with the county's code and
// suffix them with a year; words are what lies between digits and separators.
std::vector<std::string> ascii_words(const std::string& name)
{
    std::vector<std::string> words;
    std::string word;
    for (const char c : upper_ascii(name)) {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            word += c;
            continue;
        }
        if (!word.empty())
            words.push_back(word);
        word.clear();
    }
    if (!word.empty())
        words.push_back(word);
    return words;
}

bool polygonal_or_unknown(OGRLayer& layer)
{
    const OGRwkbGeometryType type = wkbFlatten(layer.GetGeomType());
    return type == wkbUnknown || is_polygonal_type(type);
}

struct KnownField {
    const char* name;
    const char* meaning;
};

// Field codes: PlanView's own first, then the specification's (§6.2 attribute structures;
// DLBM is the 三调 survey's land-class code), then Chinese column names.
const std::vector<KnownField>& field_names(FieldRole role)
{
    static const std::vector<KnownField> parcel_id = {{"parcel_id", ""},    {"DKBH", "地块编号"}, {"DKDM", "地块代码"},
                                                      {"ZDDM", "宗地代码"}, {"TBBH", "图斑编号"}, {"地块编号", ""},
                                                      {"BSM", "标识码"}};
    static const std::vector<KnownField> land_use = {{"land_use_code", ""},
                                                     {"YDYHFLDM", "用地用海分类代码"},
                                                     {"GHYDYHDM", "规划用地用海代码"},
                                                     {"YDYHDM", "用地用海代码"},
                                                     {"GHDLBM", "规划地类编码"},
                                                     {"DLBM", "地类编码, 三调"},
                                                     {"用地用海分类代码", ""},
                                                     {"地类编码", ""}};
    static const std::vector<KnownField> land_use_name = {
        {"land_use_name", ""}, {"YDYHFLMC", "用地用海分类名称"}, {"DLMC", "地类名称, 三调"}, {"用地用海分类名称", ""}};
    static const std::vector<KnownField> town = {{"town", ""},           {"XZMC", "乡镇名称"}, {"XZJMC", "乡镇级名称"},
                                                 {"SZXZ", "所在乡镇"},   {"乡镇名称", ""},     {"乡镇", ""},
                                                 {"XZQMC", "行政区名称"}};
    static const std::vector<KnownField> name = {{"name", ""},         {"MC", "名称"},       {"XZQMC", "行政区名称"},
                                                 {"DKMC", "地块名称"}, {"XMMC", "项目名称"}, {"名称", ""}};
    switch (role) {
    case FieldRole::ParcelId:
        return parcel_id;
    case FieldRole::LandUseCode:
        return land_use;
    case FieldRole::LandUseName:
        return land_use_name;
    case FieldRole::Town:
        return town;
    case FieldRole::Name:
        break;
    }
    return name;
}

bool same_ignoring_case(const std::string& a, const std::string& b)
{
    return upper_ascii(a) == upper_ascii(b);
}

} // namespace

const char* standard_layer_name(LayerRole role)
{
    return names_of(role).standard;
}

const char* role_title(LayerRole role)
{
    return names_of(role).title;
}

std::optional<RoleGuess> guess_layer_role(const std::string& layer_name, const std::string& alias)
{
    std::optional<RoleGuess> best;
    auto offer = [&](LayerRole role, std::string reason, int strength) {
        if (!best || strength > best->strength)
            best = RoleGuess{role, std::move(reason), strength};
    };
    const std::vector<std::string> words = ascii_words(layer_name);
    for (const auto& r : role_names()) {
        if (layer_name == r.standard)
            offer(r.role, std::string("PlanView's name for ") + r.title, kPlanViewName);
        for (const auto& code : r.codes)
            if (std::find(words.begin(), words.end(), code.text) != words.end())
                offer(r.role,
                      std::string("table code ") + code.text + " (" + code.meaning + ") of the national specification",
                      kSpecificationCode);
        for (const auto& chinese : r.chinese) {
            for (const std::string* text : {&layer_name, &alias})
                if (text->find(chinese.text) != std::string::npos) {
                    offer(r.role, std::string(text == &alias ? "alias" : "name") + " contains '" + chinese.text + "'",
                          kChineseName);
                    break;
                }
            if (best && best->role == r.role)
                break; // the longest Chinese name of a role comes first
        }
    }
    return best;
}

std::vector<LayerAssignment> assign_layer_roles(const VectorSource& source)
{
    std::vector<LayerAssignment> layers;
    GDALDataset& dataset = source.dataset();
    for (int i = 0; i < dataset.GetLayerCount(); ++i) {
        OGRLayer& layer = *dataset.GetLayer(i);
        LayerAssignment assignment{layer.GetName(), {}, false};
        if (polygonal_or_unknown(layer)) {
            const char* alias = layer.GetMetadataItem("ALIAS_NAME");
            assignment.guess = guess_layer_role(layer.GetName(), alias ? alias : "");
        }
        layers.push_back(std::move(assignment));
    }
    // The strongest claim on each role wins; among equals, the first layer.
    for (const LayerRole role : kAllLayerRoles) {
        LayerAssignment* winner = nullptr;
        for (auto& a : layers)
            if (a.guess && a.guess->role == role && (!winner || a.guess->strength > winner->guess->strength))
                winner = &a;
        if (winner)
            winner->used = true;
    }
    return layers;
}

OGRLayer* find_role_layer(const VectorSource& source, LayerRole role)
{
    for (const auto& a : assign_layer_roles(source))
        if (a.used && a.guess->role == role)
            return source.dataset().GetLayerByName(a.layer.c_str());
    return nullptr;
}

const char* field_role_name(FieldRole role)
{
    switch (role) {
    case FieldRole::ParcelId:
        return "parcel id";
    case FieldRole::LandUseCode:
        return "land-use code";
    case FieldRole::LandUseName:
        return "land-use name";
    case FieldRole::Town:
        return "town";
    case FieldRole::Name:
        break;
    }
    return "name";
}

std::optional<FieldMatch> find_field(const std::vector<std::string>& names, FieldRole role)
{
    constexpr std::size_t kDbfNameBytes = 10;
    auto describe = [](const KnownField& known) {
        return *known.meaning ? std::string("field code ") + known.name + " (" + known.meaning + ")"
                              : std::string("field ") + known.name;
    };
    for (const auto& known : field_names(role)) {
        const std::string wanted = known.name;
        for (std::size_t i = 0; i < names.size(); ++i) {
            const std::string& name = names[i];
            if (same_ignoring_case(name, wanted))
                return FieldMatch{static_cast<int>(i), name, describe(known)};
            if (wanted.size() > kDbfNameBytes && name.size() == kDbfNameBytes &&
                same_ignoring_case(name, wanted.substr(0, kDbfNameBytes)))
                return FieldMatch{static_cast<int>(i), name,
                                  describe(known) + ", its name cut to 10 bytes by the DBF format"};
        }
    }
    return std::nullopt;
}

std::optional<FieldMatch> find_field(const OGRFeatureDefn& defn, FieldRole role)
{
    std::vector<std::string> names;
    for (int i = 0; i < defn.GetFieldCount(); ++i)
        names.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
    return find_field(names, role);
}

std::vector<std::string> known_field_names(FieldRole role)
{
    std::vector<std::string> names;
    for (const auto& known : field_names(role)) {
        names.emplace_back(known.name);
        if (names.back().size() > 10 && static_cast<unsigned char>(names.back()[0]) < 0x80)
            names.push_back(names.back().substr(0, 10)); // as a DBF keeps it
    }
    return names;
}

std::string standard_name_of(const std::string& layer_name)
{
    const auto guess = guess_layer_role(layer_name);
    return guess ? standard_layer_name(guess->role) : layer_name;
}

} // namespace geo
