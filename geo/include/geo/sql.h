#pragma once
// A statement run through GDAL on a dataset (a database's own SQL for PostgreSQL and SQLite
// drivers), its rows read in order; the GDAL error it raised is returned, not printed.
#include <functional>
#include <string>
#include <string_view>

#include "geo/gdal_ptr.h"

namespace geo {

// Runs `sql`, calling `on_row` (when given) for each row of its result. Returns GDAL's error
// message when the statement failed, else an empty string.
std::string run_sql(GDALDataset& dataset, const std::string& sql, const std::function<void(OGRFeature&)>& on_row = {});

// `text` as an SQL string literal ('it''s'), for SQLite and PostgreSQL alike; NUL characters,
// which neither stores in text, are left out.
std::string sql_literal(std::string_view text);

// `identifier` as a quoted SQL identifier ("a""b"), for SQLite, PostgreSQL and OGR SQL alike.
std::string sql_identifier(std::string_view identifier);
// The table GDAL names `layer` in a PostgreSQL database, quoted part by part: "schema"."table"
// for a layer outside the search path (GDAL's "schema.table"), else "table".
std::string postgresql_table(std::string_view layer);

} // namespace geo
