#include "geo/geos.h"

#include <algorithm>

#include <ogr_geometry.h>

#include "geo/error.h"
#include "geo/polygon_validity.h"

namespace geo {
namespace {

// The _r message handlers receive the formatted message.
void record_message(const char* message, void* userdata)
{
    *static_cast<std::string*>(userdata) = message ? message : "";
}

void ignore_notice(const char*, void*) {}

// Owns one thread's context; the thread_local instance below destroys it at thread exit.
class ThreadContext {
public:
    ThreadContext() : handle_(GEOS_init_r())
    {
        GEOSContext_setErrorMessageHandler_r(handle_, record_message, &last_error_);
        GEOSContext_setNoticeMessageHandler_r(handle_, ignore_notice, nullptr);
    }
    ~ThreadContext() { GEOS_finish_r(handle_); }
    ThreadContext(const ThreadContext&) = delete;
    ThreadContext& operator=(const ThreadContext&) = delete;

    GEOSContextHandle_t handle() const { return handle_; }
    std::string& last_error() { return last_error_; }

private:
    GEOSContextHandle_t handle_;
    std::string last_error_;
};

ThreadContext& this_thread_context()
{
    thread_local ThreadContext context;
    return context;
}

void collect_polygons(GEOSContextHandle_t ctx, const GEOSGeometry* geometry, std::vector<GeomPtr>& out)
{
    const int type = GEOSGeomTypeId_r(ctx, geometry);
    if (type == GEOS_POLYGON) {
        if (!GEOSisEmpty_r(ctx, geometry))
            out.push_back(checked(GEOSGeom_clone_r(ctx, geometry), "clone"));
        return;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int count = GEOSGetNumGeometries_r(ctx, geometry);
        for (int i = 0; i < count; ++i)
            collect_polygons(ctx, GEOSGetGeometryN_r(ctx, geometry, i), out);
    }
}

} // namespace

GEOSContextHandle_t geos_context()
{
    return this_thread_context().handle();
}

std::string geos_last_error()
{
    return this_thread_context().last_error();
}

GeomPtr checked(GEOSGeometry* result, const char* operation)
{
    if (result == nullptr)
        throw Error(std::string("GEOS ") + operation + " failed: " + geos_last_error());
    return GeomPtr(result);
}

GeomPtr from_wkt(const std::string& wkt)
{
    auto ctx = geos_context();
    GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx);
    GEOSGeometry* result = GEOSWKTReader_read_r(ctx, reader, wkt.c_str());
    GEOSWKTReader_destroy_r(ctx, reader);
    if (result == nullptr)
        throw Error("invalid WKT '" + wkt.substr(0, 60) + "': " + geos_last_error());
    return GeomPtr(result);
}

std::string to_wkt(const GEOSGeometry& geometry, int decimals)
{
    auto ctx = geos_context();
    GEOSWKTWriter* writer = GEOSWKTWriter_create_r(ctx);
    GEOSWKTWriter_setRoundingPrecision_r(ctx, writer, decimals);
    GEOSWKTWriter_setTrim_r(ctx, writer, 1);
    char* text = GEOSWKTWriter_write_r(ctx, writer, &geometry);
    GEOSWKTWriter_destroy_r(ctx, writer);
    std::string result = text ? text : "";
    GEOSFree_r(ctx, text);
    return result;
}

GeomPtr clone(const GEOSGeometry& geometry)
{
    return checked(GEOSGeom_clone_r(geos_context(), &geometry), "clone");
}

bool is_valid(const GEOSGeometry& geometry)
{
    return proven_valid(geometry) || GEOSisValid_r(geos_context(), &geometry) == 1;
}

std::string invalid_reason(const GEOSGeometry& geometry)
{
    if (is_valid(geometry))
        return {};
    auto ctx = geos_context();
    char* reason = GEOSisValidReason_r(ctx, &geometry);
    std::string result = reason ? reason : "invalid";
    GEOSFree_r(ctx, reason);
    return result;
}

bool is_polygonal(const GEOSGeometry& geometry)
{
    const int type = GEOSGeomTypeId_r(geos_context(), &geometry);
    return type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
}

GeomPtr polygonal_part(const GEOSGeometry& geometry)
{
    std::vector<GeomPtr> polygons;
    collect_polygons(geos_context(), &geometry, polygons);
    return make_collection(GEOS_MULTIPOLYGON, std::move(polygons));
}

GeomPtr valid_polygonal(GeomPtr geometry, bool* repaired)
{
    if (!is_valid(*geometry)) {
        if (repaired != nullptr)
            *repaired = true;
        return make_valid_polygonal(*geometry);
    }
    return is_polygonal(*geometry) ? std::move(geometry) : polygonal_part(*geometry);
}

GeomPtr make_valid_polygonal(const GEOSGeometry& geometry)
{
    GeomPtr repaired = checked(GEOSMakeValid_r(geos_context(), &geometry), "MakeValid");
    if (GEOSGeomTypeId_r(geos_context(), repaired.get()) == GEOS_POLYGON ||
        GEOSGeomTypeId_r(geos_context(), repaired.get()) == GEOS_MULTIPOLYGON)
        return repaired;
    return polygonal_part(*repaired);
}

double area(const GEOSGeometry& geometry)
{
    double result = 0;
    if (GEOSArea_r(geos_context(), &geometry, &result) == 0)
        throw Error("GEOS area failed: " + geos_last_error());
    return result;
}

GeomPtr intersection(const GEOSGeometry& a, const GEOSGeometry& b)
{
    return checked(GEOSIntersection_r(geos_context(), &a, &b), "intersection");
}

GeomPtr difference(const GEOSGeometry& a, const GEOSGeometry& b)
{
    return checked(GEOSDifference_r(geos_context(), &a, &b), "difference");
}

GeomPtr unary_union(const GEOSGeometry& geometry)
{
    return checked(GEOSUnaryUnion_r(geos_context(), &geometry), "union");
}

GeomPtr union_all(const std::vector<const GEOSGeometry*>& parts)
{
    std::vector<GeomPtr> clones;
    clones.reserve(parts.size());
    for (const GEOSGeometry* part : parts)
        clones.push_back(clone(*part));
    GeomPtr collection = make_collection(GEOS_GEOMETRYCOLLECTION, std::move(clones));
    return unary_union(*collection);
}

GeomPtr make_collection(int type, std::vector<GeomPtr> parts)
{
    std::vector<GEOSGeometry*> raw;
    raw.reserve(parts.size());
    for (auto& part : parts)
        raw.push_back(part.get());
    GEOSGeometry* collection =
        GEOSGeom_createCollection_r(geos_context(), type, raw.data(), static_cast<unsigned>(raw.size()));
    if (collection == nullptr)
        throw Error("GEOS collection failed: " + geos_last_error());
    for (auto& part : parts)
        (void)part.release(); // now owned by the collection
    return GeomPtr(collection);
}

std::vector<std::size_t> query_indexes(GEOSSTRtree& tree, const GEOSGeometry& geometry)
{
    std::vector<std::size_t> found;
    GEOSSTRtree_query_r(
        geos_context(), &tree, &geometry,
        [](void* item, void* user) {
            static_cast<std::vector<std::size_t>*>(user)->push_back(*static_cast<std::size_t*>(item));
        },
        &found);
    return found;
}

void build_now(GEOSSTRtree& tree)
{
    GeomPtr probe = checked(GEOSGeom_createRectangle_r(geos_context(), 0, 0, 1, 1), "rectangle");
    GEOSSTRtree_query_r(
        geos_context(), &tree, probe.get(), [](void*, void*) {}, nullptr);
}

Envelope merged(const Envelope& a, const Envelope& b)
{
    return {std::min(a.min_x, b.min_x), std::min(a.min_y, b.min_y), std::max(a.max_x, b.max_x),
            std::max(a.max_y, b.max_y)};
}

Envelope envelope_of(const GEOSGeometry& geometry)
{
    Envelope e;
    auto ctx = geos_context();
    GEOSGeom_getXMin_r(ctx, &geometry, &e.min_x);
    GEOSGeom_getYMin_r(ctx, &geometry, &e.min_y);
    GEOSGeom_getXMax_r(ctx, &geometry, &e.max_x);
    GEOSGeom_getYMax_r(ctx, &geometry, &e.max_y);
    return e;
}

std::vector<std::vector<std::pair<double, double>>> rings_of(const GEOSGeometry& geometry)
{
    auto ctx = geos_context();
    std::vector<std::vector<std::pair<double, double>>> rings;
    auto add_ring = [&](const GEOSGeometry& ring) {
        const GEOSCoordSequence* sequence = GEOSGeom_getCoordSeq_r(ctx, &ring);
        unsigned int size = 0;
        if (sequence == nullptr || GEOSCoordSeq_getSize_r(ctx, sequence, &size) == 0 || size < 2)
            return;
        std::vector<std::pair<double, double>> vertices(size - 1); // closed: the last repeats the first
        for (unsigned int i = 0; i + 1 < size; ++i)
            GEOSCoordSeq_getXY_r(ctx, sequence, i, &vertices[i].first, &vertices[i].second);
        rings.push_back(std::move(vertices));
    };
    for (int part = 0, parts = GEOSGetNumGeometries_r(ctx, &geometry); part < parts; ++part) {
        const GEOSGeometry* polygon = GEOSGetGeometryN_r(ctx, &geometry, part);
        const int type = GEOSGeomTypeId_r(ctx, polygon);
        if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
            for (auto& ring : rings_of(*polygon))
                rings.push_back(std::move(ring));
            continue;
        }
        if (type != GEOS_POLYGON)
            continue;
        add_ring(*GEOSGetExteriorRing_r(ctx, polygon));
        for (int hole = 0, holes = GEOSGetNumInteriorRings_r(ctx, polygon); hole < holes; ++hole)
            add_ring(*GEOSGetInteriorRingN_r(ctx, polygon, hole));
    }
    return rings;
}

} // namespace geo
