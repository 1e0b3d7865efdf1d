#pragma once
// The rows of the attribute table of a layer not held in memory (source_table_model.h), read by
// GDAL off the GUI thread: the feature ids of one layer in one source or in each of a city's
// sources, all of them or those a WHERE keeps, in the sources' order or sorted by a field, the
// sorting done by the sources themselves (SQLite, PostgreSQL: ORDER BY) and the sources merged.
// Memory is 8 bytes a row, whatever the field.
#include <QString>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ogr_core.h>

namespace ui {

// A row: the index of its source in the layer's list (high 16 bits) and its feature id.
using SourceRow = std::uint64_t;
SourceRow source_row(std::size_t source, GIntBig fid); // throws geo::Error beyond 48-bit ids
inline std::size_t source_of(SourceRow row)
{
    return static_cast<std::size_t>(row >> 48);
}
inline GIntBig fid_of(SourceRow row)
{
    return static_cast<GIntBig>(row & ((SourceRow{1} << 48) - 1));
}

struct RowsRequest {
    std::vector<std::string> paths; // the sources, in the table's order
    std::string layer;
    std::string where;                          // OGR SQL WHERE (empty: every feature)
    std::optional<std::vector<SourceRow>> only; // these rows instead (a query's result)
    // Sorted by this field (empty: the sources' order, one source after the other) or, with
    // by_source, by the sources' names (`source_names`); descending when asked.
    std::string sort_field;
    bool by_source = false;
    std::vector<std::string> source_names;
    bool descending = false;
    unsigned request = 0; // handed back, so that the model drops stale answers
    // The newest request asked for (may be null): once it is no longer this one, the read stops
    // (a second column clicked during a ten-second sort, the table closed).
    std::shared_ptr<const std::atomic<unsigned>> latest;
};

struct Rows {
    std::vector<SourceRow> rows;
    QString error; // why there are none (GDAL refused the WHERE, a source went away)
    unsigned request = 0;
    bool stale = false; // stopped: a newer request came
};

// Any thread: each source opened on its own GDAL handle.
Rows read_rows(const RowsRequest& request);

} // namespace ui
