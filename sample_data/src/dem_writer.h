#pragma once
#include <string>

#include "county_plan.h"
#include "landscape.h"

namespace sample {

inline constexpr double kDemResolution = 100; // metres

// Writes the terrain as a Float32 GeoTIFF (EPSG:4549, 100 m cells, DEFLATE), nodata beyond
// 1.5 km outside the county.
void write_dem(const std::string& path, const Landscape& land, const CountyPlan& plan);

} // namespace sample
