#include "geo/intake.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/gdal_target.h"
#include "geo/geometry_type.h"
#include "geo/geos.h"
#include "geo/land_use_codes.h"
#include "geo/overlaps.h"
#include "geo/parallel.h"
#include "geo/qgis_style.h"
#include "geo/roles.h"
#include "geo/three_zones.h"
#include "geo/units.h"
#include "geo/vector_source.h"

namespace geo {
namespace {

constexpr std::size_t kDbfNameBytes = 10;

std::string fixed(double value, int decimals)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

// The specification's field codes are capital pinyin initials made to fit a DBF (YJJBNTTBBH):
// a 10-byte name of that shape is whole, not cut.
bool is_specification_code(const std::string& name)
{
    return std::all_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string epsg_text(int code)
{
    return "EPSG:" + std::to_string(code);
}

// How one source layer is read: its CRS as intake settles it, whether x and y come swapped.
struct LayerPlan {
    OGRLayer* layer = nullptr;
    std::string out_name;
    std::optional<LayerRole> role;
    SrsPtr srs;
    bool swap_axes = false;
    OGREnvelope extent; // in `srs`, after any swap
};

// A field of the clean layer: the source field it comes from and its name there.
struct FieldPlan {
    int source_index;
    std::string out_name;
};

struct Row {
    std::int64_t fid;
    FeaturePtr attributes;
    GeomPtr geometry;           // in the working CRS, repaired; null when left out
    GeomPtr original;           // the geometry before repair, when repaired
    std::string problem;        // why it is among the originals; empty when it is not
    std::string converted_code; // a 三调 code's 用地用海 counterpart
};

// The colours the viewer draws each role in, for QGIS (layer_styles).
std::optional<std::string> style_for(const LayerPlan& plan, const std::vector<FieldPlan>& fields,
                                     const std::vector<Row>& rows)
{
    if (!plan.role)
        return std::nullopt;
    switch (*plan.role) {
    case LayerRole::Parcels: {
        std::vector<QmlClass> classes;
        for (const auto& c : land_use_palette())
            classes.push_back({c.code, std::string(c.code) + " " + c.name, {{c.r, c.g, c.b, 230}}});
        return categorised_fill_qml("land_use_code", classes);
    }
    case LayerRole::Farmland:
        return single_fill_qml({{250, 220, 60, 140}, {200, 160, 0, 255}});
    case LayerRole::Redline:
        return single_fill_qml({{230, 40, 40, 90}, {210, 0, 0, 255}, 0.6});
    case LayerRole::UrbanBoundary:
        return single_fill_qml({{0, 0, 0, 0}, {150, 40, 200, 255}, 0.8, false});
    case LayerRole::ThreeZones: {
        // The field naming each feature's zone, whatever it is called.
        for (const auto& field : fields)
            for (const auto& row : rows)
                if (row.attributes->IsFieldSetAndNotNull(field.source_index) &&
                    zone_named_in(row.attributes->GetFieldAsString(field.source_index)) >= 0) {
                    const std::array<QmlColour, 3> tints = {
                        {{250, 225, 140, 160}, {120, 190, 110, 160}, {240, 150, 130, 160}}};
                    std::vector<QmlClass> classes;
                    for (std::size_t z = 0; z < kZoneNames.size(); ++z)
                        classes.push_back({kZoneNames[z], kZoneNames[z], {tints[z], {120, 120, 120, 255}}});
                    return categorised_fill_qml(field.out_name, classes);
                }
        return std::nullopt;
    }
    case LayerRole::Towns:
    case LayerRole::County:
        return single_fill_qml({{0, 0, 0, 0}, {60, 60, 60, 255}, 0.5, false});
    }
    return std::nullopt;
}

class Intake {
public:
    Intake(const IntakeOptions& options, const std::function<void(double)>& progress)
        : options_(options), progress_(progress), source_(VectorSource::open(options.source))
    {}

    IntakeResult run();

private:
    void report(const std::string& layer, std::int64_t fid, std::string kind, std::string detail, std::string action)
    {
        result_.problems.push_back({layer, fid, std::move(kind), std::move(detail), std::move(action)});
    }
    void check_cancel() const
    {
        if (options_.cancel != nullptr && options_.cancel->load())
            throw Error("cancelled");
    }
    std::optional<LayerPlan> plan_layer(OGRLayer& layer, const LayerAssignment& assignment);
    SrsPtr choose_working(const std::vector<LayerPlan>& plans) const;
    std::vector<FieldPlan> plan_fields(const LayerPlan& plan, std::map<FieldRole, int>& roles);
    void take_layer(const LayerPlan& plan, GdalTarget& out, IntakeLayer& summary);
    std::vector<Row> read_rows(const LayerPlan& plan, const std::map<FieldRole, int>& roles, IntakeLayer& summary);
    void report_overlaps(const LayerPlan& plan, const std::vector<Row>& rows);
    void write_rows(const LayerPlan& plan, const std::vector<FieldPlan>& fields, int code_field, std::vector<Row>& rows,
                    GdalTarget& out, IntakeLayer& summary);
    void write_report(GdalTarget& out);

    const IntakeOptions& options_;
    const std::function<void(double)>& progress_;
    VectorSource source_;
    SrsPtr working_;
    IntakeResult result_;
};

std::optional<LayerPlan> Intake::plan_layer(OGRLayer& layer, const LayerAssignment& assignment)
{
    const std::string name = layer.GetName();
    LayerPlan plan;
    plan.layer = &layer;
    if (assignment.used) {
        plan.role = assignment.guess->role;
        plan.out_name = standard_layer_name(*plan.role);
    } else {
        plan.out_name = name;
    }
    if (layer.GetGeomType() == wkbNone)
        return plan; // an attribute table: copied as it is
    if (layer.GetExtent(&plan.extent, TRUE) != OGRERR_NONE) {
        report(name, -1, "empty_geometry", "the layer has no features with geometry", "written empty");
        plan.srs.reset(layer.GetSpatialRef() ? layer.GetSpatialRef()->Clone() : nullptr);
        return plan;
    }
    const OGRSpatialReference* declared = layer.GetSpatialRef();
    if (declared != nullptr && !declared->IsEmpty()) {
        plan.srs.reset(declared->Clone());
        plan.srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    } else if (!options_.assigned_crs.empty()) {
        plan.srs = srs_from_user_text(options_.assigned_crs);
        report(name, -1, "no_crs", "the layer declares no CRS (no .prj)",
               "read as " + options_.assigned_crs + " (--crs)");
    } else if (const auto guess = guess_crs_epsg(plan.extent)) {
        plan.srs = srs_from_epsg(*guess);
        report(name, -1, "no_crs",
               "the layer declares no CRS (no .prj); its coordinates look like " + epsg_text(*guess) + " (" +
                   describe(*plan.srs).name + ")",
               "read as " + epsg_text(*guess) + "; confirm with the supplier or name one with --crs");
    } else {
        const std::string hint = guess_crs_hint(plan.extent);
        report(name, -1, "no_crs",
               "the layer declares no CRS and its coordinates do not tell which" +
                   (hint.empty() ? std::string() : " (" + hint + ")"),
               "left out: name its CRS with --crs EPSG:CODE");
        return std::nullopt;
    }
    CoordinateDiagnosis d = diagnose_coordinates(*plan.srs, plan.extent);
    if (d.swapped_axes) {
        plan.swap_axes = true;
        std::swap(plan.extent.MinX, plan.extent.MinY);
        std::swap(plan.extent.MaxX, plan.extent.MaxY);
        report(name, -1, "swapped_axes",
               "x holds northings (" + fixed(plan.extent.MinY, 0) + ") and y eastings (" + fixed(plan.extent.MinX, 0) +
                   ")",
               "x and y swapped back");
        d = diagnose_coordinates(*plan.srs, plan.extent);
    }
    if (d.crs_zone_prefixed)
        report(name, -1, "zone_prefix",
               "eastings carry the zone number (" + describe(*plan.srs).authority_code +
                   ", x = " + fixed(plan.extent.MinX, 0) + ")",
               "reprojected to the working CRS");
    if (d.unprefixed_crs_zone != 0) {
        const int prefixed = cgcs2000_gk3_epsg(d.unprefixed_crs_zone, true);
        report(name, -1, "zone_prefix",
               "eastings carry zone prefix " + std::to_string(d.unprefixed_crs_zone) +
                   " (x = " + fixed(plan.extent.MinX, 0) + ") but the declared CRS " +
                   describe(*plan.srs).authority_code + " has none",
               "read as " + epsg_text(prefixed) + ", reprojected to the working CRS");
        plan.srs = srs_from_epsg(prefixed);
    }
    return plan;
}

SrsPtr Intake::choose_working(const std::vector<LayerPlan>& plans) const
{
    if (!options_.working_crs.empty())
        return srs_from_user_text(options_.working_crs);
    const LayerPlan* basis = nullptr;
    for (const auto& plan : plans)
        if (plan.srs && (basis == nullptr || plan.role == LayerRole::Parcels))
            basis = &plan;
    if (basis == nullptr)
        throw file_error(options_.source, "no layer with a known CRS and features to take the working CRS from");
    return working_crs_for_longitude(centre_longitude(*basis->srs, basis->extent));
}

std::vector<FieldPlan> Intake::plan_fields(const LayerPlan& plan, std::map<FieldRole, int>& roles)
{
    const OGRFeatureDefn& defn = *plan.layer->GetLayerDefn();
    const std::string layer_name = plan.layer->GetName();
    // A towns layer's XZQMC is its name (labels) before it is a town field.
    const bool named_areas = plan.role == LayerRole::Towns || plan.role == LayerRole::County;
    const std::vector<std::pair<FieldRole, const char*>> wanted =
        named_areas ? std::vector<std::pair<FieldRole, const char*>>{{FieldRole::Name, "name"}}
                    : std::vector<std::pair<FieldRole, const char*>>{{FieldRole::ParcelId, "parcel_id"},
                                                                     {FieldRole::LandUseCode, "land_use_code"},
                                                                     {FieldRole::LandUseName, "land_use_name"},
                                                                     {FieldRole::Town, "town"},
                                                                     {FieldRole::Name, "name"}};
    std::map<int, std::string> renamed;
    for (const auto& [role, standard] : wanted) {
        const auto match = find_field(defn, role);
        if (!match || renamed.count(match->index))
            continue;
        if (role == FieldRole::ParcelId && plan.role != LayerRole::Parcels)
            continue; // a patch's BSM is not a parcel id
        roles[role] = match->index;
        renamed[match->index] = standard;
    }
    const bool dbf = source_.driver_name() == "ESRI Shapefile";
    std::vector<FieldPlan> fields;
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        const std::string name = defn.GetFieldDefn(i)->GetNameRef();
        const auto it = renamed.find(i);
        std::string out = it == renamed.end() ? name : it->second;
        if (dbf && name.size() == kDbfNameBytes && !is_specification_code(name))
            report(layer_name, -1, "truncated_field_name",
                   "field '" + name + "' is 10 bytes long, the DBF limit: its name was probably cut short",
                   it != renamed.end() && out.size() > kDbfNameBytes && out.compare(0, kDbfNameBytes, name) == 0
                       ? "restored as '" + out + "'"
                       : "kept as '" + out + "'");
        fields.push_back({i, out});
    }
    return fields;
}

std::vector<Row> Intake::read_rows(const LayerPlan& plan, const std::map<FieldRole, int>& roles, IntakeLayer& summary)
{
    const std::string layer_name = plan.layer->GetName();
    auto role_field = [&](FieldRole role) {
        const auto it = roles.find(role);
        return it == roles.end() ? -1 : it->second;
    };
    const int id_field = role_field(FieldRole::ParcelId);
    const int code_field = role_field(FieldRole::LandUseCode);
    const int class_field = role_field(FieldRole::LandUseName);
    const bool survey_field =
        code_field >= 0 &&
        std::string(plan.layer->GetLayerDefn()->GetFieldDefn(code_field)->GetNameRef()).find("DLBM") !=
            std::string::npos;
    const bool polygonal = is_polygonal_type(plan.layer->GetGeomType());
    TransformPtr transform = plan.srs ? make_transform(*plan.srs, *working_) : nullptr;

    std::map<std::string, std::int64_t> first_with_id;
    std::vector<Row> rows;
    plan.layer->ResetReading();
    CPLErrorReset();
    for (FeaturePtr feature(plan.layer->GetNextFeature()); feature; feature.reset(plan.layer->GetNextFeature())) {
        if (rows.size() % 4096 == 0)
            check_cancel();
        Row row;
        row.fid = feature->GetFID();
        ++summary.read;
        if (id_field >= 0) {
            const std::string id = feature->IsFieldSetAndNotNull(id_field) ? feature->GetFieldAsString(id_field) : "";
            if (id.empty())
                report(layer_name, row.fid, "missing_id", "no parcel id",
                       "kept without one; give it an id at the source");
            else if (const auto [it, fresh] = first_with_id.emplace(id, row.fid); !fresh)
                report(layer_name, row.fid, "duplicate_id",
                       "parcel id '" + id + "' is also feature " + std::to_string(it->second) + "'s",
                       "kept; ids must be unique: fix at the source");
        }
        if (code_field >= 0 && feature->IsFieldSetAndNotNull(code_field)) {
            const std::string code = feature->GetFieldAsString(code_field);
            const std::string class_name = class_field >= 0 && feature->IsFieldSetAndNotNull(class_field)
                                               ? feature->GetFieldAsString(class_field)
                                               : "";
            if (const auto conversion = survey_conversion(code, class_name, survey_field)) {
                const char* name = land_use_class_name(conversion->land_use_code);
                report(layer_name, row.fid, "survey_code", "land-use code " + code + " is " + conversion->reason,
                       "converted to 用地用海 " + conversion->land_use_code + (name ? std::string(" ") + name : ""));
                row.converted_code = conversion->land_use_code;
            } else if (!code.empty() && land_use_class_name(code) == nullptr) {
                report(layer_name, row.fid, "unknown_code", "land-use code '" + code + "' is no 用地用海 class",
                       "kept");
            }
        }
        std::unique_ptr<OGRGeometry> geometry(feature->StealGeometry());
        row.attributes = std::move(feature);
        if (plan.layer->GetGeomType() != wkbNone) {
            if (!geometry || geometry->IsEmpty()) {
                report(layer_name, row.fid, "empty_geometry", "the feature has no geometry",
                       "left out; its attributes are kept in " + plan.out_name + "_originals");
                row.problem = "empty_geometry";
                ++summary.left_out;
                rows.push_back(std::move(row));
                continue;
            }
            if (plan.swap_axes)
                geometry->swapXY();
            if (geometry->transform(transform.get()) != OGRERR_NONE) {
                report(layer_name, row.fid, "unreadable", "its coordinates cannot be transformed to the working CRS",
                       "left out");
                ++summary.left_out;
                continue;
            }
            row.geometry = to_geos(*geometry);
            if (!is_valid(*row.geometry)) {
                const std::string reason = invalid_reason(*row.geometry);
                if (polygonal) {
                    row.original = std::move(row.geometry);
                    row.geometry = make_valid_polygonal(*row.original);
                    row.problem = "invalid_geometry";
                    ++summary.repaired;
                    report(layer_name, row.fid, "invalid_geometry", reason,
                           "repaired with MakeValid (its polygonal part); the original is kept in " + plan.out_name +
                               "_originals");
                } else {
                    report(layer_name, row.fid, "invalid_geometry", reason, "kept as it is (not a polygon)");
                }
            }
        }
        rows.push_back(std::move(row));
    }
    if (CPLGetLastErrorType() >= CE_Failure)
        report(layer_name, -1, "unreadable", "GDAL stopped reading: " + last_gdal_error("read error"),
               "what was read before is kept");
    return rows;
}

void Intake::report_overlaps(const LayerPlan& plan, const std::vector<Row>& rows)
{
    if (!is_polygonal_type(plan.layer->GetGeomType()))
        return;
    std::vector<GeomPtr> polygons;
    std::vector<const Row*> of;
    for (const auto& row : rows)
        if (row.geometry) {
            polygons.push_back(clone(*row.geometry));
            of.push_back(&row);
        }
    const int threads = options_.threads > 0 ? options_.threads : default_thread_count();
    auto pairs = overlapping_pairs(polygons, threads);
    std::sort(pairs.begin(), pairs.end());
    const bool parcels = plan.role == LayerRole::Parcels;
    for (const auto& [i, j] : pairs) {
        const double shared = area(*polygonal_part(*intersection(*polygons[i], *polygons[j])));
        if (shared <= 0)
            continue;
        report(plan.layer->GetName(), of[i]->fid, "overlap",
               "overlaps feature " + std::to_string(of[j]->fid) + " by " + fixed(shared, 2) + " m² (" +
                   fixed(to_mu(shared), 4) + " mu)",
               parcels ? "kept: both parcels claim this ground; fix at the source"
                       : "kept: the check counts ground shared by patches once");
    }
}

void Intake::write_rows(const LayerPlan& plan, const std::vector<FieldPlan>& fields, int code_field,
                        std::vector<Row>& rows, GdalTarget& out, IntakeLayer& summary)
{
    const OGRFeatureDefn& source_defn = *plan.layer->GetLayerDefn();
    const bool has_geometry = plan.layer->GetGeomType() != wkbNone;
    const bool polygonal = is_polygonal_type(plan.layer->GetGeomType());
    const OGRwkbGeometryType type = !has_geometry ? wkbNone
                                    : polygonal   ? wkbMultiPolygon
                                                  : wkbFlatten(plan.layer->GetGeomType());
    const char* options[] = {"GEOMETRY_NAME=geom", "FID=fid", nullptr};
    auto define = [&](OGRLayer& layer, bool originals) {
        OGRFieldDefn source_fid("source_fid", OFTInteger64);
        layer.CreateField(&source_fid);
        if (originals) {
            OGRFieldDefn problem("problem", OFTString);
            layer.CreateField(&problem);
        }
        for (const auto& field : fields) {
            OGRFieldDefn defn(source_defn.GetFieldDefn(field.source_index));
            defn.SetName(field.out_name.c_str());
            layer.CreateField(&defn);
        }
        if (code_field >= 0) {
            OGRFieldDefn original_code("source_land_use_code", OFTString);
            layer.CreateField(&original_code);
        }
    };
    auto fill = [&](OGRFeature& f, const Row& row) {
        f.SetField("source_fid", static_cast<GIntBig>(row.fid));
        for (const auto& field : fields) {
            const int to = f.GetFieldIndex(field.out_name.c_str());
            if (row.attributes->IsFieldSetAndNotNull(field.source_index))
                f.SetField(to, row.attributes->GetRawFieldRef(field.source_index));
        }
        if (code_field >= 0) {
            if (row.attributes->IsFieldSetAndNotNull(code_field))
                f.SetField("source_land_use_code", row.attributes->GetFieldAsString(code_field));
            if (!row.converted_code.empty())
                f.SetField("land_use_code", row.converted_code.c_str());
        }
    };
    auto to_ogr = [&](const GEOSGeometry& g, bool promote) {
        OGRGeometry* ogr = OGRGeometryFactory::createFromGEOS(geos_context(), const_cast<GEOSGeometry*>(&g));
        if (ogr != nullptr && promote)
            ogr = OGRGeometryFactory::forceToMultiPolygon(ogr);
        return ogr;
    };

    GDALDataset& dataset = out.dataset();
    OGRLayer& clean = out.create_layer(plan.out_name.c_str(), has_geometry ? working_.get() : nullptr, type, options);
    define(clean, false);
    OGRLayer* originals = nullptr;
    dataset.StartTransaction();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Row& row = rows[i];
        if (i % 4096 == 0)
            check_cancel();
        if (!row.problem.empty()) {
            if (originals == nullptr) {
                dataset.CommitTransaction();
                originals =
                    &out.create_layer((plan.out_name + "_originals").c_str(), working_.get(), wkbUnknown, options);
                define(*originals, true);
                dataset.StartTransaction();
            }
            FeaturePtr f(OGRFeature::CreateFeature(originals->GetLayerDefn()));
            fill(*f, row);
            f->SetField("problem", row.problem.c_str());
            if (row.original)
                f->SetGeometryDirectly(to_ogr(*row.original, false));
            out.write(*originals, *f);
        }
        if (has_geometry && !row.geometry)
            continue;
        if (row.geometry && GEOSisEmpty_r(geos_context(), row.geometry.get()) == 1) {
            ++summary.left_out;
            report(plan.layer->GetName(), row.fid, "empty_geometry", "nothing polygonal is left after repair",
                   "left out; the original is kept in " + plan.out_name + "_originals");
            continue;
        }
        FeaturePtr f(OGRFeature::CreateFeature(clean.GetLayerDefn()));
        fill(*f, row);
        if (row.geometry)
            f->SetGeometryDirectly(to_ogr(*row.geometry, polygonal));
        out.write(clean, *f);
        ++summary.written;
    }
    dataset.CommitTransaction();
    if (const auto qml = style_for(plan, fields, rows))
        save_qgis_style(dataset, plan.out_name, clean.GetGeometryColumn(), "PlanView", *qml);
}

void Intake::take_layer(const LayerPlan& plan, GdalTarget& out, IntakeLayer& summary)
{
    std::map<FieldRole, int> roles;
    const std::vector<FieldPlan> fields = plan_fields(plan, roles);
    std::vector<Row> rows = read_rows(plan, roles, summary);
    report_overlaps(plan, rows);
    const auto code = roles.find(FieldRole::LandUseCode);
    write_rows(plan, fields, code == roles.end() ? -1 : code->second, rows, out, summary);
}

void Intake::write_report(GdalTarget& out)
{
    auto write_to = [&](GdalTarget& target, const char* name) {
        const char* gpkg_options[] = {"FID=row", nullptr}; // its own "fid" column is the source's
        OGRLayer& layer = target.create_layer(name, nullptr, wkbNone, &target == &out ? gpkg_options : nullptr);
        for (const char* column : intake_report_columns()) {
            OGRFieldDefn defn(column, std::string(column) == "fid" ? OFTInteger64 : OFTString);
            layer.CreateField(&defn);
        }
        target.dataset().StartTransaction();
        for (const auto& p : result_.problems) {
            FeaturePtr f(OGRFeature::CreateFeature(layer.GetLayerDefn()));
            f->SetField("layer", p.layer.c_str());
            if (p.fid >= 0)
                f->SetField("fid", static_cast<GIntBig>(p.fid));
            f->SetField("problem", p.kind.c_str());
            f->SetField("detail", p.detail.c_str());
            f->SetField("action", p.action.c_str());
            target.write(layer, *f);
        }
        target.dataset().CommitTransaction();
    };
    write_to(out, "intake_report");
    if (!options_.report.empty()) {
        GdalTarget csv(options_.report, "CSV", ".csv");
        write_to(csv, std::filesystem::path(options_.report).stem().string().c_str());
        csv.finish();
    }
}

IntakeResult Intake::run()
{
    for (const auto& layer : source_.layers_read_as_gbk())
        report(layer, -1, "encoding", "text is GBK but the layer declares no encoding (no .cpg, no DBF code page)",
               "read as GBK, written as UTF-8");
    std::vector<LayerPlan> plans;
    for (const auto& assignment : assign_layer_roles(source_)) {
        if (auto plan = plan_layer(source_.layer(assignment.layer), assignment))
            plans.push_back(std::move(*plan));
        else
            result_.layers.push_back({assignment.layer, "", 0, 0, 0, 0});
    }
    working_ = choose_working(plans);
    result_.working_crs = describe(*working_).authority_code;

    std::string extension;
    driver_for_output(options_.out, extension);
    if (extension != ".gpkg")
        throw file_error(options_.out, "intake writes a GeoPackage: name it CLEAN.gpkg");
    GdalTarget out(options_.out, "GPKG", ".gpkg");
    for (std::size_t i = 0; i < plans.size(); ++i) {
        IntakeLayer summary{plans[i].layer->GetName(), plans[i].out_name, 0, 0, 0, 0};
        take_layer(plans[i], out, summary);
        result_.layers.push_back(std::move(summary));
        if (progress_)
            progress_(static_cast<double>(i + 1) / static_cast<double>(plans.size() + 1));
    }
    write_report(out);
    out.finish();
    if (progress_)
        progress_(1.0);
    return std::move(result_);
}

} // namespace

const std::vector<const char*>& intake_report_columns()
{
    static const std::vector<const char*> columns = {"layer", "fid", "problem", "detail", "action"};
    return columns;
}

IntakeResult run_intake(const IntakeOptions& options, const std::function<void(double)>& progress)
{
    if (options.out.empty())
        throw Error("intake: no output given (--out CLEAN.gpkg)");
    if (!options.assigned_crs.empty())
        srs_from_user_text(options.assigned_crs); // a bad --crs is one error up front
    return Intake(options, progress).run();
}

} // namespace geo
