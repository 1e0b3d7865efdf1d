#include "geo/postgis_query.h"

#include <regex>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/sql.h"
#include "postgis_server.h"

namespace geo {
namespace {

using postgis::quoted;

// `g` made valid as run_query makes it: polygons and collections to their polygonal part,
// other geometries with MakeValid as they are.
std::string valid_sql(const std::string& g)
{
    return "CASE WHEN ST_IsValid(" + g + ") THEN " + g + " WHEN GeometryType(" + g +
           ") IN ('POLYGON', 'MULTIPOLYGON', 'GEOMETRYCOLLECTION') THEN ST_CollectionExtract(ST_MakeValid(" + g +
           "), 3) ELSE ST_MakeValid(" + g + ") END";
}

// The SQL condition for P(s.g, o.g); Disjoint is asked as "intersects none" by the caller.
std::string predicate_sql(Predicate predicate, double distance)
{
    switch (predicate) {
    case Predicate::Intersects:
    case Predicate::Disjoint:
        return "ST_Intersects(s.g, o.g)";
    case Predicate::Within:
        return "ST_Within(s.g, o.g)";
    case Predicate::Contains:
        return "ST_Contains(s.g, o.g)";
    case Predicate::Covers:
        return "ST_Covers(s.g, o.g)";
    case Predicate::CoveredBy:
        return "ST_CoveredBy(s.g, o.g)";
    case Predicate::Overlaps:
        return "ST_Overlaps(s.g, o.g)";
    case Predicate::Touches:
        return "ST_Touches(s.g, o.g)";
    case Predicate::Crosses:
        return "ST_Crosses(s.g, o.g)";
    case Predicate::Equals:
        return "ST_Equals(s.g, o.g)";
    case Predicate::DWithin:
        return "ST_DWithin(s.g, o.g, " + std::to_string(distance) + ")";
    }
    return "false";
}

// A connection naming one table (GDAL's `tables=NAME`, the way to point at a layer of a
// database on the command line): the connection without it, and the table (else `layer`).
struct DatabaseLayer {
    std::string connection;
    std::string table;
};

DatabaseLayer database_layer(const LayerRef& ref)
{
    static const std::regex tables(R"((^|\s)tables\s*=\s*([^\s,]+))");
    std::smatch found;
    if (!std::regex_search(ref.path, found, tables))
        return {ref.path, ref.layer};
    std::string table = found[2];
    if (const auto paren = table.find('('); paren != std::string::npos) // tables=name(geometry column)
        table.erase(paren);
    return {std::regex_replace(ref.path, tables, "$1"), ref.layer.empty() ? table : ref.layer};
}

OGRLayer& layer_named(const postgis::Server& server, const std::string& name)
{
    return name.empty() ? *server.source().dataset().GetLayer(0) : server.source().layer(name);
}

} // namespace

bool query_in_postgis_possible(const QueryOptions& options)
{
    if (!is_postgresql(options.subject.path))
        return false;
    return !options.wkt.empty() ||
           database_layer(options.other).connection == database_layer(options.subject).connection;
}

QueryResult run_query_in_postgis(const QueryOptions& options, const QueryCallbacks& callbacks)
{
    if (!query_in_postgis_possible(options))
        throw file_error(options.subject.path, "the PostGIS engine needs both layers in one PostgreSQL database");
    auto progress = [&](double f) {
        if (callbacks.on_progress)
            callbacks.on_progress(f);
    };
    const DatabaseLayer subject_ref = database_layer(options.subject);
    postgis::Server server(subject_ref.connection, callbacks.cancel);
    OGRLayer& subject_layer = layer_named(server, subject_ref.table);
    const std::string working_crs =
        options.working_crs.empty()
            ? describe(*working_crs_for_layer(server.source(), subject_layer,
                                              *layer_crs(server.source(), subject_layer, options.assigned_crs)))
                  .authority_code
            : options.working_crs;
    const int srid = postgis::epsg_of(working_crs, "a working CRS");
    const postgis::ServerLayer subject = server.layer(subject_layer, options.assigned_crs, srid);

    std::string other_select;
    if (!options.wkt.empty()) {
        other_select = "SELECT " +
                       valid_sql("ST_GeomFromText(" + sql_literal(options.wkt) + ", " + std::to_string(srid) + ")") +
                       " AS g";
    } else {
        OGRLayer& other_layer = layer_named(server, database_layer(options.other).table);
        const postgis::ServerLayer other = server.layer(other_layer, options.assigned_crs, srid);
        other_select = "SELECT " + valid_sql(other.in_working_crs) + " AS g FROM " + other.table + " WHERE " +
                       other.geometry_column + " IS NOT NULL" +
                       (options.other_where.empty() ? "" : " AND (" + options.other_where + ")");
    }
    const std::string other = server.create_table("other", other_select);
    server.execute("CREATE INDEX ON " + other + " USING gist (g)");
    server.execute("ANALYZE " + other);
    progress(0.2);

    const std::string fid_column = subject_layer.GetFIDColumn();
    if (fid_column.empty())
        throw Error(server.name() + ": table " + subject.table + " has no primary key to read it by");
    const OGRFeatureDefn& fields = *subject_layer.GetLayerDefn();
    std::string columns = quoted(fid_column) + " AS pv_fid";
    for (int i = 0; i < fields.GetFieldCount(); ++i)
        columns += ", " + quoted(fields.GetFieldDefn(i)->GetNameRef());
    const std::string subjects = "SELECT " + columns + ", " + valid_sql(subject.in_working_crs) + " AS g FROM " +
                                 subject.table + " WHERE " + subject.geometry_column + " IS NOT NULL" +
                                 (options.where.empty() ? "" : " AND (" + options.where + ")");
    const std::string test =
        "EXISTS (SELECT 1 FROM " + other + " o WHERE " + predicate_sql(options.predicate, options.distance) + ")";
    const std::string matches =
        server.create_table("matches", "SELECT * FROM (" + subjects + ") s WHERE " +
                                           (options.predicate == Predicate::Disjoint ? "NOT " + test : test));
    progress(0.8);

    QueryResult result;
    result.working_crs = "EPSG:" + std::to_string(srid);
    result.in_postgis = true;
    result.examined = static_cast<std::int64_t>(
        server.number("SELECT COUNT(*) FROM " + subject.table + " WHERE " + subject.geometry_column + " IS NOT NULL" +
                      (options.where.empty() ? "" : " AND (" + options.where + ")")));
    std::vector<QueryMatch> batch;
    auto hand_over = [&] {
        result.matched += static_cast<std::int64_t>(batch.size());
        if (callbacks.on_matches && !batch.empty())
            callbacks.on_matches(batch);
        batch.clear();
    };
    server.query("SELECT * FROM " + matches + " ORDER BY pv_fid", [&](OGRFeature& row) {
        FeaturePtr feature(OGRFeature::CreateFeature(subject_layer.GetLayerDefn()));
        feature->SetFrom(&row, TRUE); // fields by name
        const std::int64_t fid = row.GetFieldAsInteger64("pv_fid");
        feature->SetFID(fid);
        const int g = row.GetGeomFieldIndex("g");
        if (g >= 0 && row.GetGeomFieldRef(g) != nullptr)
            feature->SetGeometry(row.GetGeomFieldRef(g));
        batch.push_back({fid, std::move(feature)});
        if (batch.size() >= 8192)
            hand_over();
    });
    hand_over();
    progress(1.0);
    return result;
}

} // namespace geo
