#include "geo/crs.h"

#include <algorithm>
#include <cmath>

#include "geo/error.h"

namespace geo {
namespace {

constexpr int kFirstZone = 25;           // central meridian 75°E
constexpr int kLastZone = 45;            // central meridian 135°E
constexpr double kZonePrefixScale = 1e6; // zone-prefixed eastings are zone × 10^6 + easting

bool looks_like_longitude(double x)
{
    return x >= 70 && x <= 140;
}
bool looks_like_latitude(double y)
{
    return y >= 0 && y <= 60;
}
// Gauss-Kruger northings across China: 1 to 6 million metres (Hainan ~2 million); the
// few southern islands below that would be taken for eastings.
bool looks_like_northing(double v)
{
    return v >= 1e6 && v <= 6.5e6;
}
bool looks_like_plain_easting(double v)
{
    return v >= 0 && v < 1e6;
}
bool looks_like_prefixed_easting(double v)
{
    const double zone = std::floor(v / kZonePrefixScale);
    return zone >= 13 && zone <= kLastZone; // 6-degree zones 13-23 or 3-degree 25-45
}

} // namespace

CrsDescription describe(const OGRSpatialReference& srs)
{
    CrsDescription d;
    d.name = srs.GetName() ? srs.GetName() : "";
    d.geographic = srs.IsGeographic();
    const char* authority = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (authority != nullptr && code != nullptr) {
        d.authority_code = std::string(authority) + ":" + code;
        return d;
    }
    // A .prj written by ESRI software has no authority node: accept PROJ's best match
    // when it is confident.
    int count = 0;
    int* confidences = nullptr;
    OGRSpatialReferenceH* matches = srs.FindMatches(nullptr, &count, &confidences);
    if (matches != nullptr && count > 0 && confidences[0] >= 70) {
        const auto* best = OGRSpatialReference::FromHandle(matches[0]);
        if (best->GetAuthorityName(nullptr) && best->GetAuthorityCode(nullptr))
            d.authority_code = std::string(best->GetAuthorityName(nullptr)) + ":" + best->GetAuthorityCode(nullptr);
    }
    OSRFreeSRSArray(matches);
    CPLFree(confidences);
    return d;
}

int gk3_zone_for_longitude(double longitude)
{
    if (!std::isfinite(longitude) || longitude < 73.5 || longitude > 136.5)
        throw Error("longitude " + std::to_string(longitude) +
                    " is outside China's CGCS2000 Gauss-Kruger zones (73.5°E-136.5°E); "
                    "name a working CRS with --crs");
    return static_cast<int>(std::lround(longitude / 3.0));
}

int cgcs2000_gk3_epsg(int zone, bool zone_prefixed)
{
    if (zone < kFirstZone || zone > kLastZone)
        throw Error("no CGCS2000 3-degree zone " + std::to_string(zone));
    return (zone_prefixed ? 4513 : 4534) + (zone - kFirstZone);
}

SrsPtr srs_from_user_text(const std::string& text)
{
    SrsPtr srs(new OGRSpatialReference());
    if (srs->SetFromUserInput(text.c_str()) != OGRERR_NONE)
        throw Error("'" + text + "' is not a CRS PROJ knows (use e.g. EPSG:4549)");
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

SrsPtr srs_from_epsg(int code)
{
    return srs_from_user_text("EPSG:" + std::to_string(code));
}

SrsPtr working_crs_for_longitude(double longitude)
{
    return srs_from_epsg(cgcs2000_gk3_epsg(gk3_zone_for_longitude(longitude)));
}

TransformPtr make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to)
{
    OGRSpatialReference source(from);
    OGRSpatialReference target(to);
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    TransformPtr ct(OGRCreateCoordinateTransformation(&source, &target));
    if (!ct)
        throw Error("cannot transform from " + describe(from).name + " to " + describe(to).name + ": " +
                    last_gdal_error("PROJ found no transformation"));
    return ct;
}

std::optional<OGREnvelope> carried_over(const OGREnvelope& extent, const OGRSpatialReference& from,
                                        const OGRSpatialReference& to)
{
    const TransformPtr transform = make_transform(from, to);
    OGREnvelope carried;
    if (!transform->TransformBounds(extent.MinX, extent.MinY, extent.MaxX, extent.MaxY, &carried.MinX, &carried.MinY,
                                    &carried.MaxX, &carried.MaxY, 21))
        return std::nullopt;
    return carried;
}

bool same_crs(const OGRSpatialReference& a, const OGRSpatialReference& b)
{
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", nullptr};
    return a.IsSame(&b, options) == TRUE;
}

double centre_longitude(const OGRSpatialReference& srs, const OGREnvelope& extent)
{
    double x = (extent.MinX + extent.MaxX) / 2;
    double y = (extent.MinY + extent.MaxY) / 2;
    if (srs.IsGeographic()) {
        return x;
    }
    SrsPtr geographic = srs_from_epsg(kCgcs2000Geographic);
    TransformPtr ct = make_transform(srs, *geographic);
    if (!ct->Transform(1, &x, &y))
        throw Error("cannot find the longitude of the data's centre: " + last_gdal_error("transformation failed"));
    return x;
}

CoordinateDiagnosis diagnose_coordinates(const OGRSpatialReference& srs, const OGREnvelope& extent)
{
    CoordinateDiagnosis d;
    if (srs.IsGeographic()) {
        d.swapped_axes = looks_like_latitude(extent.MinX) && looks_like_latitude(extent.MaxX) &&
                         looks_like_longitude(extent.MinY) && looks_like_longitude(extent.MaxY);
        return d;
    }
    if (!srs.IsProjected())
        return d;
    d.crs_zone_prefixed = srs.GetProjParm(SRS_PP_FALSE_EASTING, 0.0) >= kZonePrefixScale;
    const bool x_is_northing = looks_like_northing(extent.MinX) && looks_like_northing(extent.MaxX);
    const bool y_is_easting = d.crs_zone_prefixed
                                  ? looks_like_prefixed_easting(extent.MinY)
                                  : looks_like_plain_easting(extent.MinY) && looks_like_plain_easting(extent.MaxY);
    d.swapped_axes = x_is_northing && y_is_easting && !looks_like_northing(extent.MinY);
    if (!d.swapped_axes && !d.crs_zone_prefixed && looks_like_prefixed_easting(extent.MinX) && extent.MinX >= 1e7)
        d.unprefixed_crs_zone = std::clamp(static_cast<int>(extent.MinX / kZonePrefixScale), kFirstZone, kLastZone);
    return d;
}

std::vector<std::string> crs_warnings(const OGRSpatialReference& srs, const OGREnvelope& extent)
{
    std::vector<std::string> warnings;
    const CoordinateDiagnosis d = diagnose_coordinates(srs, extent);
    if (d.crs_zone_prefixed)
        warnings.push_back("the CRS carries the zone number in the easting (false easting " +
                           std::to_string(static_cast<long long>(srs.GetProjParm(SRS_PP_FALSE_EASTING, 0.0))) +
                           "); handled: areas and positions are unaffected");
    if (d.swapped_axes && srs.IsGeographic())
        warnings.push_back("coordinates look swapped: x holds latitudes and y longitudes "
                           "(lat/lon written in x/y order)");
    else if (d.swapped_axes)
        warnings.push_back("coordinates look swapped: x holds northings (" +
                           std::to_string(static_cast<long long>(extent.MinX)) +
                           ") and y eastings; swap the columns before use");
    if (d.unprefixed_crs_zone != 0)
        warnings.push_back("eastings carry a zone prefix (x = " + std::to_string(static_cast<long long>(extent.MinX)) +
                           ") but the CRS has none: use the zone-prefixed CRS, e.g. EPSG:" +
                           std::to_string(cgcs2000_gk3_epsg(d.unprefixed_crs_zone, true)));
    return warnings;
}

std::optional<int> guess_crs_epsg(const OGREnvelope& extent)
{
    if (looks_like_longitude(extent.MinX) && looks_like_longitude(extent.MaxX) && looks_like_latitude(extent.MinY) &&
        looks_like_latitude(extent.MaxY))
        return kCgcs2000Geographic;
    if (looks_like_prefixed_easting(extent.MinX) && extent.MinX >= 1e7 && looks_like_northing(extent.MinY)) {
        const int zone = static_cast<int>(extent.MinX / kZonePrefixScale);
        if (zone >= kFirstZone && zone <= kLastZone)
            return cgcs2000_gk3_epsg(zone, true);
    }
    return std::nullopt;
}

std::string guess_crs_hint(const OGREnvelope& extent)
{
    if (const auto epsg = guess_crs_epsg(extent)) {
        if (*epsg == kCgcs2000Geographic)
            return "the coordinates look like longitude/latitude: try --crs EPSG:4490";
        return "the eastings carry zone prefix " + std::to_string(static_cast<int>(extent.MinX / kZonePrefixScale)) +
               ": try --crs EPSG:" + std::to_string(*epsg);
    }
    if (looks_like_plain_easting(extent.MinX) && looks_like_northing(extent.MinY))
        return "the coordinates look like a Gauss-Kruger zone: name it, e.g. --crs EPSG:4549 "
               "(CGCS2000 zone 40, central meridian 120°E)";
    return {};
}

} // namespace geo
