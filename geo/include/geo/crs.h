#pragma once
// Coordinate reference systems: describing a source's CRS, choosing the project's working
// CRS (the CGCS2000 3-degree Gauss-Kruger zone of the data), and spotting the two classic
// mistakes in Chinese data: zone-prefixed eastings and swapped axes.
#include <optional>
#include <string>
#include <vector>

#include "geo/gdal_ptr.h"

namespace geo {

inline constexpr int kCgcs2000Geographic = 4490;

struct CrsDescription {
    std::string authority_code; // "EPSG:4549"; empty when the CRS has no identified code
    std::string name;           // "CGCS2000 / 3-degree Gauss-Kruger CM 120E"
    bool geographic = false;
};

CrsDescription describe(const OGRSpatialReference& srs);

// 3-degree Gauss-Kruger zone number (central meridian = 3 × zone) for a longitude;
// China's zones run 25 (75°E) to 45 (135°E). Throws geo::Error outside that range.
int gk3_zone_for_longitude(double longitude);

// EPSG code of the CGCS2000 3-degree zone: 4534–4554 plain ("CM 120E", easting ~500 km),
// 4513–4533 zone-prefixed (easting 40,500,000 in zone 40).
int cgcs2000_gk3_epsg(int zone, bool zone_prefixed = false);

// A CRS in traditional GIS axis order (x = easting/longitude) from "EPSG:4549", WKT or PROJ
// text. Throws geo::Error naming the text when it cannot be understood.
SrsPtr srs_from_user_text(const std::string& text);
SrsPtr srs_from_epsg(int code);

// The working CRS for data centred on `longitude`: the plain CGCS2000 3-degree zone.
SrsPtr working_crs_for_longitude(double longitude);

// Longitude of the centre of `extent` given in `srs`.
double centre_longitude(const OGRSpatialReference& srs, const OGREnvelope& extent);

// A transformation between two CRSs, both in traditional GIS axis order. Throws if PROJ
// cannot build one.
TransformPtr make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to);

// `extent` (in `from`) carried into `to`, its bounds densified so that a curved transform still
// covers it; nullopt when PROJ cannot carry them.
std::optional<OGREnvelope> carried_over(const OGREnvelope& extent, const OGRSpatialReference& from,
                                        const OGRSpatialReference& to);

bool same_crs(const OGRSpatialReference& a, const OGRSpatialReference& b);

// What the coordinates of data in `srs` covering `extent` say about the CRS.
struct CoordinateDiagnosis {
    bool crs_zone_prefixed = false; // the CRS's false easting carries the zone (EPSG:4513-4533)
    bool swapped_axes = false;      // x holds northings (or latitudes) and y eastings (longitudes)
    int unprefixed_crs_zone = 0;    // the eastings carry this zone prefix but the CRS has none; 0: no
};
CoordinateDiagnosis diagnose_coordinates(const OGRSpatialReference& srs, const OGREnvelope& extent);

// Plain-language warnings about data in `srs` covering `extent`: a zone-prefixed easting,
// and coordinates that look swapped (northing in x). Empty when all looks right.
std::vector<std::string> crs_warnings(const OGRSpatialReference& srs, const OGREnvelope& extent);

// A hint for data with no CRS, from the look of its coordinates ("looks like CGCS2000
// Gauss-Kruger zone 40 with zone prefix: try --crs EPSG:4528"); empty when nothing fits.
std::string guess_crs_hint(const OGREnvelope& extent);
// The EPSG code such data most likely has: 4490 for longitude/latitude, the zone-prefixed
// CGCS2000 zone for prefixed eastings; nullopt when the coordinates do not tell (a plain
// Gauss-Kruger easting fits every zone).
std::optional<int> guess_crs_epsg(const OGREnvelope& extent);

} // namespace geo
