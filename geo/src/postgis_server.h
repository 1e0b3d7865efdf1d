#pragma once
// A PostGIS database as the check and the query use it (internal to the geo library): its
// layers as tables with their geometry in the working CRS, statements whose errors name the
// connection (password hidden), and work tables the server fills and drops again.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "geo/compliance.h"
#include "geo/vector_source.h"

namespace geo::postgis {

// `identifier` as a quoted SQL identifier.
std::string quoted(const std::string& identifier);
// The table GDAL names `layer`, quoted part by part: "schema"."table" for a layer outside the
// search path (GDAL's "schema.table"), else "table".
std::string table_name(OGRLayer& layer);
// The EPSG code of a CRS given as user text; throws geo::Error naming `what` when it has none.
int epsg_of(const std::string& user_text, const std::string& what);
// `g` made valid to its polygonal part, as valid_polygonal does (GEOS's MakeValid underneath).
std::string valid_polygonal_sql(const std::string& g);

// One layer as the server sees it.
struct ServerLayer {
    OGRLayer* layer = nullptr;
    std::string table;           // "schema"."table"
    std::string geometry_column; // quoted
    std::string in_working_crs;  // an SQL expression: the geometry in the working CRS
};

class Server {
public:
    // Connects; `cancel` (when given) is looked at before every statement.
    Server(const std::string& connection, const std::atomic<bool>* cancel);
    ~Server(); // drops the work tables still there
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    ServerLayer layer(const LayerRef& ref, LayerRole role, const std::string& assigned_crs, int working_srid);
    ServerLayer layer(OGRLayer& table, const std::string& assigned_crs, int working_srid);
    // A layer of another connection to the same database (a city's county in its own schema,
    // `source`), named through `schema` in this connection's statements.
    ServerLayer layer(OGRLayer& table, const VectorSource& source, const std::string& schema,
                      const std::string& assigned_crs, int working_srid);

    // Throw geo::Error("CONNECTION: message") when the server refuses; geo::Cancelled when cancelled.
    void execute(const std::string& sql);
    void query(const std::string& sql, const std::function<void(OGRFeature&)>& on_row);
    double number(const std::string& sql);

    // A work table `name` made from `select`: unlogged in the database's current schema where
    // this user may create tables, since PostgreSQL's parallel workers cannot read a session's
    // temporary tables; temporary otherwise. Named by the session (pv_PID_NAME), so a process
    // killed meanwhile leaves tables whose names say whose they were.
    std::string create_table(const std::string& name, const std::string& select);
    void drop_table(const std::string& table);

    const VectorSource& source() const { return source_; }
    const std::string& name() const { return name_; }

private:
    VectorSource source_;
    std::string name_;
    const std::atomic<bool>* cancel_;
    std::string session_;
    bool unlogged_ = true;
    std::vector<std::string> made_;
};

} // namespace geo::postgis
