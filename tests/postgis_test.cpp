// PostGIS as the engine where a team's data lives (needs the private server of the ctest
// fixture `postgres`): planview load puts a county into a schema with GiST indexes; the check
// of data there runs inside PostGIS and its figures equal the local engine's on every parcel;
// map outputs carry the same pieces; a city of counties in PostGIS is checked as locally; bad
// connections are one line without the password.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include <cpl_error.h>
#include <ogrsf_frmts.h>

#include "geo/gdal_ptr.h"
#include "geo/postgis_extent.h"
#include "geo/query.h"
#include "geo/review_source.h"
#include "geo/sql.h"
#include "source_rows.h"
#include "support.h"

namespace {

const std::string kDatabase = PLANVIEW_TEST_PG;

// The county loaded (once per schema) and the connection string that opens it.
std::string loaded(const std::string& source, const std::string& schema)
{
    static std::map<std::string, std::string> done;
    if (!done.count(schema)) {
        const auto result = test::run_planview({"load", source, kDatabase, "--schema", schema, "--quiet"}, 300);
        EXPECT_EQ(result.exit_code, 0) << result.err;
        EXPECT_NE(result.out.find("schemas=" + schema), std::string::npos) << result.out;
        done[schema] = kDatabase + " schemas=" + schema;
    }
    return done[schema];
}

using Row = std::map<std::string, std::string>;

// A check result's rows by parcel id, as GDAL reads the CSV.
std::map<std::string, Row> result_rows(const std::string& csv_path)
{
    geo::ensure_gdal_registered();
    geo::DatasetPtr csv(GDALDataset::Open(csv_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    std::map<std::string, Row> rows;
    if (!csv) {
        ADD_FAILURE() << "cannot read " << csv_path;
        return rows;
    }
    for (auto& feature : *csv->GetLayer(0)) {
        Row row;
        for (int i = 0; i < feature->GetFieldCount(); ++i)
            row[feature->GetFieldDefnRef(i)->GetNameRef()] = feature->GetFieldAsString(i);
        rows[row["parcel_id"]] = std::move(row);
    }
    return rows;
}

// Every figure within 0.01 m² and every other column equal.
void expect_same_figures(const std::string& local_csv, const std::string& postgis_csv)
{
    const auto local = result_rows(local_csv);
    const auto postgis = result_rows(postgis_csv);
    ASSERT_EQ(local.size(), postgis.size());
    ASSERT_GT(local.size(), 0u);
    int conflicts = 0;
    for (const auto& [id, row] : local) {
        const auto other = postgis.find(id);
        ASSERT_NE(other, postgis.end()) << id;
        for (const auto& [field, value] : row) {
            if (field.ends_with("_m2")) {
                EXPECT_NEAR(std::stod(value), std::stod(other->second.at(field)), 0.01) << id << " " << field;
            } else if (!field.ends_with("_mu")) {
                EXPECT_EQ(value, other->second.at(field)) << id << " " << field;
            }
        }
        conflicts += row.at("conflict").empty() ? 0 : 1;
    }
    EXPECT_GT(conflicts, 0) << "the county has conflicts of every kind to compare";
}

// The printed summary without its last line (which names the output file).
std::string summary_of(const std::string& out)
{
    auto lines = test::lines_of(out);
    std::string text;
    for (std::size_t i = 1; i + 1 < lines.size(); ++i) // the first line says which engine ran
        text += lines[i] + "\n";
    return text;
}

// Overlap area per kind in a check's GeoPackage output, in GDAL's SQLite dialect.
double overlap_m2(const std::string& gpkg, const std::string& kind)
{
    return test::sql_number(gpkg, "SELECT COALESCE(SUM(ST_Area(geom)), 0) FROM conflict_overlaps WHERE kind = '" +
                                      kind + "'");
}

} // namespace

TEST(PostGIS, LoadCopiesEveryLayerIntoItsSchemaWithGistIndexes)
{
    const std::string county = loaded(test::sample_gpkg(), "pv_load");
    geo::ensure_gdal_registered();
    geo::DatasetPtr file(GDALDataset::Open(test::sample_gpkg().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    geo::DatasetPtr database(GDALDataset::Open(county.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(file);
    ASSERT_TRUE(database);
    int layers = 0;
    for (OGRLayer* layer : file->GetLayers()) {
        OGRLayer* copy = database->GetLayerByName(layer->GetName());
        ASSERT_NE(copy, nullptr) << layer->GetName();
        EXPECT_EQ(copy->GetFeatureCount(), layer->GetFeatureCount()) << layer->GetName();
        ++layers;
    }
    EXPECT_EQ(layers, 10);
    const auto gist = test::run_planview({"info", county}); // reads as any source does
    EXPECT_EQ(gist.exit_code, 0) << gist.err;
    OGRLayer* indexes = database->ExecuteSQL(
        "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = 'pv_load' AND indexdef LIKE '%USING gist%'", nullptr,
        nullptr);
    ASSERT_NE(indexes, nullptr);
    const geo::FeaturePtr count(indexes->GetNextFeature());
    EXPECT_EQ(count->GetFieldAsInteger(0), layers) << "every layer has a GiST index";
    database->ReleaseResultSet(indexes);
}

// The viewer takes a PostGIS table's extent from its GiST index (a city's first picture waited
// 0.66 s a million parcels for ST_Extent): it covers every feature and is as tight as single
// precision allows; a table without the index, and a file, are left to GDAL's exact extent.
TEST(PostGIS, ATablesExtentComesFromItsIndexAndCoversEveryFeature)
{
    // A schema of its own: the tests run at once, each loading the county it names.
    const std::string county = loaded(test::sample_gpkg(), "pv_extent");
    geo::ensure_gdal_registered();
    geo::DatasetPtr database(GDALDataset::Open(county.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(database);
    for (OGRLayer* layer : database->GetLayers()) {
        OGREnvelope exact;
        ASSERT_EQ(layer->GetExtent(&exact, TRUE), OGRERR_NONE) << layer->GetName();
        const auto indexed = geo::postgis_index_extent(*database, *layer);
        ASSERT_TRUE(indexed) << layer->GetName();
        EXPECT_LE(indexed->MinX, exact.MinX) << layer->GetName();
        EXPECT_LE(indexed->MinY, exact.MinY) << layer->GetName();
        EXPECT_GE(indexed->MaxX, exact.MaxX) << layer->GetName();
        EXPECT_GE(indexed->MaxY, exact.MaxY) << layer->GetName();
        // A float's step at 3,300 km is 0.25 m.
        EXPECT_NEAR(indexed->MinX, exact.MinX, 0.5) << layer->GetName();
        EXPECT_NEAR(indexed->MaxY, exact.MaxY, 0.5) << layer->GetName();
    }
    ASSERT_EQ(geo::run_sql(*database, "CREATE TABLE pv_extent.unindexed AS SELECT * FROM pv_extent.towns"), "");
    geo::DatasetPtr again(GDALDataset::Open(county.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(again);
    OGRLayer* unindexed = again->GetLayerByName("unindexed");
    ASSERT_NE(unindexed, nullptr);
    EXPECT_FALSE(geo::postgis_index_extent(*again, *unindexed)) << "statistics are not an extent";
    EXPECT_EQ(geo::run_sql(*again, "DROP TABLE pv_extent.unindexed"), "");
    geo::DatasetPtr file(GDALDataset::Open(test::sample_gpkg().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(file);
    EXPECT_FALSE(geo::postgis_index_extent(*file, *file->GetLayerByName("parcels")));
}

TEST(PostGIS, LoadIntoADatabaseWithoutPostgisYetWritesRealGeometries)
{
    // A bureau's new, empty database: the extension comes with the first load.
    geo::ensure_gdal_registered();
    {
        geo::DatasetPtr server(GDALDataset::Open(kDatabase.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        ASSERT_TRUE(server);
        for (const char* sql : {"DROP DATABASE IF EXISTS pv_fresh", "CREATE DATABASE pv_fresh"}) {
            CPLErrorReset();
            server->ExecuteSQL(sql, nullptr, nullptr);
            ASSERT_EQ(CPLGetLastErrorType(), CE_None) << CPLGetLastErrorMsg();
        }
    }
    std::string fresh = kDatabase;
    fresh.replace(fresh.find("dbname=planview"), std::string("dbname=planview").size(), "dbname=pv_fresh");
    const auto load = test::run_planview({"load", test::sample_gpkg(), fresh, "--quiet"}, 300);
    ASSERT_EQ(load.exit_code, 0) << load.err;
    geo::DatasetPtr county(GDALDataset::Open((fresh + " schemas=wuyi").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(county);
    OGRLayer* parcels = county->GetLayerByName("parcels");
    ASSERT_NE(parcels, nullptr);
    EXPECT_EQ(std::string(parcels->GetGeometryColumn()), "geom");
    EXPECT_EQ(wkbFlatten(parcels->GetGeomType()), wkbPolygon);
    const test::TempDir dir;
    const auto check = test::run_planview({"check", fresh + " schemas=wuyi", "--out", dir.file("r.csv"), "--quiet"});
    ASSERT_EQ(check.exit_code, 0) << check.err;
    EXPECT_NE(test::lines_of(check.out).front().find("run inside PostGIS"), std::string::npos);
}

TEST(PostGIS, TheCheckRunsInsideTheDatabaseWithTheLocalEnginesFiguresOnEveryParcel)
{
    const std::string county = loaded(test::sample_gpkg(), "pv_check");
    const test::TempDir dir;
    const auto local = test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("local.csv"), "--quiet"});
    ASSERT_EQ(local.exit_code, 0) << local.err;
    const auto postgis = test::run_planview({"check", county, "--out", dir.file("postgis.csv"), "--quiet"}, 300);
    ASSERT_EQ(postgis.exit_code, 0) << postgis.err;
    EXPECT_NE(test::lines_of(postgis.out).front().find("run inside PostGIS"), std::string::npos) << postgis.out;
    EXPECT_EQ(test::lines_of(local.out).front().find("PostGIS"), std::string::npos);
    expect_same_figures(dir.file("local.csv"), dir.file("postgis.csv"));
    EXPECT_EQ(summary_of(postgis.out), summary_of(local.out)) << "towns, land uses, zones, repairs and slivers";

    // The local engine reading the same tables from the database agrees as well.
    const auto here =
        test::run_planview({"check", county, "--engine", "local", "--out", dir.file("here.csv"), "--quiet"}, 300);
    ASSERT_EQ(here.exit_code, 0) << here.err;
    EXPECT_EQ(test::lines_of(here.out).front().find("PostGIS"), std::string::npos);
    expect_same_figures(dir.file("local.csv"), dir.file("here.csv"));

    // A filter is the database's own SQL there.
    const auto some = test::run_planview(
        {"check", county, "--where", "land_use_code = '1001'", "--out", dir.file("some.csv"), "--quiet"}, 300);
    ASSERT_EQ(some.exit_code, 0) << some.err;
    EXPECT_EQ(result_rows(dir.file("some.csv")).size(),
              test::sql_number(test::sample_gpkg(), "SELECT COUNT(*) FROM parcels WHERE land_use_code = '1001'"));
}

// A county viewed as pictures is reviewed from its source: from the database, the same parcels,
// the same figures for a parcel and the same conflicts as from the GeoPackage it was loaded from.
TEST(PostGIS, AReviewFromTheDatabaseHasTheGeoPackagesParcelsFiguresAndConflicts)
{
    const std::string county = loaded(test::sample_gpkg(), "pv_review");
    const geo::FeatureTable in_database = geo::load_review_parcels(county);
    const geo::FeatureTable in_file = geo::load_review_parcels(test::sample_gpkg());
    ASSERT_EQ(in_database.size(), in_file.size());
    EXPECT_EQ(in_database.geometry(0), nullptr); // the attributes alone
    const geo::SourceReview from_database = geo::source_review(county),
                            from_file = geo::source_review(test::sample_gpkg());
    EXPECT_EQ(from_database.working_crs, from_file.working_crs);

    auto conflicts_of = [](const geo::SourceReview& review) {
        std::map<std::int64_t, std::string> conflicts;
        geo::check_every_parcel(review, [&](std::vector<geo::ParcelCheck>& batch) {
            for (const auto& parcel : batch)
                conflicts[parcel.fid] = parcel.parcel_id + " " + parcel.conflict;
        });
        return conflicts;
    };
    const auto database_conflicts = conflicts_of(from_database), file_conflicts = conflicts_of(from_file);
    std::multiset<std::string> database_set, file_set; // by parcel id: the FIDs need not agree
    for (const auto& [fid, conflict] : database_conflicts)
        database_set.insert(conflict);
    for (const auto& [fid, conflict] : file_conflicts)
        file_set.insert(conflict);
    EXPECT_EQ(database_set.size(), in_file.size());
    EXPECT_EQ(database_set, file_set);

    // A few parcels' figures by FID, each source's own: the same parcel, the same figures.
    const auto id_field = in_database.field_index("parcel_id");
    ASSERT_TRUE(id_field);
    std::map<std::string, std::int64_t> file_fid;
    for (std::size_t row = 0; row < in_file.size(); ++row)
        file_fid[std::string(in_file.value(row, *in_file.field_index("parcel_id")))] = in_file.fid(row);
    for (const std::size_t row : {std::size_t{0}, in_database.size() / 2, in_database.size() - 1}) {
        const std::string id(in_database.value(row, *id_field));
        const geo::ParcelCheck there = geo::check_source_parcel(from_database, in_database.fid(row));
        const geo::ParcelCheck here = geo::check_source_parcel(from_file, file_fid.at(id));
        EXPECT_EQ(there.parcel_id, id);
        EXPECT_NEAR(there.area_m2, here.area_m2, 0.01) << id;
        EXPECT_NEAR(there.farmland_m2, here.farmland_m2, 0.01) << id;
        EXPECT_NEAR(there.redline_m2, here.redline_m2, 0.01) << id;
        EXPECT_NEAR(there.outside_ucb_m2, here.outside_ucb_m2, 0.01) << id;
        EXPECT_EQ(there.conflict, here.conflict) << id;
    }
    EXPECT_THROW(geo::check_source_parcel(from_database, 1 << 30), geo::Error);
}

// The number in the first column of `sql`'s first row, run on the test database.
double database_number(const std::string& sql)
{
    geo::ensure_gdal_registered();
    geo::DatasetPtr database(GDALDataset::Open(kDatabase.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    if (!database)
        return -1;
    CPLErrorReset();
    OGRLayer* result = database->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    EXPECT_EQ(CPLGetLastErrorType(), CE_None) << sql << ": " << CPLGetLastErrorMsg();
    double value = 0;
    if (result != nullptr) {
        if (const geo::FeaturePtr row(result->GetNextFeature()); row)
            value = row->GetFieldAsDouble(0);
        database->ReleaseResultSet(result);
    }
    return value;
}

TEST(PostGIS, AReaderWhoMayNotCreateTablesGetsTheSameFiguresAndNothingIsLeftBehind)
{
    const std::string county = loaded(test::sample_gpkg(), "pv_reader_test");
    database_number("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pv_reader') THEN "
                    "CREATE ROLE pv_reader LOGIN; END IF; END $$");
    database_number("GRANT USAGE ON SCHEMA pv_reader_test TO pv_reader");
    database_number("GRANT SELECT ON ALL TABLES IN SCHEMA pv_reader_test TO pv_reader");
    std::string as_reader = county;
    as_reader.replace(as_reader.find("user=postgres"), std::string("user=postgres").size(), "user=pv_reader");
    const test::TempDir dir;
    const auto owner = test::run_planview({"check", county, "--out", dir.file("owner.csv"), "--quiet"}, 300);
    ASSERT_EQ(owner.exit_code, 0) << owner.err;
    const auto reader = test::run_planview({"check", as_reader, "--out", dir.file("reader.csv"), "--quiet"}, 300);
    ASSERT_EQ(reader.exit_code, 0) << reader.err;
    EXPECT_NE(test::lines_of(reader.out).front().find("run inside PostGIS"), std::string::npos);
    expect_same_figures(dir.file("owner.csv"), dir.file("reader.csv"));
    EXPECT_EQ(database_number("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'pv_reader_test' "
                              "AND table_name LIKE 'pv\\_%'"),
              0)
        << "the check's work tables are dropped";
}

TEST(PostGIS, ATableWithSparseIdsIsCheckedWhole)
{
    // A bureau's table keyed by a sequence shared with others: FIDs far apart.
    const std::string county = loaded(test::sample_gpkg(), "pv_sparse");
    database_number("UPDATE pv_sparse.parcels SET fid = fid * 100000");
    const test::TempDir dir;
    const auto local = test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("local.csv"), "--quiet"});
    ASSERT_EQ(local.exit_code, 0) << local.err;
    const auto postgis = test::run_planview({"check", county, "--out", dir.file("postgis.csv"), "--quiet"}, 300);
    ASSERT_EQ(postgis.exit_code, 0) << postgis.err;
    expect_same_figures(dir.file("local.csv"), dir.file("postgis.csv"));
}

TEST(PostGIS, MapOutputsCarryTheSameOverlapPiecesAsTheLocalEngine)
{
    const std::string county = loaded(test::sample_gpkg(), "pv_check");
    const test::TempDir dir;
    ASSERT_EQ(test::run_planview({"check", test::sample_gpkg(), "--out", dir.file("local.gpkg"), "--quiet"}).exit_code,
              0);
    const auto postgis = test::run_planview({"check", county, "--out", dir.file("postgis.gpkg"), "--quiet"}, 300);
    ASSERT_EQ(postgis.exit_code, 0) << postgis.err;
    for (const char* kind : {"farmland", "redline", "outside_ucb"}) {
        const double local_m2 = overlap_m2(dir.file("local.gpkg"), kind);
        EXPECT_GT(local_m2, 0) << kind;
        EXPECT_NEAR(overlap_m2(dir.file("postgis.gpkg"), kind), local_m2, 0.01) << kind;
    }
    EXPECT_EQ(test::sql_number(dir.file("postgis.gpkg"), "SELECT COUNT(*) FROM parcel_check"),
              test::sql_number(dir.file("local.gpkg"), "SELECT COUNT(*) FROM parcel_check"));
}

TEST(PostGIS, ACityInTheDatabaseIsCheckedCountyByCountyAsLocally)
{
    const test::TempDir city, local_out, postgis_out;
    ASSERT_EQ(test::run_planview(
                  {"sample", "--out", city.path().string(), "--counties", "2", "--parcels", "300", "--quiet"}, 300)
                  .exit_code,
              0);
    std::vector<std::string> counties;
    for (const char* stem : {"wuyi", "wucheng"})
        counties.push_back(loaded(city.file(std::string(stem) + "/" + stem + ".gpkg"), std::string("city_") + stem));
    const auto local =
        test::run_planview({"check", city.path().string(), "--out", local_out.path().string(), "--quiet"});
    ASSERT_EQ(local.exit_code, 0) << local.err;
    const auto postgis =
        test::run_planview({"check", counties[0], counties[1], "--out", postgis_out.path().string(), "--quiet"}, 300);
    ASSERT_EQ(postgis.exit_code, 0) << postgis.err;
    expect_same_figures(local_out.file("wuyi.csv"), postgis_out.file("city_wuyi.csv"));
    expect_same_figures(local_out.file("wucheng.csv"), postgis_out.file("city_wucheng.csv"));
    const auto city_line = [](const std::string& out) {
        for (const auto& line : test::lines_of(out))
            if (line.rfind("city ", 0) == 0)
                return line;
        return std::string();
    };
    EXPECT_FALSE(city_line(local.out).empty()) << local.out;
    EXPECT_EQ(city_line(postgis.out), city_line(local.out));

    // A query over the city runs inside the database (each county a schema of it) and finds, in
    // each county, what the local engine finds in the GeoPackages: the parcels within 30 km of
    // the first county's boundary, its neighbour's among them.
    auto matched_ids = [](const std::vector<std::string>& sources, geo::CheckEngine engine, bool& in_postgis) {
        geo::QueryOptions options;
        options.subject = {sources[0], "parcels"};
        options.other = {sources[0], "county_boundary"};
        options.more_sources.assign(sources.begin() + 1, sources.end());
        options.predicate = geo::Predicate::DWithin;
        options.distance = 30000;
        options.other_where = "adcode = '330723'"; // 武义县, the first county
        options.engine = engine;
        std::vector<std::set<std::string>> ids(sources.size());
        geo::QueryCallbacks callbacks;
        callbacks.on_matches = [&](std::vector<geo::QueryMatch>& matches) {
            for (const auto& m : matches)
                ids[m.source].insert(m.feature->GetFieldAsString("parcel_id"));
        };
        in_postgis = geo::run_query(options, callbacks).in_postgis;
        return ids;
    };
    bool here = true, there = false;
    const auto local_ids =
        matched_ids({city.file("wuyi/wuyi.gpkg"), city.file("wucheng/wucheng.gpkg")}, geo::CheckEngine::Local, here);
    const auto postgis_ids = matched_ids(counties, geo::CheckEngine::Automatic, there);
    EXPECT_FALSE(here);
    EXPECT_TRUE(there);
    EXPECT_EQ(postgis_ids, local_ids);
    EXPECT_EQ(local_ids[0].size(), 300u);
    EXPECT_GT(local_ids[1].size(), 0u) << "the neighbour's parcels near the boundary";
    EXPECT_LT(local_ids[1].size(), 300u);

    // From the command line: the city folder here, the counties' schemas there (SOURCE... --layer).
    const std::vector<std::string> near_first = {"--predicate", "dwithin",         "--distance",   "30000",
                                                 "--with",      "county_boundary", "--with-where", "adcode = '330723'",
                                                 "--quiet"};
    std::vector<std::string> here_args = {"query", city.path().string() + ":parcels", "--out", local_out.file("q.csv")};
    std::vector<std::string> there_args = {
        "query", counties[0], counties[1], "--layer", "parcels", "--out", postgis_out.file("q.csv")};
    here_args.insert(here_args.end(), near_first.begin(), near_first.end());
    there_args.insert(there_args.end(), near_first.begin(), near_first.end());
    const auto here_run = test::run_planview(here_args);
    ASSERT_EQ(here_run.exit_code, 0) << here_run.err;
    const auto there_run = test::run_planview(there_args, 300);
    ASSERT_EQ(there_run.exit_code, 0) << there_run.err;
    EXPECT_NE(there_run.out.find("run inside PostGIS"), std::string::npos) << there_run.out;
    auto ids_in = [](const std::string& csv) {
        return test::sql_strings(csv, "SELECT parcel_id FROM q ORDER BY parcel_id");
    };
    const auto cli_ids = ids_in(postgis_out.file("q.csv"));
    EXPECT_EQ(cli_ids, ids_in(local_out.file("q.csv")));
    EXPECT_EQ(cli_ids.size(), local_ids[0].size() + local_ids[1].size());
    // Without the layer named, said so.
    const auto unnamed = test::run_planview({"query", counties[0], counties[1], "--predicate", "intersects", "--with",
                                             "eco_redline", "--out", postgis_out.file("r.csv")});
    EXPECT_EQ(unnamed.exit_code, 2) << unnamed.err;
    EXPECT_NE(unnamed.err.find("--layer"), std::string::npos) << unnamed.err;
}

TEST(PostGIS, QueriesRunInsideTheDatabaseAndFindWhatTheLocalEngineFinds)
{
    const std::string county = loaded(test::sample_gpkg(), "pv_check");
    const std::string gpkg = test::sample_gpkg();
    struct Case {
        std::vector<std::string> local, postgis;
    };
    const std::vector<std::string> with_redline = {"--with", gpkg + ":eco_redline"};
    std::vector<Case> cases = {
        {{"--predicate", "intersects", "--with", gpkg + ":farmland", "--where", "land_use_code = '1001'"},
         {"--predicate", "intersects", "--with", county + " tables=farmland", "--where", "land_use_code = '1001'"}},
        {{"--predicate", "disjoint", "--with", gpkg + ":urban_boundary"},
         {"--predicate", "disjoint", "--with", county + " tables=urban_boundary"}},
        {{"--predicate", "within", "--with", gpkg + ":eco_redline"},
         {"--predicate", "within", "--with", county + " tables=eco_redline"}},
        {{"--predicate", "dwithin", "--distance", "200", "--with", gpkg + ":key_projects", "--with-where",
          "name LIKE '%高速%'"},
         {"--predicate", "dwithin", "--distance", "200", "--with", county + " tables=key_projects", "--with-where",
          "name LIKE '%高速%'"}},
    };
    // A collection: a point inside one parcel and a line far away (a geometry PostGIS would
    // thin if it were cut into pieces like a line or a polygon).
    const std::string inside =
        test::sql_strings(gpkg, "SELECT ST_X(p) || ' ' || ST_Y(p) FROM (SELECT ST_PointOnSurface(" +
                                    test::spatialite_valid("geom") + ") AS p FROM parcels WHERE fid = 77)")
            .front();
    const std::string collection = "GEOMETRYCOLLECTION(POINT(" + inside + "), LINESTRING(0 0, 1 1))";
    cases.push_back(
        {{"--predicate", "intersects", "--wkt", collection}, {"--predicate", "intersects", "--wkt", collection}});
    const test::TempDir dir;
    for (const auto& c : cases) {
        std::vector<std::string> local = {"query", gpkg + ":parcels", "--out", dir.file("local.gpkg"), "--quiet"};
        local.insert(local.end(), c.local.begin(), c.local.end());
        std::vector<std::string> postgis = {"query", county + " tables=parcels", "--out", dir.file("postgis.gpkg"),
                                            "--quiet"};
        postgis.insert(postgis.end(), c.postgis.begin(), c.postgis.end());
        const auto here = test::run_planview(local, 300);
        const auto there = test::run_planview(postgis, 300);
        ASSERT_EQ(here.exit_code, 0) << here.err;
        ASSERT_EQ(there.exit_code, 0) << there.err;
        SCOPED_TRACE(c.local[1]);
        EXPECT_NE(there.out.find("run inside PostGIS"), std::string::npos) << there.out;
        EXPECT_EQ(here.out.find("PostGIS"), std::string::npos);
        const std::string ids =
            "SELECT group_concat(parcel_id) FROM (SELECT parcel_id FROM matches ORDER BY parcel_id)";
        EXPECT_EQ(test::sql_strings(dir.file("postgis.gpkg"), ids), test::sql_strings(dir.file("local.gpkg"), ids));
        const std::string area = "SELECT COALESCE(SUM(ST_Area(geom)), 0) FROM matches";
        EXPECT_NEAR(test::sql_number(dir.file("postgis.gpkg"), area), test::sql_number(dir.file("local.gpkg"), area),
                    0.01);
        EXPECT_GT(test::sql_number(dir.file("local.gpkg"), "SELECT COUNT(*) FROM matches"), 0);
    }
}

TEST(PostGIS, BadConnectionsAndMissingTablesAreOneLineWithoutThePassword)
{
    const test::TempDir dir;
    auto result = test::run_planview(
        {"check", "PG:host=127.0.0.1 port=1 user=nobody password=s3cret dbname=none", "--out", dir.file("r.csv")});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(test::lines_of(result.err).size(), 1u) << result.err;
    EXPECT_EQ(result.err.find("s3cret"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("password=***"), std::string::npos) << result.err;

    // A schema with no county in it: the missing role named.
    result = test::run_planview({"check", kDatabase + " schemas=no_such_schema", "--out", dir.file("r.csv")});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(test::lines_of(result.err).size(), 1u) << result.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("r.csv")));

    result = test::run_planview({"load", test::sample_gpkg(), kDatabase, "--schema", "Bad Name"});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(test::lines_of(result.err).size(), 1u) << result.err;
    result = test::run_planview({"targets", kDatabase + " schemas=pv_check"});
    EXPECT_EQ(result.exit_code, 2) << "no targets.toml beside a database: --targets is asked for";
    EXPECT_NE(result.err.find("--targets"), std::string::npos) << result.err;
    result = test::run_planview({"check", test::sample_gpkg(), "--engine", "postgis", "--out", dir.file("r.csv")});
    EXPECT_EQ(result.exit_code, 1) << "the PostGIS engine needs the layers in a database";
    EXPECT_EQ(test::lines_of(result.err).size(), 1u) << result.err;
}

// The attribute table of a county viewed as pictures reads its rows from the database sorted
// there (ORDER BY), in the order the GeoPackage gives (bytes, nulls first), so that a city whose
// counties lie in both merges into one order.
TEST(PostGIS, TheAttributeTableSortsInTheDatabaseAsInTheGeoPackage)
{
    const std::string database = loaded(test::sample_gpkg(), "pv_table");
    // The values of `field` down the rows, read by feature id from each row's source.
    auto values = [](const ui::RowsRequest& request, const ui::Rows& rows, const std::string& field) {
        std::vector<geo::DatasetPtr> sources;
        for (const std::string& path : request.paths)
            sources.emplace_back(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        std::vector<std::string> out;
        for (const ui::SourceRow row : rows.rows) {
            const geo::FeaturePtr feature(
                sources[ui::source_of(row)]->GetLayerByName("parcels")->GetFeature(ui::fid_of(row)));
            out.push_back(!feature ? "missing"
                          : feature->IsFieldSetAndNotNull(feature->GetFieldIndex(field.c_str()))
                              ? feature->GetFieldAsString(field.c_str())
                              : "NULL");
        }
        return out;
    };
    const auto count = static_cast<std::size_t>(test::sql_number(test::sample_gpkg(), "SELECT COUNT(*) FROM parcels"));
    for (const auto& [field, descending] : {std::pair<std::string, bool>{"parcel_id", true},
                                            {"planned_far", false},
                                            {"supply_year", false},
                                            {"town", true}}) {
        SCOPED_TRACE(field);
        ui::RowsRequest request;
        request.layer = "parcels";
        request.sort_field = field;
        request.descending = descending;
        request.paths = {test::sample_gpkg()};
        const auto in_file = values(request, ui::read_rows(request), field);
        request.paths = {database};
        const ui::Rows from_database = ui::read_rows(request);
        ASSERT_TRUE(from_database.error.isEmpty()) << from_database.error.toStdString();
        ASSERT_EQ(in_file.size(), count);
        EXPECT_EQ(values(request, from_database, field), in_file);
        // Both at once, merged: each value twice, in the same order.
        request.paths = {test::sample_gpkg(), database};
        const auto merged = values(request, ui::read_rows(request), field);
        ASSERT_EQ(merged.size(), 2 * count);
        for (std::size_t i = 0; i < count; ++i)
            ASSERT_TRUE(merged[2 * i] == in_file[i] && merged[2 * i + 1] == in_file[i]) << i;
    }
    // A WHERE the database evaluates, and one it refuses, named.
    ui::RowsRequest request;
    request.layer = "parcels";
    request.paths = {database};
    request.sort_field = "planned_far";
    request.where = "land_use_code = '1001'";
    EXPECT_EQ(ui::read_rows(request).rows.size(),
              static_cast<std::size_t>(
                  test::sql_number(test::sample_gpkg(), "SELECT COUNT(*) FROM parcels WHERE land_use_code = '1001'")));
    request.where = "no_such_field = 1";
    const ui::Rows refused = ui::read_rows(request);
    EXPECT_TRUE(refused.rows.empty());
    EXPECT_TRUE(refused.error.contains("no_such_field")) << refused.error.toStdString();
}
