#include "geo/postgis_query.h"

#include <optional>
#include <regex>
#include <vector>

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

// The SQL condition for P(subject, o.g); Disjoint is asked as "intersects none" by the caller.
std::string predicate_sql(Predicate predicate, double distance, const std::string& subject)
{
    switch (predicate) {
    case Predicate::Intersects:
    case Predicate::Disjoint:
        return "ST_Intersects(" + subject + ", o.g)";
    case Predicate::Within:
        return "ST_Within(" + subject + ", o.g)";
    case Predicate::Contains:
        return "ST_Contains(" + subject + ", o.g)";
    case Predicate::Covers:
        return "ST_Covers(" + subject + ", o.g)";
    case Predicate::CoveredBy:
        return "ST_CoveredBy(" + subject + ", o.g)";
    case Predicate::Overlaps:
        return "ST_Overlaps(" + subject + ", o.g)";
    case Predicate::Touches:
        return "ST_Touches(" + subject + ", o.g)";
    case Predicate::Crosses:
        return "ST_Crosses(" + subject + ", o.g)";
    case Predicate::Equals:
        return "ST_Equals(" + subject + ", o.g)";
    case Predicate::DWithin:
        return "ST_DWithin(" + subject + ", o.g, " + std::to_string(distance) + ")";
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

// A city in one database, each county in a schema of its own (planview load --schema): the
// connection they share and each one's schema; nullopt when the sources are not so.
struct CitySchemas {
    std::string connection;
    std::vector<std::string> schemas;
};

std::optional<CitySchemas> city_schemas(const std::vector<std::string>& paths)
{
    static const std::regex schemas_option(R"((^|\s)schemas\s*=\s*(\S+))");
    static const std::regex tables_option(R"((^|\s)tables\s*=)");
    CitySchemas city;
    for (const std::string& path : paths) {
        std::smatch found;
        if (!is_postgresql(path) || std::regex_search(path, tables_option) ||
            !std::regex_search(path, found, schemas_option) || found[2].str().find(',') != std::string::npos)
            return std::nullopt;
        const std::string connection = std::regex_replace(path, schemas_option, "$1");
        if (!city.connection.empty() && connection != city.connection)
            return std::nullopt;
        city.connection = connection;
        city.schemas.push_back(found[2]);
    }
    return city;
}

std::vector<std::string> all_sources(const QueryOptions& options)
{
    std::vector<std::string> paths{options.subject.path};
    paths.insert(paths.end(), options.more_sources.begin(), options.more_sources.end());
    return paths;
}

// The layers named `name` of every source as the server's statements name them: the subject's
// own connection alone, or each county of a city in its schema (a county may lack it).
std::vector<std::pair<std::size_t, postgis::ServerLayer>>
server_layers(postgis::Server& server, const std::vector<VectorSource>& counties, const CitySchemas* city,
              const std::string& name, const QueryOptions& options, int srid)
{
    std::vector<std::pair<std::size_t, postgis::ServerLayer>> layers;
    if (city == nullptr) {
        layers.emplace_back(0, server.layer(layer_named(server, name), options.assigned_crs, srid));
        return layers;
    }
    for (std::size_t i = 0; i < counties.size(); ++i)
        if (OGRLayer* layer = counties[i].dataset().GetLayerByName(name.c_str()))
            layers.emplace_back(i, server.layer(*layer, counties[i], city->schemas[i], options.assigned_crs, srid));
    return layers;
}

// The features of `subject` standing in the predicate to some feature of the work table
// `other`, handed over in FID order, tagged with `source`.
void stream_matches(postgis::Server& server, const postgis::ServerLayer& subject, std::size_t source,
                    const std::string& other, const QueryOptions& options, const QueryCallbacks& callbacks,
                    QueryResult& result)
{
    OGRLayer& subject_layer = *subject.layer;
    const std::string fid_column = subject_layer.GetFIDColumn();
    if (fid_column.empty())
        throw Error(server.name() + ": table " + subject.table + " has no primary key to read it by");
    const OGRFeatureDefn& fields = *subject_layer.GetLayerDefn();
    std::string columns = quoted(fid_column) + " AS pv_fid";
    for (int i = 0; i < fields.GetFieldCount(); ++i)
        columns += ", " + quoted(fields.GetFieldDefn(i)->GetNameRef());
    const std::string kept = " WHERE " + subject.geometry_column + " IS NOT NULL" +
                             (options.where.empty() ? "" : " AND (" + options.where + ")");
    // As the local engine: a subject is made valid only where some other feature's box meets its
    // own (a repair never widens it), so most are never repaired; once each, in a subquery the
    // planner may not fold into the test (OFFSET 0), which would repair it for every candidate.
    auto box = [&](const std::string& g) {
        return options.predicate == Predicate::DWithin
                   ? "ST_Expand(" + g + ", " + std::to_string(options.distance) + ")"
                   : g;
    };
    std::string repaired = "s.pv_fid";
    for (int i = 0; i < fields.GetFieldCount(); ++i)
        repaired += ", s." + quoted(fields.GetFieldDefn(i)->GetNameRef());
    repaired = "SELECT " + repaired + ", " + valid_sql("s.r") + " AS g FROM (SELECT " + columns + ", " +
               subject.in_working_crs + " AS r FROM " + subject.table + kept + ") s";
    if (options.predicate != Predicate::Disjoint) // disjoint from all: those near none too
        repaired += " WHERE EXISTS (SELECT 1 FROM " + other + " o WHERE o.g && " + box("s.r") + ")";
    const std::string test = "EXISTS (SELECT 1 FROM " + other + " o WHERE o.g && " + box("w.g") + " AND " +
                             predicate_sql(options.predicate, options.distance, "w.g") + ")";
    const std::string matches =
        server.create_table("matches", "SELECT w.* FROM (" + repaired + " OFFSET 0) w WHERE " +
                                           (options.predicate == Predicate::Disjoint ? "NOT " + test : test));
    result.examined += static_cast<std::int64_t>(server.number("SELECT COUNT(*) FROM " + subject.table + kept));
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
        batch.push_back({fid, std::move(feature), source});
        if (batch.size() >= 8192)
            hand_over();
    });
    hand_over();
    server.drop_table(matches);
}

} // namespace

bool query_in_postgis_possible(const QueryOptions& options)
{
    if (!is_postgresql(options.subject.path))
        return false;
    if (!options.more_sources.empty()) // a city: every county a schema of one database
        return city_schemas(all_sources(options)) &&
               (!options.wkt.empty() || options.other.path == options.subject.path);
    return !options.wkt.empty() ||
           database_layer(options.other).connection == database_layer(options.subject).connection;
}

QueryResult run_query_in_postgis(const QueryOptions& options, const QueryCallbacks& callbacks)
{
    if (!query_in_postgis_possible(options))
        throw file_error(options.subject.path, options.more_sources.empty()
                                                   ? "the PostGIS engine needs both layers in one PostgreSQL database"
                                                   : "the PostGIS engine needs every county in a schema of one "
                                                     "PostgreSQL database (schemas=NAME)");
    auto progress = [&](double f) {
        if (callbacks.on_progress)
            callbacks.on_progress(f);
    };
    const DatabaseLayer subject_ref = database_layer(options.subject);
    const std::optional<CitySchemas> city =
        options.more_sources.empty() ? std::nullopt : city_schemas(all_sources(options));
    postgis::Server server(subject_ref.connection, callbacks.cancel);
    std::vector<VectorSource> counties; // a city's, each opened in its schema for its tables' columns
    if (city)
        for (const std::string& path : all_sources(options))
            counties.push_back(VectorSource::open(path));
    OGRLayer& first_subject = layer_named(server, subject_ref.table);
    const std::string working_crs =
        options.working_crs.empty()
            ? describe(*working_crs_for_layer(server.source(), first_subject,
                                              *layer_crs(server.source(), first_subject, options.assigned_crs)))
                  .authority_code
            : options.working_crs;
    const int srid = postgis::epsg_of(working_crs, "a working CRS");
    const CitySchemas* in_city = city ? &*city : nullptr;
    const auto subjects = server_layers(server, counties, in_city, subject_ref.table, options, srid);

    std::string other_select;
    if (!options.wkt.empty()) {
        other_select = "SELECT " +
                       valid_sql("ST_GeomFromText(" + sql_literal(options.wkt) + ", " + std::to_string(srid) + ")") +
                       " AS g";
    } else {
        for (const auto& [source, other] :
             server_layers(server, counties, in_city, database_layer(options.other).table, options, srid))
            other_select += (other_select.empty() ? "" : " UNION ALL ") + std::string("SELECT ") +
                            valid_sql(other.in_working_crs) + " AS g FROM " + other.table + " WHERE " +
                            other.geometry_column + " IS NOT NULL" +
                            (options.other_where.empty() ? "" : " AND (" + options.other_where + ")");
        if (other_select.empty())
            other_select = "SELECT NULL::geometry AS g WHERE false";
    }
    // Whether a subject meets, or comes near, the other side does not change when the other
    // side's large polygons (a red line of a few features, tens of thousands of vertices each)
    // are cut into small pieces; each probe then tests a piece or two instead of a whole line
    // (with the lazy repair above, 1M parcels on the red line: 23.5 -> 4.4 s). The other
    // predicates need the whole shapes.
    const bool piecewise = options.predicate == Predicate::Intersects || options.predicate == Predicate::Disjoint ||
                           options.predicate == Predicate::DWithin;
    std::string other = server.create_table(piecewise ? "whole" : "other", other_select);
    if (piecewise) { // lines and polygons in pieces; points and collections, which it would thin, whole
        const std::string whole = other;
        const std::string cut = "GeometryType(g) IN ('POLYGON', 'MULTIPOLYGON', 'LINESTRING', 'MULTILINESTRING')";
        other = server.create_table("other", "SELECT ST_Subdivide(g, 255) AS g FROM " + whole + " WHERE " + cut +
                                                 " UNION ALL SELECT g FROM " + whole + " WHERE NOT " + cut);
        server.drop_table(whole);
    }
    server.execute("CREATE INDEX ON " + other + " USING gist (g)");
    server.execute("ANALYZE " + other);
    progress(0.2);

    QueryResult result;
    result.working_crs = "EPSG:" + std::to_string(srid);
    result.in_postgis = true;
    for (std::size_t i = 0; i < subjects.size(); ++i) {
        stream_matches(server, subjects[i].second, subjects[i].first, other, options, callbacks, result);
        progress(0.2 + 0.8 * static_cast<double>(i + 1) / static_cast<double>(subjects.size()));
    }
    return result;
}

} // namespace geo
