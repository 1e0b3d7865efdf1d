#include "geo/postgis_load.h"

#include <regex>

#include <gdal_utils.h>

#include "geo/error.h"
#include "geo/sql.h"
#include "geo/vector_source.h"

namespace geo {
namespace {

struct TranslateOptionsDeleter {
    void operator()(GDALVectorTranslateOptions* options) const { GDALVectorTranslateOptionsFree(options); }
};
using TranslateOptionsPtr = std::unique_ptr<GDALVectorTranslateOptions, TranslateOptionsDeleter>;

int report_progress(double fraction, const char*, void* data)
{
    const auto& progress = *static_cast<const std::function<void(double)>*>(data);
    if (progress)
        progress(fraction);
    return TRUE;
}

} // namespace

PostgisLoad load_into_postgis(const std::string& source_path, const std::string& connection, const std::string& schema,
                              const std::function<void(double)>& progress)
{
    if (!is_postgresql(connection))
        throw Error(connection + ": not a PostgreSQL connection (PG:host=… dbname=…)");
    static const std::regex plain_name("[a-z_][a-z0-9_]*");
    if (!std::regex_match(schema, plain_name))
        throw Error("schema '" + schema + "': use lower-case letters, digits and _ (a name PostgreSQL keeps as is)");
    const VectorSource source = VectorSource::open(source_path);
    const std::string name = without_password(connection);

    ensure_gdal_registered();
    DatasetPtr database(
        GDALDataset::Open(connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    if (!database)
        throw Error(last_gdal_error(name + ": cannot connect"));
    for (const std::string& sql :
         {std::string("CREATE EXTENSION IF NOT EXISTS postgis"), "CREATE SCHEMA IF NOT EXISTS " + schema})
        if (const std::string message = run_sql(*database, sql); !message.empty())
            throw Error(name + ": " + message);
    // GDAL looks for PostGIS when it connects: opened before the extension existed, it would
    // write geometries as plain bytea.
    database.reset(GDALDataset::Open(connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    if (!database)
        throw Error(last_gdal_error(name + ": cannot connect"));

    // ogr2ogr's own engine: COPY, GiST indexes, FIDs kept, one transaction per layer.
    const std::string schema_option = "SCHEMA=" + schema;
    const char* arguments[] = {"-lco",          schema_option.c_str(),
                               "-lco",          "GEOMETRY_NAME=geom",
                               "-lco",          "FID=fid",
                               "-lco",          "SPATIAL_INDEX=GIST",
                               "-lco",          "OVERWRITE=YES",
                               "-preserve_fid", "-gt",
                               "65536",         nullptr};
    TranslateOptionsPtr options(GDALVectorTranslateOptionsNew(const_cast<char**>(arguments), nullptr));
    GDALVectorTranslateOptionsSetProgress(options.get(), report_progress,
                                          const_cast<std::function<void(double)>*>(&progress));
    GDALDatasetH sources[] = {GDALDataset::ToHandle(&source.dataset())};
    int failed = FALSE;
    CPLErrorReset();
    GDALDatasetH written =
        GDALVectorTranslate(nullptr, GDALDataset::ToHandle(database.get()), 1, sources, options.get(), &failed);
    if (written == nullptr || failed)
        throw Error(last_gdal_error(name + ": cannot load " + source_path));

    PostgisLoad load;
    load.schema = schema;
    load.connection = connection + " schemas=" + schema;
    for (OGRLayer* layer : source.dataset().GetLayers()) {
        ++load.layers;
        load.features += layer->GetFeatureCount();
    }
    return load;
}

} // namespace geo
