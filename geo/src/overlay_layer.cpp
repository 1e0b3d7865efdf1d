#include "geo/overlay_layer.h"

#include "geo/error.h"
#include "geo/layer_reader.h"
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
    const GeomPtr halves[2] = {split_x ? rectangle(e.min_x, e.min_y, mid, e.max_y)
                                       : rectangle(e.min_x, e.min_y, e.max_x, mid),
                               split_x ? rectangle(mid, e.min_y, e.max_x, e.max_y)
                                       : rectangle(e.min_x, mid, e.max_x, e.max_y)};
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

// The same area as one union of `polygons`, as interior-disjoint polygonal geometries: only
// the groups of polygons whose interiors overlap (connected through an STRtree) are unioned;
// the others pass through untouched. A county's farmland is tens of thousands of patches,
// nearly all disjoint: one global union of them costs far more than the few small unions the
// overlaps need. Patches that merely touch are never double-counted, so they stay apart.
std::vector<GeomPtr> union_overlapping(std::vector<GeomPtr> polygons)
{
    auto ctx = geos_context();
    const std::size_t n = polygons.size();
    StrTreePtr tree(GEOSSTRtree_create_r(ctx, 10));
    std::vector<std::size_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) {
        ids[i] = i;
        GEOSSTRtree_insert_r(ctx, tree.get(), polygons[i].get(), &ids[i]);
    }
    DisjointSets groups(n);
    for (std::size_t i = 0; i < n; ++i) {
        PreparedPtr prepared;
        for (const std::size_t j : query_indexes(*tree, *polygons[i])) {
            if (j <= i || groups.find(i) == groups.find(j))
                continue;
            if (!prepared)
                prepared.reset(GEOSPrepare_r(ctx, polygons[i].get()));
            if (GEOSPreparedIntersects_r(ctx, prepared.get(), polygons[j].get()) == 1 &&
                GEOSPreparedTouches_r(ctx, prepared.get(), polygons[j].get()) != 1)
                groups.unite(i, j);
        }
    }
    std::vector<std::vector<std::size_t>> members(n);
    for (std::size_t i = 0; i < n; ++i)
        members[groups.find(i)].push_back(i);
    std::vector<GeomPtr> disjoint;
    for (const auto& group : members) {
        if (group.size() == 1) {
            disjoint.push_back(std::move(polygons[group.front()]));
        } else if (group.size() > 1) {
            std::vector<const GEOSGeometry*> parts;
            for (const std::size_t i : group)
                parts.push_back(polygons[i].get());
            disjoint.push_back(polygonal_part(*union_all(parts)));
        }
    }
    return disjoint;
}

} // namespace

OverlayLayer::OverlayLayer(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference& layer_srs,
                           const OGRSpatialReference& working, int threads)
    : name_(layer.GetName())
{
    std::vector<GeomPtr> polygons;
    LayerReader reader(source, layer, layer_srs, &working);
    while (auto feature = reader.next()) {
        ++features_;
        if (!feature->geometry)
            continue;
        GeomPtr geometry = std::move(feature->geometry);
        if (!is_valid(*geometry)) {
            ++repaired_;
            geometry = make_valid_polygonal(*geometry);
        } else if (!is_polygonal(*geometry)) {
            geometry = polygonal_part(*geometry);
        }
        if (!GEOSisEmpty_r(geos_context(), geometry.get()))
            polygons.push_back(std::move(geometry));
    }
    if (features_ == 0)
        throw file_error(source.path(), "layer '" + name_ + "' is empty (no features)");
    build(std::move(polygons), threads);
}

OverlayLayer::OverlayLayer(std::string name, const std::vector<const GEOSGeometry*>& polygons, int threads)
    : name_(std::move(name))
{
    std::vector<GeomPtr> valid;
    for (const GEOSGeometry* g : polygons) {
        ++features_;
        if (g == nullptr)
            continue;
        GeomPtr copy = is_valid(*g) ? polygonal_part(*g) : (++repaired_, make_valid_polygonal(*g));
        if (!GEOSisEmpty_r(geos_context(), copy.get()))
            valid.push_back(std::move(copy));
    }
    build(std::move(valid), threads);
}

void OverlayLayer::build(std::vector<GeomPtr> polygons, int threads)
{
    prepared_.resize(static_cast<std::size_t>(std::max(threads, 1)));
    // Overlapping patches must count once: after union_overlapping the polygons' interiors
    // are disjoint, so the areas of a parcel's overlaps with them simply add up.
    auto ctx = geos_context();
    for (GeomPtr& polygonal : union_overlapping(std::move(polygons))) {
        if (GEOSGeomTypeId_r(ctx, polygonal.get()) == GEOS_POLYGON) {
            subdivide(std::move(polygonal), 0, pieces_);
            continue;
        }
        for (int i = 0, n = GEOSGetNumGeometries_r(ctx, polygonal.get()); i < n; ++i)
            subdivide(clone(*GEOSGetGeometryN_r(ctx, polygonal.get(), i)), 0, pieces_);
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
    double total = 0;
    for (const std::size_t piece : candidates) {
        const GEOSPreparedGeometry& prep = prepared(piece, worker);
        // Covers first: most parcels lie wholly inside the urban boundary.
        if (GEOSPreparedCovers_r(ctx, &prep, &parcel) == 1) {
            // Wholly on one piece: no overlay needed, and no other piece can overlap it.
            if (pieces)
                pieces->push_back(clone(parcel));
            return parcel_area;
        }
        if (GEOSPreparedIntersects_r(ctx, &prep, &parcel) != 1)
            continue;
        GeomPtr overlap = polygonal_part(*intersection(*pieces_[piece], parcel));
        total += area(*overlap);
        if (pieces && !GEOSisEmpty_r(ctx, overlap.get()))
            pieces->push_back(std::move(overlap));
    }
    return total;
}

} // namespace geo
