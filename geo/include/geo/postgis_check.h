#pragma once
// The compliance check run inside PostGIS, where a team's layers live: the same rules as the
// local engine (each geometry made valid to its polygonal part in the working CRS, overlapping
// overlay patches unioned so shared ground counts once, planar areas, the sliver tolerance),
// computed by the server with its GiST indexes and parallel workers; only the figures (and,
// for map outputs, the pieces) come back, a chunk of parcels at a time.
#include <string>

#include "geo/compliance.h"

namespace geo {

// Whether the parcels and the three overlays all come from PostgreSQL connections.
bool all_layers_in_postgis(const CheckOptions& options);

// run_check's work done by the database. The layers must share one connection (the parcels').
// The three zones are measured as locally (each feature's zone named in its text fields).
// Throws geo::Error naming the connection (passwords hidden) for a missing layer, an empty
// parcels layer, no CRS, or SQL the server refuses; geo::Cancelled between chunks.
CheckSummary run_check_in_postgis(const CheckOptions& options, const CheckCallbacks& callbacks);

} // namespace geo
