#pragma once
// A PostGIS table's extent from its GiST index rather than from every geometry. GDAL's
// PostgreSQL driver asks for ST_Extent, which reads them all (0.66 s for a million parcels,
// before a city's first picture can be drawn); PostGIS 3's ST_EstimatedExtent reads the union of
// the boxes at the index's root instead (milliseconds), rounded outward to single precision, so
// it covers every feature. Without a GiST index it would answer from the statistics, about 95%
// of the extent: not used then.
#include <optional>

#include <ogrsf_frmts.h>

namespace geo {

// `layer`'s extent in its own CRS, from the GiST index on its geometry column; nullopt when
// `dataset` is no PostgreSQL database, its PostGIS is older than 3 (whose ST_EstimatedExtent
// reads the statistics), the table has no such index or is empty.
std::optional<OGREnvelope> postgis_index_extent(GDALDataset& dataset, OGRLayer& layer);

} // namespace geo
