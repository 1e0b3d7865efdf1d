#pragma once
// planview query run inside PostGIS, where the subject and the other layer (or the subject,
// with a WKT geometry) live in one database: the same predicates and rules as run_query (each
// side made valid first, geometries in the working CRS), answered by the server with a GiST
// index over the other side; the matching features come back in FID order.
#include "geo/query.h"

namespace geo {

// Whether the query can run in the subject's database (the other side is there too, or a WKT;
// a city's counties each in a schema of that database, schemas=NAME).
bool query_in_postgis_possible(const QueryOptions& options);

// Throws geo::Error naming the connection (password hidden), geo::Cancelled between steps.
QueryResult run_query_in_postgis(const QueryOptions& options, const QueryCallbacks& callbacks);

} // namespace geo
