#include <cstdio>
#include <string>

#include <cpl_json.h>

#include "args.h"
#include "commands.h"
#include "geo/inspect.h"
#include "geo/roles.h"
#include "geo/units.h"
#include "geo/vector_source.h"

namespace cli {
namespace {

std::string crs_text(const geo::CrsDescription& crs)
{
    if (crs.authority_code.empty() && crs.name.empty())
        return "none";
    if (crs.authority_code.empty())
        return crs.name + " (no EPSG code)";
    return crs.authority_code + " (" + crs.name + ")";
}

CPLJSONObject crs_json(const geo::CrsDescription& crs)
{
    CPLJSONObject o;
    o.Add("code", crs.authority_code);
    o.Add("name", crs.name);
    o.Add("geographic", crs.geographic);
    return o;
}

CPLJSONArray extent_json(const OGREnvelope& e)
{
    CPLJSONArray a;
    a.Add(e.MinX);
    a.Add(e.MinY);
    a.Add(e.MaxX);
    a.Add(e.MaxY);
    return a;
}

CPLJSONArray strings_json(const std::vector<std::string>& items)
{
    CPLJSONArray a;
    for (const auto& s : items)
        a.Add(s);
    return a;
}

void print_features(const geo::LayerReport& layer)
{
    for (const auto& feature : layer.features) {
        std::printf("  OGRFeature(%s):%lld\n", layer.name.c_str(), static_cast<long long>(feature.fid));
        for (const auto& field : feature.fields)
            std::printf("    %s = %s\n", field.name.c_str(), field.is_null ? "(null)" : field.value.c_str());
        if (!feature.geometry_wkt.empty())
            std::printf("    %s\n", feature.geometry_wkt.c_str());
    }
}

std::string role_text(const geo::LayerReport& layer)
{
    if (!layer.role)
        return "none (no PlanView name, specification code or Chinese name recognised)";
    std::string text = std::string(geo::role_title(layer.role->role)) + " (" + layer.role->reason + ")";
    if (!layer.role_used)
        text += "; not used: another layer claims this role more strongly";
    return text;
}

void print_vector_text(const geo::VectorReport& report)
{
    std::printf("%s: %s, %zu layers; working CRS %s\n", report.path.c_str(), report.driver.c_str(),
                report.layers.size(), crs_text(report.working_crs).c_str());
    for (const auto& layer : report.layers) {
        std::printf("\nlayer %s\n", layer.name.c_str());
        std::printf("  role: %s\n", role_text(layer).c_str());
        for (const auto& [role, field] : layer.fields)
            std::printf("  %s field: %s (%s)\n", geo::field_role_name(role), field.name.c_str(), field.reason.c_str());
        std::printf("  geometry: %s\n  features: %lld\n  CRS: %s\n", layer.geometry_type.c_str(),
                    static_cast<long long>(layer.feature_count), crs_text(layer.crs).c_str());
        if (layer.extent)
            std::printf("  extent: (%.3f, %.3f) - (%.3f, %.3f)\n", layer.extent->MinX, layer.extent->MinY,
                        layer.extent->MaxX, layer.extent->MaxY);
        std::printf("  invalid geometries: %lld\n", static_cast<long long>(layer.invalid_count));
        if (layer.null_geometry_count > 0)
            std::printf("  features without geometry: %lld\n", static_cast<long long>(layer.null_geometry_count));
        if (layer.measured)
            std::printf("  area: %.4f mu = %.4f ha = %.3f m² (planar, working CRS); ellipsoidal %.4f mu\n",
                        geo::to_mu(layer.planar_area_m2), geo::to_hectares(layer.planar_area_m2), layer.planar_area_m2,
                        geo::to_mu(layer.ellipsoidal_area_m2));
        print_features(layer);
    }
}

CPLJSONObject vector_json(const geo::VectorReport& report)
{
    CPLJSONObject root;
    root.Add("path", report.path);
    root.Add("type", "vector");
    root.Add("driver", report.driver);
    root.Add("working_crs", crs_json(report.working_crs));
    root.Add("warnings", strings_json(report.warnings));
    CPLJSONArray layers;
    for (const auto& layer : report.layers) {
        CPLJSONObject l;
        l.Add("name", layer.name);
        l.Add("geometry_type", layer.geometry_type);
        l.Add("feature_count", static_cast<GInt64>(layer.feature_count));
        l.Add("crs", crs_json(layer.crs));
        if (layer.extent)
            l.Add("extent", extent_json(*layer.extent));
        l.Add("invalid_geometries", static_cast<GInt64>(layer.invalid_count));
        l.Add("null_geometries", static_cast<GInt64>(layer.null_geometry_count));
        if (layer.role) {
            CPLJSONObject role;
            role.Add("role", geo::standard_layer_name(layer.role->role));
            role.Add("reason", layer.role->reason);
            role.Add("used", layer.role_used);
            l.Add("role", role);
        }
        CPLJSONObject fields;
        for (const auto& [role, field] : layer.fields) {
            CPLJSONObject f;
            f.Add("field", field.name);
            f.Add("reason", field.reason);
            fields.Add(geo::field_role_name(role), f);
        }
        l.Add("fields", fields);
        if (layer.measured) {
            l.Add("area_m2", layer.planar_area_m2);
            l.Add("area_mu", geo::to_mu(layer.planar_area_m2));
            l.Add("area_ha", geo::to_hectares(layer.planar_area_m2));
            l.Add("ellipsoidal_area_m2", layer.ellipsoidal_area_m2);
            l.Add("ellipsoidal_area_mu", geo::to_mu(layer.ellipsoidal_area_m2));
        }
        l.Add("warnings", strings_json(layer.warnings));
        l.Add("errors", strings_json(layer.errors));
        CPLJSONArray features;
        for (const auto& feature : layer.features) {
            CPLJSONObject f;
            f.Add("fid", static_cast<GInt64>(feature.fid));
            CPLJSONObject attributes;
            for (const auto& field : feature.fields) {
                if (field.is_null)
                    attributes.AddNull(field.name);
                else
                    attributes.Add(field.name, field.value);
            }
            f.Add("attributes", attributes);
            f.Add("geometry", feature.geometry_wkt);
            features.Add(f);
        }
        if (!layer.features.empty())
            l.Add("features", features);
        layers.Add(l);
    }
    root.Add("layers", layers);
    return root;
}

int report_raster(const std::string& path, bool json)
{
    const geo::RasterReport r = geo::inspect_raster(path);
    if (json) {
        CPLJSONObject root;
        root.Add("path", r.path);
        root.Add("type", "raster");
        root.Add("driver", r.driver);
        root.Add("width", r.width);
        root.Add("height", r.height);
        root.Add("bands", r.bands);
        root.Add("crs", crs_json(r.crs));
        CPLJSONArray resolution;
        resolution.Add(r.resolution_x);
        resolution.Add(r.resolution_y);
        root.Add("resolution", resolution);
        root.Add("extent", extent_json(r.extent));
        if (r.nodata)
            root.Add("nodata", *r.nodata);
        root.Add("min", r.min);
        root.Add("max", r.max);
        std::printf("%s\n", root.Format(CPLJSONObject::PrettyFormat::Pretty).c_str());
        return 0;
    }
    std::printf("%s: %s raster, %d x %d, %d band(s)\n  CRS: %s\n  resolution: %.3f x %.3f\n", r.path.c_str(),
                r.driver.c_str(), r.width, r.height, r.bands, crs_text(r.crs).c_str(), r.resolution_x, r.resolution_y);
    std::printf("  extent: (%.3f, %.3f) - (%.3f, %.3f)\n", r.extent.MinX, r.extent.MinY, r.extent.MaxX, r.extent.MaxY);
    if (r.nodata)
        std::printf("  nodata: %g\n", *r.nodata);
    std::printf("  min: %.2f  max: %.2f\n", r.min, r.max);
    return 0;
}

} // namespace

int run_info(int argc, char** argv)
{
    const Args args(argc, argv, 2, {{"--json", false}, {"--features"}, {"--crs"}, {"--working-crs"}});
    const geo::SourceSpec spec =
        geo::parse_source_spec(args.single_positional("the file to inspect (planview info PATH[:LAYER])"));
    const std::string& path = spec.path;
    const bool json = args.has("--json");
    if (geo::probe_kind(path) == geo::DataKind::Raster)
        return report_raster(path, json);

    geo::InspectOptions options;
    options.assigned_crs = args.value_or("--crs", "");
    options.working_crs = args.value_or("--working-crs", "");
    options.only_layer = spec.layer;
    options.feature_samples = static_cast<int>(args.integer("--features", 0, 1'000'000).value_or(0));
    const geo::VectorReport report = geo::inspect_vector(path, options);

    if (json)
        std::printf("%s\n", vector_json(report).Format(CPLJSONObject::PrettyFormat::Pretty).c_str());
    else
        print_vector_text(report);
    std::fflush(stdout);

    for (const auto& warning : report.warnings)
        std::fprintf(stderr, "planview: warning: %s\n", warning.c_str());
    int status = 0;
    for (const auto& layer : report.layers) {
        for (const auto& warning : layer.warnings)
            std::fprintf(stderr, "planview: warning: %s: layer '%s': %s\n", path.c_str(), layer.name.c_str(),
                         warning.c_str());
        for (const auto& error : layer.errors) {
            std::fprintf(stderr, "planview: %s\n", error.c_str());
            status = 1;
        }
    }
    return status;
}

} // namespace cli
