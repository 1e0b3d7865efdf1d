#pragma once
// Ad-hoc spatial questions ("which industrial parcels touch the red line?"): the features of a
// subject layer that stand in a GEOS predicate to at least one feature of another layer, or
// to one geometry (WKT, a polygon drawn on the map), filtered by an OGR SQL WHERE.
//
// Semantics: a subject feature matches when P(subject, other) holds for some other feature;
// `disjoint` matches when the subject is disjoint from every other feature (it intersects
// none); `dwithin` when some other feature lies within `distance` metres. Invalid geometries on
// either side are made valid first, as in the compliance check.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "geo/compliance.h"
#include "geo/geos.h"

namespace geo {

enum class Predicate {
    Intersects,
    Disjoint,
    Within,
    Contains,
    Covers,
    CoveredBy,
    Overlaps,
    Touches,
    Crosses,
    Equals,
    DWithin
};

// "covered_by" -> Predicate::CoveredBy. Throws geo::Error listing the names when unknown.
Predicate parse_predicate(const std::string& name);
const char* predicate_name(Predicate predicate);

struct QueryOptions {
    LayerRef subject;        // the layer whose features are returned
    LayerRef other;          // the layer they are compared with (or empty with wkt)
    std::string wkt;         // a geometry in the working CRS instead of `other`
    std::string where;       // OGR SQL filter on the subject
    std::string other_where; // OGR SQL filter on the other layer
    Predicate predicate = Predicate::Intersects;
    double distance = 0; // metres, for dwithin
    std::string assigned_crs;
    std::string working_crs; // empty: the zone of the subject's centre
    int threads = 0;
    // Automatic: inside PostGIS when both sides are in the subject's database (postgis_query.h).
    CheckEngine engine = CheckEngine::Automatic;
    // A city: further sources holding layers named as subject.layer and other.layer (its other
    // counties, side by side). The subject layer of every source is queried against the other
    // layer of every source, read around it through the sources' spatial indexes: a parcel on a
    // county's edge meets its neighbour's red line too. A source lacking a layer adds none of
    // it. Inside PostGIS when every county is a schema of one database (postgis_query.h).
    std::vector<std::string> more_sources;
};

struct QueryMatch {
    std::int64_t fid = 0;
    FeaturePtr feature;     // attributes, geometry in the working CRS (repaired when invalid)
    std::size_t source = 0; // whose feature: 0 subject.path, i more_sources[i - 1]
};

struct QueryCallbacks {
    std::function<void(std::vector<QueryMatch>&)> on_matches; // in reading order
    std::function<void(double)> on_progress;
    const std::atomic<bool>* cancel = nullptr;
};

struct QueryResult {
    std::int64_t examined = 0;
    std::int64_t matched = 0;
    std::string working_crs;
    bool in_postgis = false; // answered by the database (postgis_query.h)
};

// Throws geo::Error on bad input, geo::Cancelled when cancelled.
QueryResult run_query(const QueryOptions& options, const QueryCallbacks& callbacks);

} // namespace geo
