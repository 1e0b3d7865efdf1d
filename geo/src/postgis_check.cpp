#include "geo/postgis_check.h"

#include <algorithm>
#include <array>
#include <optional>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/roles.h"
#include "geo/sql.h"
#include "geo/three_zones.h"
#include "geo/vector_source.h"
#include "postgis_server.h"

namespace geo {
namespace {

using postgis::quoted;
using postgis::Server;
using postgis::ServerLayer;
using postgis::valid_polygonal_sql;

// Parcels the server checks per statement: the unit of progress and of cancelling.
constexpr int kChunkParcels = 20000;
// Overlay pieces are cut to at most this many vertices, so the GiST index finds small boxes.
constexpr int kSubdivideVertices = 256;

// The check's table `name` of the overlay made valid, its overlapping patches unioned (patches
// that meet no other stay as they are: ST_ClusterDBSCAN leaves them unclustered), subdivided and
// indexed; returns the table, `repaired` how many of its geometries were repaired. `only`,
// when given, is an SQL condition choosing the features (a zone's).
std::string load_overlay(Server& server, const ServerLayer& overlay, const std::string& name, std::int64_t& repaired,
                         const std::string& only = {})
{
    const std::string valid = server.create_table(
        name + "_valid", "SELECT NOT ST_IsValid(g) AS repaired, " + valid_polygonal_sql("g") + " AS g FROM (SELECT " +
                             overlay.in_working_crs + " AS g FROM " + overlay.table + " WHERE " +
                             overlay.geometry_column + " IS NOT NULL" + (only.empty() ? "" : " AND " + only) + ") raw");
    repaired = static_cast<std::int64_t>(server.number("SELECT COUNT(*) FILTER (WHERE repaired) FROM " + valid));
    if (only.empty() && server.number("SELECT COUNT(*) FROM " + valid + " WHERE NOT ST_IsEmpty(g)") == 0)
        throw Error(server.name() + ": layer '" + std::string(overlay.layer->GetName()) + "' is empty (no polygons)");
    const std::string pieces = server.create_table(
        name, "WITH patches AS (SELECT g, ST_ClusterDBSCAN(g, 0, 2) OVER () AS overlapping FROM " + valid +
                  " WHERE NOT ST_IsEmpty(g)) SELECT ST_Subdivide(g, " + std::to_string(kSubdivideVertices) +
                  ") AS g FROM (SELECT g FROM patches WHERE overlapping IS NULL UNION ALL "
                  "SELECT ST_Union(g) FROM patches WHERE overlapping IS NOT NULL GROUP BY overlapping) merged");
    server.execute("CREATE INDEX ON " + pieces + " USING gist (g)");
    server.execute("ANALYZE " + pieces);
    server.drop_table(valid);
    return pieces;
}

// The pieces of parcel `p.g` on overlay `name`, collected (they are disjoint: cut from a
// union), and whether one piece covers the parcel whole (its overlap is then the parcel's area,
// exactly, as the local engine takes it).
std::string overlap_lateral(const std::string& name, const std::string& alias)
{
    return " LEFT JOIN LATERAL (SELECT ST_Collect(ST_CollectionExtract(ST_Intersection(p.g, o.g), 3)) AS x, "
           "bool_or(ST_Covers(o.g, p.g)) AS covered FROM " +
           name + " o WHERE ST_Intersects(p.g, o.g)) " + alias + " ON true";
}

std::string overlap_area_sql(const std::string& alias)
{
    return "CASE WHEN " + alias + ".covered THEN ST_Area(p.g) ELSE COALESCE(ST_Area(" + alias + ".x), 0) END";
}

std::string text_column(const std::optional<FieldMatch>& field)
{
    return field ? quoted(field->name) + "::text" : "NULL::text";
}

GeomPtr geometry_field(const OGRFeature& row, const char* name)
{
    const int index = row.GetGeomFieldIndex(name);
    const OGRGeometry* geometry = index >= 0 ? row.GetGeomFieldRef(index) : nullptr;
    if (geometry == nullptr || geometry->IsEmpty())
        return nullptr;
    return to_geos(*geometry);
}

// The three zones (三区) as three overlay tables, each feature's zone named in its text fields as
// the local engine reads it (zone_named_in). None when there is no zones layer.
std::optional<std::array<std::string, 3>> load_zones(Server& server, const CheckOptions& options, int srid)
{
    if (!options.measure_zones)
        return std::nullopt;
    if (!options.zones.path.empty() && options.zones.path != options.parcels.path)
        throw Error(without_password(options.zones.path) +
                    ": the PostGIS engine needs the three zones in the parcels' database (or --engine local)");
    OGRLayer* table =
        options.zones.path.empty() && options.zones.layer.empty()
            ? find_role_layer(server.source(), LayerRole::ThreeZones)
            : &server.source().layer_for({options.zones.path, options.zones.layer}, LayerRole::ThreeZones);
    if (table == nullptr)
        return std::nullopt;
    const ServerLayer zones = server.layer(*table, options.assigned_crs, srid);
    const std::string fid_column = table->GetFIDColumn();
    if (fid_column.empty())
        throw Error(server.name() + ": table " + zones.table + " has no primary key to read it by");
    std::array<std::string, 3> fids;
    table->SetIgnoredFields(std::vector<const char*>{"OGR_GEOMETRY", nullptr}.data());
    table->ResetReading();
    for (auto& feature : *table)
        for (int i = 0; i < feature->GetFieldCount(); ++i)
            if (feature->GetFieldDefnRef(i)->GetType() == OFTString)
                if (const int zone = zone_named_in(feature->GetFieldAsString(i)); zone >= 0) {
                    std::string& list = fids[static_cast<std::size_t>(zone)];
                    list += (list.empty() ? "" : ",") + std::to_string(feature->GetFID());
                    break;
                }
    table->SetIgnoredFields(nullptr);
    if (fids[0].empty() && fids[1].empty() && fids[2].empty())
        throw Error(server.name() + ": layer '" + std::string(table->GetName()) +
                    "' names none of 农业空间, 生态空间, 城镇空间 in its fields");
    std::array<std::string, 3> tables;
    for (std::size_t z = 0; z < fids.size(); ++z) {
        std::int64_t repaired = 0;
        tables[z] = load_overlay(server, zones, "zone" + std::to_string(z), repaired,
                                 quoted(fid_column) + " IN (" + (fids[z].empty() ? "NULL" : fids[z]) + ")");
    }
    return tables;
}

} // namespace

bool all_layers_in_postgis(const CheckOptions& options)
{
    return is_postgresql(options.parcels.path) && is_postgresql(options.farmland.path) &&
           is_postgresql(options.redline.path) && is_postgresql(options.ucb.path);
}

CheckSummary run_check_in_postgis(const CheckOptions& options, const CheckCallbacks& callbacks)
{
    if (options.sliver_m2 < 0)
        throw Error("the sliver tolerance must not be negative");
    const std::string& connection = options.parcels.path;
    if (!is_postgresql(connection))
        throw file_error(connection, "the PostGIS engine checks layers in a PostgreSQL database (PG:…), not a file");
    for (const LayerRef* ref : {&options.farmland, &options.redline, &options.ucb})
        if (ref->path != connection)
            throw Error(without_password(ref->path) +
                        ": the PostGIS engine needs every layer in the parcels' database (or --engine local)");
    auto progress = [&](double f) {
        if (callbacks.on_progress)
            callbacks.on_progress(f);
    };
    Server server(connection, callbacks.cancel);
    const std::string working_crs = options.working_crs.empty() ? choose_working_crs(options) : options.working_crs;
    const int srid = postgis::epsg_of(working_crs, "a working CRS");

    const ServerLayer parcels = server.layer(options.parcels, LayerRole::Parcels, options.assigned_crs, srid);
    const std::string fid_column = parcels.layer->GetFIDColumn();
    if (fid_column.empty())
        throw Error(server.name() + ": table " + parcels.table + " has no primary key to read it by");
    const OGRFeatureDefn& fields = *parcels.layer->GetLayerDefn();
    std::optional<FieldMatch> id = find_field(fields, FieldRole::ParcelId);
    if (!options.id_field.empty()) {
        const int index = fields.GetFieldIndex(options.id_field.c_str());
        id = index < 0 ? std::nullopt : std::optional(FieldMatch{index, options.id_field, "--id-field"});
    }
    if (!id)
        throw Error(server.name() + ": table " + parcels.table + " has no field '" +
                    (options.id_field.empty() ? "parcel_id" : options.id_field) +
                    "' (nor DKBH or another parcel-id code; name the parcel id column with --id-field)");

    CheckSummary summary;
    summary.working_crs = "EPSG:" + std::to_string(srid);
    summary.in_postgis = true;
    const std::string farmland =
        load_overlay(server, server.layer(options.farmland, LayerRole::Farmland, options.assigned_crs, srid),
                     "farmland", summary.repaired_farmland);
    progress(0.05);
    const std::string redline =
        load_overlay(server, server.layer(options.redline, LayerRole::Redline, options.assigned_crs, srid), "redline",
                     summary.repaired_redline);
    progress(0.08);
    const std::string ucb =
        load_overlay(server, server.layer(options.ucb, LayerRole::UrbanBoundary, options.assigned_crs, srid), "ucb",
                     summary.repaired_ucb);
    const auto zone_tables = load_zones(server, options, srid);
    const bool with_zones = zone_tables.has_value();
    progress(0.1);

    const std::string fid = quoted(fid_column);
    const std::string selected = " FROM " + parcels.table + " WHERE " + parcels.geometry_column + " IS NOT NULL" +
                                 (options.where.empty() ? "" : " AND (" + options.where + ")");
    const double expected = server.number("SELECT COUNT(*)" + selected);
    if (expected == 0)
        throw Error(server.name() + ": " +
                    (options.where.empty() ? "table " + parcels.table + " has no parcels"
                                           : "no parcels match --where " + options.where));

    const std::string columns = fid + " AS parcel_fid, " + quoted(id->name) + "::text AS parcel_id, " +
                                text_column(find_field(fields, FieldRole::Town)) + " AS town, " +
                                text_column(find_field(fields, FieldRole::LandUseCode)) + " AS land_use_code, " +
                                parcels.in_working_crs + " AS g";
    const std::string geometries =
        options.keep_geometry
            ? ", p.g AS parcel_geom, ST_UnaryUnion(f.x) AS farmland_geom, ST_UnaryUnion(r.x) AS redline_geom, "
              "CASE WHEN u.covered THEN NULL WHEN u.x IS NULL THEN p.g "
              "ELSE ST_CollectionExtract(ST_Difference(p.g, ST_UnaryUnion(u.x)), 3) END AS outside_geom"
            : "";
    std::string zone_columns, zone_laterals;
    for (int z = 0; with_zones && z < 3; ++z) {
        std::string alias(1, 'z'); // not "z" + …: GCC 12's -Wrestrict misfires on it
        alias += std::to_string(z);
        zone_columns += ", " + overlap_area_sql(alias) + " AS zone" + std::to_string(z) + "_m2";
        zone_laterals += overlap_lateral((*zone_tables)[static_cast<std::size_t>(z)], alias);
    }
    // CREATE TABLE AS may run on the server's parallel workers (a cursor never does), over the
    // overlays' unlogged tables (a temporary one would keep it to one process).
    // Chunks of kChunkParcels parcels in FID order, by their first FIDs (FIDs may be sparse).
    std::vector<std::string> chunk_starts;
    server.query("SELECT f FROM (SELECT " + fid + " AS f, row_number() OVER (ORDER BY " + fid + ") AS n" + selected +
                     ") numbered WHERE (n - 1) % " + std::to_string(kChunkParcels) + " = 0 ORDER BY f",
                 [&](OGRFeature& row) { chunk_starts.emplace_back(row.GetFieldAsString(0)); });
    auto chunk_sql = [&](std::size_t chunk) {
        const std::string range =
            " AND " + fid + " >= " + chunk_starts[chunk] +
            (chunk + 1 < chunk_starts.size() ? " AND " + fid + " < " + chunk_starts[chunk + 1] : "");
        return "SELECT p.parcel_fid, p.parcel_id, p.town, p.land_use_code, p.repaired, "
               "ST_Area(p.g) AS area_m2, " +
               overlap_area_sql("f") + " AS farmland_m2, " + overlap_area_sql("r") + " AS redline_m2, " +
               overlap_area_sql("u") + " AS inside_m2" + zone_columns + geometries +
               " FROM (SELECT parcel_fid, parcel_id, town, " + "land_use_code, NOT ST_IsValid(g) AS repaired, " +
               valid_polygonal_sql("g") + " AS g FROM (SELECT " + columns + selected + range + ") raw) p" +
               overlap_lateral(farmland, "f") + overlap_lateral(redline, "r") + overlap_lateral(ucb, "u") +
               zone_laterals;
    };

    double checked = 0;
    for (std::size_t c = 0; c < chunk_starts.size(); ++c) {
        const std::string chunk = server.create_table("chunk", chunk_sql(c));
        std::vector<ParcelCheck> batch;
        server.query("SELECT * FROM " + chunk + " ORDER BY parcel_fid", [&](OGRFeature& row) {
            ParcelCheck parcel;
            parcel.fid = row.GetFieldAsInteger64("parcel_fid");
            parcel.parcel_id = row.GetFieldAsString("parcel_id");
            parcel.town = row.GetFieldAsString("town");
            parcel.land_use_code = row.GetFieldAsString("land_use_code");
            parcel.repaired = row.GetFieldAsInteger("repaired") != 0;
            parcel.area_m2 = row.GetFieldAsDouble("area_m2");
            parcel.farmland_m2 = row.GetFieldAsDouble("farmland_m2");
            parcel.redline_m2 = row.GetFieldAsDouble("redline_m2");
            parcel.outside_ucb_m2 = std::max(0.0, parcel.area_m2 - row.GetFieldAsDouble("inside_m2"));
            if (with_zones)
                parcel.zone_m2 =
                    std::array<double, 3>{row.GetFieldAsDouble("zone0_m2"), row.GetFieldAsDouble("zone1_m2"),
                                          row.GetFieldAsDouble("zone2_m2")};
            judge_conflicts(parcel, options.sliver_m2);
            if (options.keep_geometry) {
                parcel.geometry = geometry_field(row, "parcel_geom");
                const std::pair<const char*, const char*> kinds[] = {
                    {"farmland", "farmland_geom"}, {"redline", "redline_geom"}, {"outside_ucb", "outside_geom"}};
                for (const auto& [kind, column] : kinds)
                    if (GeomPtr piece = geometry_field(row, column))
                        parcel.overlaps.emplace_back(kind, std::move(piece));
            }
            batch.push_back(std::move(parcel));
        });
        server.drop_table(chunk);
        for (const auto& parcel : batch)
            summary.add(parcel);
        checked += static_cast<double>(batch.size());
        if (callbacks.on_batch && !batch.empty())
            callbacks.on_batch(batch);
        progress(0.1 + 0.9 * std::min(1.0, checked / expected));
    }
    progress(1.0);
    return summary;
}

} // namespace geo
