#pragma once
// The sample county as a bureau receives it: a folder of Shapefiles named and fielded after
// the national master-plan database specification, text in GBK without a .cpg, the farmland
// in zone-prefixed Gauss-Kruger coordinates, a few parcels carrying 三调 survey codes.
#include <string>

namespace sample {

// Rewrites the layers of the sample GeoPackage `county_gpkg` into `out_dir` (which exists).
// Throws geo::Error naming the file GDAL could not write.
void write_delivery(const std::string& county_gpkg, const std::string& out_dir);

} // namespace sample
