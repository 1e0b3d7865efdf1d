#include "geo/sql.h"

#include <cpl_error.h>

namespace geo {

std::string run_sql(GDALDataset& dataset, const std::string& sql, const std::function<void(OGRFeature&)>& on_row)
{
    const CPLErrorHandlerPusher quiet(CPLQuietErrorHandler); // the message goes to the caller
    CPLErrorReset();
    OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result != nullptr) {
        for (FeaturePtr f(result->GetNextFeature()); f && on_row; f.reset(result->GetNextFeature()))
            on_row(*f);
        dataset.ReleaseResultSet(result);
    }
    return CPLGetLastErrorType() >= CE_Failure ? last_gdal_error("the statement failed") : std::string();
}

std::string sql_literal(std::string_view text)
{
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\0')
            continue;
        quoted += c;
        if (c == '\'')
            quoted += '\'';
    }
    return quoted + "'";
}

std::string sql_identifier(std::string_view identifier)
{
    std::string quoted = "\"";
    for (char c : identifier) {
        quoted += c;
        if (c == '"')
            quoted += '"';
    }
    return quoted + "\"";
}

std::string postgresql_table(std::string_view layer)
{
    const auto dot = layer.find('.');
    return dot == std::string_view::npos
               ? sql_identifier(layer)
               : sql_identifier(layer.substr(0, dot)) + "." + sql_identifier(layer.substr(dot + 1));
}

} // namespace geo
