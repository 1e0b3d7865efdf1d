#include "postgis_server.h"

#include <algorithm>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/sql.h"

namespace geo::postgis {

std::string quoted(const std::string& identifier)
{
    return sql_identifier(identifier);
}

std::string table_name(OGRLayer& layer)
{
    return postgresql_table(layer.GetName());
}

int epsg_of(const std::string& user_text, const std::string& what)
{
    const std::string code = describe(*srs_from_user_text(user_text)).authority_code;
    if (code.rfind("EPSG:", 0) != 0)
        throw Error("the PostGIS engine needs " + what + " with an EPSG code, not '" + user_text + "'");
    return std::stoi(code.substr(5));
}

std::string valid_polygonal_sql(const std::string& g)
{
    return "CASE WHEN ST_IsValid(" + g + ") THEN ST_CollectionExtract(" + g +
           ", 3) ELSE ST_CollectionExtract(ST_MakeValid(" + g + "), 3) END";
}

Server::Server(const std::string& connection, const std::atomic<bool>* cancel)
    : source_(VectorSource::open(connection)), name_(without_password(connection)), cancel_(cancel)
{}

Server::~Server()
{
    for (const auto& table : made_)
        run_sql(source_.dataset(), "DROP TABLE IF EXISTS " + table);
}

ServerLayer Server::layer(const LayerRef& ref, LayerRole role, const std::string& assigned_crs, int working_srid)
{
    return layer(source_.layer_for({ref.path, ref.layer}, role), assigned_crs, working_srid);
}

ServerLayer Server::layer(OGRLayer& table, const std::string& assigned_crs, int working_srid)
{
    return layer(table, source_, {}, assigned_crs, working_srid);
}

ServerLayer Server::layer(OGRLayer& table, const VectorSource& source, const std::string& schema,
                          const std::string& assigned_crs, int working_srid)
{
    ServerLayer found;
    found.layer = &table;
    found.table = schema.empty() ? table_name(*found.layer) : quoted(schema) + "." + quoted(found.layer->GetName());
    found.geometry_column = quoted(found.layer->GetGeometryColumn());
    if (std::string(found.layer->GetGeometryColumn()).empty())
        throw Error(name_ + ": table " + found.table + " has no geometry column");
    layer_crs(source, *found.layer, assigned_crs); // throws naming the source when there is none
    std::int64_t srid = 0;
    query("SELECT ST_SRID(" + found.geometry_column + ") FROM " + found.table + " WHERE " + found.geometry_column +
              " IS NOT NULL LIMIT 1",
          [&](OGRFeature& row) { srid = row.GetFieldAsInteger64(0); });
    std::string geometry = found.geometry_column;
    if (srid == 0) // no SRID in the table: the CRS --crs assigned
        geometry = "ST_SetSRID(" + geometry + ", " + std::to_string(epsg_of(assigned_crs, "--crs")) + ")";
    found.in_working_crs = "ST_Transform(" + geometry + ", " + std::to_string(working_srid) + ")";
    return found;
}

void Server::execute(const std::string& sql)
{
    query(sql, {});
}

void Server::query(const std::string& sql, const std::function<void(OGRFeature&)>& on_row)
{
    if (cancel_ != nullptr && cancel_->load())
        throw Cancelled();
    const std::string message = run_sql(source_.dataset(), sql, on_row);
    if (!message.empty())
        throw Error(name_ + ": " + message);
}

double Server::number(const std::string& sql)
{
    double value = 0;
    query(sql, [&](OGRFeature& row) { value = row.GetFieldAsDouble(0); });
    return value;
}

std::string Server::create_table(const std::string& name, const std::string& select)
{
    if (session_.empty())
        session_ = "pv_" + std::to_string(static_cast<long long>(number("SELECT pg_backend_pid()"))) + "_";
    const std::string table = session_ + name;
    if (unlogged_) {
        if (run_sql(source_.dataset(), "CREATE UNLOGGED TABLE " + table + " AS " + select).empty()) {
            made_.push_back(table);
            return table;
        }
        unlogged_ = false; // no right to create tables here: temporary ones from now on
    }
    execute("CREATE TEMP TABLE " + table + " AS " + select);
    made_.push_back(table);
    return table;
}

void Server::drop_table(const std::string& table)
{
    execute("DROP TABLE IF EXISTS " + table);
    made_.erase(std::remove(made_.begin(), made_.end(), table), made_.end());
}

} // namespace geo::postgis
