#include "geo/overlay_layer.h"

#include <algorithm>

#include "geo/error.h"
#include "geo/layer_reader.h"
#include "geo/overlaps.h"
#include "geo/parallel.h"
#include "geo/vector_source.h"

namespace geo {
namespace {

// Pieces above this many vertices are cut in two. Small pieces keep each parcel's overlay
// cheap: GEOS overlay cost grows with both inputs' vertex counts.
constexpr int kMaxPieceVertices = 256;
constexpr int kMaxSubdivisionDepth = 40;

GeomPtr rectangle(double min_x, double min_y, double max_x, double max_y)
{
    return checked(GEOSGeom_createRectangle_r(geos_context(), min_x, min_y, max_x, max_y), "rectangle");
}

void subdivide(GeomPtr geometry, int depth, std::vector<GeomPtr>& out)
{
    auto ctx = geos_context();
    if (GEOSisEmpty_r(ctx, geometry.get()))
        return;
    if (GEOSGetNumCoordinates_r(ctx, geometry.get()) <= kMaxPieceVertices || depth >= kMaxSubdivisionDepth) {
        out.push_back(std::move(geometry));
        return;
    }
    const Envelope e = envelope_of(*geometry);
    const bool split_x = (e.max_x - e.min_x) >= (e.max_y - e.min_y);
    const double mid = split_x ? (e.min_x + e.max_x) / 2 : (e.min_y + e.max_y) / 2;
    const GeomPtr halves[2] = {
        split_x ? rectangle(e.min_x, e.min_y, mid, e.max_y) : rectangle(e.min_x, e.min_y, e.max_x, mid),
        split_x ? rectangle(mid, e.min_y, e.max_x, e.max_y) : rectangle(e.min_x, mid, e.max_x, e.max_y)};
    for (const auto& half : halves) {
        GeomPtr part = polygonal_part(*intersection(*geometry, *half));
        const int n = GEOSGetNumGeometries_r(ctx, part.get());
        for (int i = 0; i < n; ++i)
            subdivide(clone(*GEOSGetGeometryN_r(ctx, part.get(), i)), depth + 1, out);
    }
}

// Union-find over feature indexes, for grouping overlapping patches.
class DisjointSets {
public:
    explicit DisjointSets(std::size_t n) : parent_(n)
    {
        for (std::size_t i = 0; i < n; ++i)
            parent_[i] = i;
    }
    std::size_t find(std::size_t i)
    {
        while (parent_[i] != i)
            i = parent_[i] = parent_[parent_[i]];
        return i;
    }
    void unite(std::size_t a, std::size_t b) { parent_[find(a)] = find(b); }

private:
    std::vector<std::size_t> parent_;
};

// For each polygon, the id of its overlap group: polygons whose interiors overlap (directly or
// through others) share one (overlapping_pairs). A county's farmland is tens of thousands of
// patches, nearly all disjoint: no union of the layer is ever built, and the few overlaps are
// resolved per parcel (see overlap_area). Patches that merely touch are never double-counted,
// so they stay apart.
std::vector<std::uint32_t> overlap_groups(const std::vector<GeomPtr>& polygons, int threads)
{
    const std::size_t n = polygons.size();
    DisjointSets groups(n);
    for (const auto& [i, j] : overlapping_pairs(polygons, std::max(threads, 1)))
        groups.unite(i, j);
    std::vector<std::uint32_t> group_of(n);
    for (std::size_t i = 0; i < n; ++i)
        group_of[i] = static_cast<std::uint32_t>(groups.find(i));
    return group_of;
}

// Valid polygonal geometries: each repaired with MakeValid or cut to its polygonal part, on
// every core (GEOS's validity check is most of an overlay layer's loading). Empty ones are
// dropped; `repaired` counts the invalid ones.
std::vector<GeomPtr> valid_polygons(std::vector<GeomPtr> read, int threads, std::int64_t& repaired)
{
    std::vector<char> was_repaired(read.size(), 0);
    parallel_for(read.size(), threads, [&](int, std::size_t i) {
        if (!read[i])
            return;
        bool repaired_here = false;
        read[i] = valid_polygonal(std::move(read[i]), &repaired_here);
        was_repaired[i] = repaired_here ? 1 : 0;
    });
    std::vector<GeomPtr> valid;
    valid.reserve(read.size());
    for (std::size_t i = 0; i < read.size(); ++i) {
        repaired += was_repaired[i];
        if (read[i] && !GEOSisEmpty_r(geos_context(), read[i].get()))
            valid.push_back(std::move(read[i]));
    }
    return valid;
}

} // namespace

OverlayLayer::OverlayLayer(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference& layer_srs,
                           const OGRSpatialReference& working, int threads)
    : name_(layer.GetName())
{
    std::vector<GeomPtr> read;
    LayerReader reader(source, layer, layer_srs, &working);
    reader.set_transform_threads(threads);
    while (auto feature = reader.next()) {
        ++features_;
        if (feature->geometry)
            read.push_back(std::move(feature->geometry));
    }
    if (features_ == 0 && layer.GetSpatialFilter() == nullptr) // filtered: none may lie near
        throw file_error(source.path(), "layer '" + name_ + "' is empty (no features)");
    build(valid_polygons(std::move(read), std::max(threads, 1), repaired_), threads);
}

OverlayLayer::OverlayLayer(std::string name, const std::vector<const GEOSGeometry*>& polygons, int threads)
    : name_(std::move(name))
{
    std::vector<GeomPtr> copies;
    for (const GEOSGeometry* g : polygons) {
        ++features_;
        if (g != nullptr)
            copies.push_back(clone(*g));
    }
    build(valid_polygons(std::move(copies), std::max(threads, 1), repaired_), threads);
}

void OverlayLayer::build(std::vector<GeomPtr> polygons, int threads)
{
    prepared_.resize(static_cast<std::size_t>(std::max(threads, 1)));
    auto ctx = geos_context();
    const std::vector<std::uint32_t> group_of = overlap_groups(polygons, std::max(threads, 1));
    for (std::size_t p = 0; p < polygons.size(); ++p) {
        GeomPtr& polygonal = polygons[p];
        // A polygon, or a multipolygon of one (as many real layers store every patch), is cut as
        // it is; the parts of another one each apart, each part a copy (GEOS 3.11 cannot take
        // parts out of a collection).
        if (GEOSGeomTypeId_r(ctx, polygonal.get()) == GEOS_POLYGON ||
            GEOSGetNumGeometries_r(ctx, polygonal.get()) == 1) {
            subdivide(std::move(polygonal), 0, pieces_);
        } else {
            for (int i = 0, n = GEOSGetNumGeometries_r(ctx, polygonal.get()); i < n; ++i)
                subdivide(clone(*GEOSGetGeometryN_r(ctx, polygonal.get(), i)), 0, pieces_);
        }
        piece_group_.resize(pieces_.size(), group_of[p]);
    }

    tree_.reset(GEOSSTRtree_create_r(ctx, 10));
    piece_ids_.resize(pieces_.size());
    for (std::size_t i = 0; i < pieces_.size(); ++i) {
        piece_ids_[i] = i;
        GEOSSTRtree_insert_r(ctx, tree_.get(), pieces_[i].get(), &piece_ids_[i]);
    }
    build_now(*tree_); // on one thread: the concurrent queries that follow only read it
    for (auto& per_worker : prepared_)
        per_worker.resize(pieces_.size());
}

OverlayLayer::~OverlayLayer() = default;

const GEOSPreparedGeometry& OverlayLayer::prepared(std::size_t piece, int worker) const
{
    PreparedPtr& slot = prepared_[static_cast<std::size_t>(worker)][piece];
    if (!slot)
        slot.reset(GEOSPrepare_r(geos_context(), pieces_[piece].get()));
    return *slot;
}

double OverlayLayer::overlap_area(const GEOSGeometry& parcel, double parcel_area, int worker,
                                  std::vector<GeomPtr>* pieces) const
{
    auto ctx = geos_context();
    const std::vector<std::size_t> candidates = query_indexes(*tree_, parcel);
    struct Hit {
        std::uint32_t group;
        GeomPtr overlap;
    };
    std::vector<Hit> hits;
    for (const std::size_t piece : candidates) {
        const GEOSPreparedGeometry& prep = prepared(piece, worker);
        // Covers first: most parcels lie wholly inside the urban boundary.
        if (GEOSPreparedCovers_r(ctx, &prep, &parcel) == 1) {
            // Wholly on one piece: no overlay needed, whatever else overlaps it.
            if (pieces)
                pieces->push_back(clone(parcel));
            return parcel_area;
        }
        if (GEOSPreparedIntersects_r(ctx, &prep, &parcel) != 1)
            continue;
        GeomPtr overlap = polygonal_part(*intersection(*pieces_[piece], parcel));
        if (!GEOSisEmpty_r(ctx, overlap.get()))
            hits.push_back({piece_group_[piece], std::move(overlap)});
    }
    // Pieces of different groups never overlap: their areas add up. Within a group (patches
    // that overlap one another) the overlaps are unioned first, so shared ground counts once.
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.group < b.group; });
    double total = 0;
    for (std::size_t begin = 0; begin < hits.size();) {
        std::size_t end = begin + 1;
        while (end < hits.size() && hits[end].group == hits[begin].group)
            ++end;
        GeomPtr merged;
        if (end - begin == 1) {
            merged = std::move(hits[begin].overlap);
        } else {
            std::vector<const GEOSGeometry*> parts;
            for (std::size_t h = begin; h < end; ++h)
                parts.push_back(hits[h].overlap.get());
            merged = polygonal_part(*union_all(parts));
        }
        total += area(*merged);
        if (pieces)
            pieces->push_back(std::move(merged));
        begin = end;
    }
    return total;
}

} // namespace geo
