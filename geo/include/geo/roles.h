#pragma once
// Which layer of a source plays which part in a plan (parcels, farmland, red line, urban
// boundary, the three zones, towns, county), and which field holds a parcel's id, land-use
// code, town or name: found by PlanView's own names, by the table and field codes of the
// national master-plan database specification (YJJBNT, STBHHX, CZKFBJ, XZQMC, …) and by
// Chinese layer names, so a delivery package opens as it comes. The sources are cited in
// the README ("Layer and field names").
#include <optional>
#include <string>
#include <vector>

class OGRFeatureDefn;
class OGRLayer;

namespace geo {

class VectorSource;

enum class LayerRole { Parcels, Farmland, Redline, UrbanBoundary, ThreeZones, Towns, County };

inline constexpr LayerRole kAllLayerRoles[] = {LayerRole::Parcels,       LayerRole::Farmland,   LayerRole::Redline,
                                               LayerRole::UrbanBoundary, LayerRole::ThreeZones, LayerRole::Towns,
                                               LayerRole::County};

// The name PlanView gives the role's layer in what it writes ("farmland", "eco_redline", …).
const char* standard_layer_name(LayerRole role);
// What the role is, for people: "永久基本农田 permanent basic farmland".
const char* role_title(LayerRole role);

struct RoleGuess {
    LayerRole role;
    std::string reason; // "table code YJJBNT (永久基本农田) of the national specification"
    int strength = 0;   // higher wins when several layers claim one role
};

// The role a layer's name (or its FileGDB alias) suggests, if any.
std::optional<RoleGuess> guess_layer_role(const std::string& layer_name, const std::string& alias = {});

struct LayerAssignment {
    std::string layer;
    std::optional<RoleGuess> guess; // none: no role
    bool used = false;              // false when another layer claimed the role more strongly
};

// Every layer of `source` with the role it was given, in the source's layer order.
std::vector<LayerAssignment> assign_layer_roles(const VectorSource& source);

// The layer of `source` that plays `role`, or nullptr.
OGRLayer* find_role_layer(const VectorSource& source, LayerRole role);

enum class FieldRole { ParcelId, LandUseCode, LandUseName, Town, Name };

// "parcel id", "land-use code", "town", "name"; the key of `planview info --json`'s "fields".
const char* field_role_name(FieldRole role);

struct FieldMatch {
    int index = -1;
    std::string name;
    std::string reason; // "field code XZMC (乡镇名称)"
};

// The field of `defn` that plays `role`, if any. A DBF field name cut to 10 bytes
// ("land_use_c") is recognised and said so in the reason.
std::optional<FieldMatch> find_field(const OGRFeatureDefn& defn, FieldRole role);
// The same over a list of field names (index into `names`).
std::optional<FieldMatch> find_field(const std::vector<std::string>& names, FieldRole role);
// Every name a field playing `role` may have, for reading only the fields a picture needs.
std::vector<std::string> known_field_names(FieldRole role);

// The role's standard name when `layer_name` suggests a role (guess_layer_role), else the
// name itself: how the viewer styles, orders and labels a delivery's YJJBNT like farmland.
std::string standard_name_of(const std::string& layer_name);

} // namespace geo
