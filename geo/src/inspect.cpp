#include "geo/inspect.h"

#include <filesystem>

#include "geo/dem.h"
#include "geo/error.h"
#include "geo/geodesic_area.h"
#include "geo/geometry_type.h"
#include "geo/layer_reader.h"
#include "geo/roles.h"
#include "geo/vector_source.h"

namespace geo {
namespace {

constexpr size_t kWktDisplayLength = 120;

// The working CRS: the user's, else the CGCS2000 3-degree zone of the first layer that has
// a CRS and an extent.
SrsPtr choose_working_crs(const VectorSource& source, const InspectOptions& options)
{
    if (!options.working_crs.empty())
        return srs_from_user_text(options.working_crs);
    for (const auto& name : source.layer_names()) {
        OGRLayer& layer = source.layer(name);
        OGREnvelope extent;
        if (layer.GetExtent(&extent, TRUE) != OGRERR_NONE)
            continue;
        try {
            SrsPtr srs = layer_crs(source, layer, options.assigned_crs);
            return working_crs_for_longitude(centre_longitude(*srs, extent));
        } catch (const Error&) {
            continue; // that layer's own report says what is wrong with it
        }
    }
    return nullptr;
}

FeatureSample sample_of(const OGRFeature& feature, const GEOSGeometry* geometry)
{
    FeatureSample sample;
    sample.fid = feature.GetFID();
    for (int i = 0; i < feature.GetFieldCount(); ++i) {
        FieldValue value;
        value.name = feature.GetFieldDefnRef(i)->GetNameRef();
        value.is_null = !feature.IsFieldSetAndNotNull(i);
        if (!value.is_null)
            value.value = feature.GetFieldAsString(i);
        sample.fields.push_back(std::move(value));
    }
    if (geometry != nullptr) {
        sample.geometry_wkt = to_wkt(*geometry, 3);
        if (sample.geometry_wkt.size() > kWktDisplayLength)
            sample.geometry_wkt = sample.geometry_wkt.substr(0, kWktDisplayLength) + "...";
    }
    return sample;
}

bool lacks_crs(OGRLayer& layer, const InspectOptions& options)
{
    const OGRSpatialReference* srs = layer.GetSpatialRef();
    return options.assigned_crs.empty() && (srs == nullptr || srs->IsEmpty());
}

// A layer without a CRS is still listed, counted and validated in its own coordinates; only
// its area needs a CRS. Commands that compute with it refuse it (layer_crs).
void measure_layer(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference* working,
                   const InspectOptions& options, LayerReport& report)
{
    const bool no_crs = lacks_crs(layer, options);
    SrsPtr srs = no_crs ? SrsPtr(new OGRSpatialReference()) : layer_crs(source, layer, options.assigned_crs);
    const bool measures = report.polygonal && working != nullptr && !no_crs;
    std::optional<GeodesicArea> geodesic;
    if (measures)
        geodesic.emplace(*working);
    LayerReader reader(source, layer, *srs, no_crs ? nullptr : working);
    while (auto feature = reader.next()) {
        if (static_cast<int>(report.features.size()) < options.feature_samples)
            report.features.push_back(sample_of(*feature->attributes, feature->geometry.get()));
        if (!feature->geometry) {
            ++report.null_geometry_count;
            continue;
        }
        GeomPtr& geometry = feature->geometry;
        if (!is_valid(*geometry)) {
            ++report.invalid_count;
            if (measures)
                geometry = make_valid_polygonal(*geometry);
        }
        if (measures) {
            report.planar_area_m2 += area(*geometry);
            report.ellipsoidal_area_m2 += geodesic->of(*geometry);
        }
    }
    report.feature_count = reader.features_read();
    report.measured = measures;
}

LayerReport report_layer(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference* working,
                         const InspectOptions& options)
{
    LayerReport report;
    report.name = layer.GetName();
    for (const FieldRole role :
         {FieldRole::ParcelId, FieldRole::LandUseCode, FieldRole::LandUseName, FieldRole::Town, FieldRole::Name})
        if (auto match = find_field(*layer.GetLayerDefn(), role))
            report.fields.push_back({role, std::move(*match)});
    report.geometry_type = OGRGeometryTypeToName(layer.GetGeomType());
    report.polygonal = is_polygonal_type(layer.GetGeomType());
    if (const OGRSpatialReference* srs = layer.GetSpatialRef())
        report.crs = describe(*srs);
    OGREnvelope extent;
    if (layer.GetExtent(&extent, TRUE) == OGRERR_NONE)
        report.extent = extent;
    if (layer.GetSpatialRef() != nullptr && report.extent)
        report.warnings = crs_warnings(*layer.GetSpatialRef(), *report.extent);
    const bool has_geometry = layer.GetGeomType() != wkbNone;
    if (has_geometry && lacks_crs(layer, options)) {
        std::string warning = "no CRS: listed in its own coordinates, no area; commands that compute with it need "
                              "--crs EPSG:CODE or a .prj";
        if (report.extent) {
            const std::string hint = guess_crs_hint(*report.extent);
            if (!hint.empty())
                warning += "; " + hint;
        }
        report.warnings.push_back(warning);
    }
    try {
        if (has_geometry)
            measure_layer(source, layer, working, options, report);
        else {
            LayerReader reader(source, layer, OGRSpatialReference(), nullptr);
            while (auto feature = reader.next())
                if (static_cast<int>(report.features.size()) < options.feature_samples)
                    report.features.push_back(sample_of(*feature->attributes, nullptr));
            report.feature_count = reader.features_read();
        }
    } catch (const Error& error) {
        report.errors.push_back(error.what());
        return report;
    }
    if (report.feature_count == 0)
        report.warnings.push_back("empty (no features)");
    if (report.invalid_count > 0)
        report.warnings.push_back(std::to_string(report.invalid_count) +
                                  " invalid geometries (repaired with MakeValid for the area; the file is unchanged)");
    return report;
}

} // namespace

DataKind probe_kind(const std::string& path)
{
    ensure_gdal_registered();
    const bool connection = path.rfind("PG:", 0) == 0 || path.rfind("/vsi", 0) == 0;
    std::error_code ec;
    if (!connection && !std::filesystem::exists(path, ec))
        throw file_error(path, "no such file or directory");
    if (!connection && std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == 0)
        throw file_error(path, "the file is empty (0 bytes)");
    CPLErrorReset();
    DatasetPtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!dataset)
        throw file_error(path, "not data GDAL can read (" + last_gdal_error("unrecognised or damaged format") + ")");
    if (dataset->GetLayerCount() > 0 || dataset->GetRasterCount() == 0)
        return DataKind::Vector;
    return DataKind::Raster;
}

VectorReport inspect_vector(const std::string& path, const InspectOptions& options)
{
    if (!options.assigned_crs.empty())
        srs_from_user_text(options.assigned_crs); // a bad --crs is one error, not one per layer
    VectorSource source = VectorSource::open(path);
    VectorReport report;
    report.path = path;
    report.driver = source.driver_name();
    report.warnings = source.warnings();
    if (source.dataset().GetLayerCount() == 0)
        throw file_error(path, "no vector layers");
    SrsPtr working = choose_working_crs(source, options);
    if (working)
        report.working_crs = describe(*working);
    for (const auto& assignment : assign_layer_roles(source)) {
        if (!options.only_layer.empty() && assignment.layer != options.only_layer)
            continue;
        LayerReport& layer =
            report.layers.emplace_back(report_layer(source, source.layer(assignment.layer), working.get(), options));
        layer.role = assignment.guess;
        layer.role_used = assignment.used;
    }
    if (report.layers.empty())
        source.layer(options.only_layer); // throws, naming the layers there are
    return report;
}

RasterReport inspect_raster(const std::string& path)
{
    Dem dem = Dem::open(path);
    RasterReport report;
    report.path = path;
    report.driver = dem.dataset().GetDriver()->GetDescription();
    report.width = dem.width();
    report.height = dem.height();
    report.bands = dem.dataset().GetRasterCount();
    report.crs = describe(dem.crs());
    report.resolution_x = dem.resolution_x();
    report.resolution_y = dem.resolution_y();
    const double* g = dem.geotransform();
    report.extent.MinX = g[0];
    report.extent.MaxX = g[0] + g[1] * dem.width();
    report.extent.MaxY = g[3];
    report.extent.MinY = g[3] + g[5] * dem.height();
    report.nodata = dem.nodata();
    const auto range = dem.range();
    report.min = range.min;
    report.max = range.max;
    return report;
}

} // namespace geo
