#include "geo/postgis_extent.h"

#include <string>

#include "geo/sql.h"
#include "postgis_server.h"

namespace geo {

std::optional<OGREnvelope> postgis_index_extent(GDALDataset& dataset, OGRLayer& layer)
{
    if (dataset.GetDriver() == nullptr || std::string(dataset.GetDriver()->GetDescription()) != "PostgreSQL")
        return std::nullopt;
    const std::string column = layer.GetGeometryColumn();
    if (column.empty())
        return std::nullopt;
    const std::string sql =
        "SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM ("
        "SELECT ST_EstimatedExtent(n.nspname::text, c.relname::text, a.attname::text) AS e "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = " +
        sql_literal(column) + " WHERE c.oid = to_regclass(" + sql_literal(postgis::table_name(layer)) +
        ") AND split_part(postgis_lib_version(), '.', 1)::int >= 3" // PostGIS 2 reads the statistics
        " AND EXISTS (SELECT 1 FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
        "JOIN pg_am am ON am.oid = ic.relam WHERE i.indrelid = c.oid AND am.amname = 'gist' "
        "AND a.attnum = ANY(i.indkey))) s";
    std::optional<OGREnvelope> extent;
    const std::string error = run_sql(dataset, sql, [&](OGRFeature& row) {
        for (int i = 0; i < 4; ++i)
            if (!row.IsFieldSetAndNotNull(i))
                return;
        OGREnvelope e;
        e.MinX = row.GetFieldAsDouble(0);
        e.MinY = row.GetFieldAsDouble(1);
        e.MaxX = row.GetFieldAsDouble(2);
        e.MaxY = row.GetFieldAsDouble(3);
        extent = e;
    });
    return error.empty() ? extent : std::nullopt; // an older PostGIS, no right to the catalogue: ST_Extent
}

} // namespace geo
