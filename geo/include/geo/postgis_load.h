#pragma once
// Loading a county into a team's PostGIS database: every layer of a source copied into one
// schema with GiST indexes, so that planview open/check work on it there.
#include <functional>
#include <string>

namespace geo {

struct PostgisLoad {
    std::string schema;     // where the layers went
    std::string connection; // the connection string that opens just this county (schemas=SCHEMA)
    int layers = 0;
    long long features = 0;
};

// Copies every layer of `source` into `schema` of the database `connection` ("PG:…"), replacing
// tables of the same names there; creates the schema and the postgis extension when missing.
// Text is UTF-8 (GBK Shapefiles are decoded), geometries keep their CRS, FIDs are kept.
// `progress` gets the fraction done. Throws geo::Error naming the source or the database.
PostgisLoad load_into_postgis(const std::string& source, const std::string& connection, const std::string& schema,
                              const std::function<void(double)>& progress = {});

} // namespace geo
