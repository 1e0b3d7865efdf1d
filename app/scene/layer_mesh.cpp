#include "layer_mesh.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>
#include <string_view>
#include <unordered_map>

#include <osg/Geometry>
#include <osg/LOD>

#include "chunk_impostor.h"
#include "geo/feature_table.h"
#include "geo/geos.h"
#include "geo/parallel.h"
#include "polygon_tessellator.h"
#include "terrain_drape.h"
#include "terrain_fill.h"

namespace scene {
namespace {

constexpr std::size_t kFeaturesPerChunk = 16384;
// Large polygons are cut into squares of this many DEM cells before triangulation, so their
// triangles are small enough to follow the terrain.
constexpr double kCutCells = 4;
// Chunks of this many features (parcels, never a few large ones like the red line) show each
// feature's outline only once the feature is kOutlineFromPixels wide on screen, and get impostors.
constexpr std::size_t kLodMinimumFeatures = 2000;
// A dense chunk's impostor has this many texels per feature on average (up to
// kMaxImpostorTexels a side); its geometry takes over once it covers as many pixels.
constexpr double kPixelsPerFeature = 8;
constexpr int kMaxImpostorTexels = 1024;
// A chunk switches from its impostor to its geometry when its on-screen size (OSG's pixel size
// of its bounding sphere) exceeds its texture's size by this factor.
constexpr float kImpostorPixelsPerTexel = 1.0F;
constexpr double kDefaultExtrusion = 10; // metres, for a parcel with no height
// A layer of few features whose areas cover more of the DEM's cells than this draws its fills
// from afar as a texture on the terrain's own triangles (the 三区's way), and its triangles only
// close up: cut to the grid where the ground bends, they come to 2–16 a cell (the red line's
// 262 km², 26,000 cells of the sample's DEM: 412,141 triangles), drawn whole a quarter of a
// frame of the whole county on llvmpipe.
constexpr double kCellsDrawnFromAfar = 10000;
// The name of a chunk's outline geometries.
constexpr const char* kOutlinesName = "lines";

osg::Vec4 vec(const Rgba& c)
{
    return {c.r, c.g, c.b, c.a};
}

// An indexed geometry named `name` over `vertices` with their feature ids, drawn from buffer objects.
osg::ref_ptr<osg::Geometry> geometry_over(osg::Vec3Array* vertices, osg::FloatArray* ids, osg::PrimitiveSet* primitives,
                                          const std::string& name)
{
    osg::ref_ptr<osg::Geometry> geometry = new osg::Geometry;
    geometry->setName(name);
    geometry->setUseDisplayList(false);
    geometry->setUseVertexBufferObjects(true);
    geometry->setVertexArray(vertices);
    geometry->setVertexAttribArray(kFeatureAttribute, ids, osg::Array::BIND_PER_VERTEX);
    geometry->addPrimitiveSet(primitives);
    return geometry;
}

// `lines` (indexed, sharing its chunk's vertex array) over a vertex array of its own: the vertices
// its indices name, in the order they first appear, with their feature ids.
osg::ref_ptr<osg::Geometry> with_own_vertices(const osg::Geometry& lines)
{
    const auto& vertices = static_cast<const osg::Vec3Array&>(*lines.getVertexArray());
    const auto& ids = static_cast<const osg::FloatArray&>(*lines.getVertexAttribArray(kFeatureAttribute));
    const auto& indices = static_cast<const osg::DrawElementsUInt&>(*lines.getPrimitiveSet(0));
    constexpr unsigned kNone = std::numeric_limits<unsigned>::max();
    std::vector<unsigned> renumbered(vertices.size(), kNone);
    osg::ref_ptr<osg::Vec3Array> own_vertices = new osg::Vec3Array;
    osg::ref_ptr<osg::FloatArray> own_ids = new osg::FloatArray;
    osg::ref_ptr<osg::DrawElementsUInt> own_indices = new osg::DrawElementsUInt(indices.getMode());
    own_indices->reserve(indices.size());
    for (const unsigned i : indices) {
        if (renumbered[i] == kNone) {
            renumbered[i] = static_cast<unsigned>(own_vertices->size());
            own_vertices->push_back(vertices[i]);
            own_ids->push_back(ids[i]);
        }
        own_indices->push_back(renumbered[i]);
    }
    // A new geometry, not a copy: OSG would put the new arrays in the chunk's buffer object and
    // upload that whole (+33 MB for the red line's outlines in a briefing).
    osg::ref_ptr<osg::Geometry> own = geometry_over(own_vertices, own_ids, own_indices, lines.getName());
    own->setColorArray(static_cast<osg::Array*>(lines.getColorArray()->clone(osg::CopyOp::DEEP_COPY_ALL)),
                       lines.getColorArray()->getBinding());
    return own;
}

// Morton (Z-order) key of a point in the extent: nearby features get nearby keys.
std::uint64_t morton(double x, double y, const geo::Envelope& e)
{
    auto scale = [](double v, double lo, double hi) {
        return static_cast<std::uint32_t>(std::clamp((v - lo) / std::max(hi - lo, 1e-9), 0.0, 1.0) * 65535.0);
    };
    std::uint64_t key = 0;
    const std::uint32_t ix = scale(x, e.min_x, e.max_x), iy = scale(y, e.min_y, e.max_y);
    for (int bit = 0; bit < 16; ++bit)
        key |= (static_cast<std::uint64_t>((ix >> bit) & 1U) << (2 * bit)) |
               (static_cast<std::uint64_t>((iy >> bit) & 1U) << (2 * bit + 1));
    return key;
}

osg::Vec4ub bytes(const osg::Vec4& c)
{
    auto b = [](float v) { return static_cast<unsigned char>(std::lround(std::clamp(v, 0.0F, 1.0F) * 255.0F)); };
    return {b(c.r()), b(c.g()), b(c.b()), b(c.a())};
}

// One chunk's geometry: a single vertex array (position, fill colour, feature id) shared by
// an indexed triangle set for the fills and an indexed line set for the outlines, so a parcel's
// corners are stored, draped and uploaded once for both.
class ChunkBuilder {
public:
    // With `impostors`, a chunk of many small features also gets a far-away stand-in; with
    // `drape`, its fills are cut to lie in the terrain's own triangles (not for blocks in 3D).
    ChunkBuilder(const TerrainModel& terrain, double ox, double oy, const osg::Vec4& outline, bool impostors,
                 bool drape)
        : terrain_(terrain), ox_(ox), oy_(oy), outline_(bytes(outline)), impostors_(impostors), drape_(drape)
    {
        reset();
    }

    void reset()
    {
        vertices_ = new osg::Vec3Array;
        colors_ = new osg::Vec4ubArray;
        ids_ = new osg::FloatArray;
        fill_indices_ = new osg::DrawElementsUInt(GL_TRIANGLES);
        for (auto& lines : lines_by_size_)
            lines = new osg::DrawElementsUInt(GL_LINES);
        features_ = 0;
    }

    // The next feature's size in metres (a polygon's narrower side, a line's longer one): its
    // outline goes with the outlines of features of about that size, which appear together.
    void begin_feature(double size)
    {
        size_class_ = std::clamp(static_cast<int>(std::floor(std::log2(std::max(size, 1.0)))), 0, kSizeClasses - 1);
    }

    void count_feature() { ++features_; }

    // A strictly convex closed ring (x, y pairs) with envelope `e`, when it is small and has at
    // most kMaxCorners corners (most parcels): its corners are its own triangle fan and its
    // outline. False, having added nothing, otherwise.
    bool add_small_convex_ring(std::span<const double> xy, const geo::Envelope& e, const osg::Vec4ub& color, float id,
                               bool filled)
    {
        const std::size_t points = xy.size() / 2;
        if (points < 4 || points > kMaxCorners + 1 || !is_small(e))
            return false;
        const auto n = static_cast<unsigned>(points - 1); // the ring repeats its first vertex
        const auto first = static_cast<unsigned>(vertices_->size());
        for (unsigned v = 0; v < n; ++v)
            push_vertex(xy[2 * v], xy[2 * v + 1], color, id);
        if (filled)
            for (unsigned i = 1; i + 1 < n; ++i)
                for (unsigned v : {0U, i, i + 1})
                    fill_indices_->push_back(first + v);
        for (unsigned v = 0; v < n; ++v)
            push_line(first + v, first + (v + 1) % n);
        return true;
    }

    // A polygon's fill (when `filled`) and outline; `e` is its envelope.
    void add_polygon(const GEOSGeometry& polygon, const geo::Envelope& e, const osg::Vec4ub& color, float id,
                     bool filled)
    {
        auto ctx = geo::geos_context();
        if (GEOSGetNumInteriorRings_r(ctx, &polygon) == 0 && add_convex(polygon, e, color, id, filled))
            return;
        const double cut = kCutCells * terrain_.cell_size();
        if (e.max_x - e.min_x <= cut && e.max_y - e.min_y <= cut) {
            add_tessellated(polygon, e, color, id, filled, true); // fill and outline share vertices
            return;
        }
        // Large polygons are cut into squares of a few DEM cells first (on the grid of multiples of
        // `cut`), so their triangles are small enough to follow the terrain; the outline is the
        // whole polygon's.
        if (filled) {
            const double x0 = std::floor(e.min_x / cut), y0 = std::floor(e.min_y / cut);
            const Squares whole{x0, y0, std::max(1.0, std::ceil(e.max_x / cut - x0)),
                                std::max(1.0, std::ceil(e.max_y / cut - y0)), cut};
            geo::GeomPtr inside(
                GEOSClipByRect_r(ctx, &polygon, whole.min_x(), whole.min_y(), whole.max_x(), whole.max_y()));
            if (inside)
                add_in_squares(*inside, whole, color, id);
        }
        add_lines(polygon, id);
    }

    // A block of nx × ny squares of side `cut` whose south-west one is at (x0, y0) × cut.
    struct Squares {
        double x0, y0, nx, ny, cut;
        double min_x() const { return x0 * cut; }
        double min_y() const { return y0 * cut; }
        double max_x() const { return (x0 + nx) * cut; }
        double max_y() const { return (y0 + ny) * cut; }
    };

    // `piece` (clipped to `block`) tessellated square by square. Halving the block and clipping
    // to each half costs the piece's vertices once a level; clipping the whole polygon to each
    // square cost them once a square (the red line's 3,000-vertex parts: a third of its mesh).
    void add_in_squares(const GEOSGeometry& piece, const Squares& block, const osg::Vec4ub& color, float id)
    {
        auto ctx = geo::geos_context();
        if (GEOSisEmpty_r(ctx, &piece))
            return;
        if (block.nx == 1 && block.ny == 1) {
            for (int i = 0, n = GEOSGetNumGeometries_r(ctx, &piece); i < n; ++i) {
                const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, &piece, i);
                if (GEOSGeomTypeId_r(ctx, part) == GEOS_POLYGON)
                    add_tessellated(*part, geo::envelope_of(*part), color, id, true, false);
            }
            return;
        }
        const bool across = block.nx >= block.ny; // halve the longer side
        const double first = std::floor((across ? block.nx : block.ny) / 2);
        Squares low = block, high = block;
        if (across) {
            low.nx = first;
            high.x0 += first;
            high.nx -= first;
        } else {
            low.ny = first;
            high.y0 += first;
            high.ny -= first;
        }
        for (const Squares& half : {low, high}) {
            geo::GeomPtr clipped(GEOSClipByRect_r(ctx, &piece, half.min_x(), half.min_y(), half.max_x(), half.max_y()));
            if (clipped)
                add_in_squares(*clipped, half, color, id);
        }
    }

    void add_lines(const GEOSGeometry& geometry, float id)
    {
        auto ctx = geo::geos_context();
        const int type = GEOSGeomTypeId_r(ctx, &geometry);
        if (type == GEOS_POLYGON) {
            add_lines(*GEOSGetExteriorRing_r(ctx, &geometry), id);
            for (int i = 0, n = GEOSGetNumInteriorRings_r(ctx, &geometry); i < n; ++i)
                add_lines(*GEOSGetInteriorRingN_r(ctx, &geometry, i), id);
            return;
        }
        if (type == GEOS_MULTIPOLYGON || type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
            for (int i = 0, n = GEOSGetNumGeometries_r(ctx, &geometry); i < n; ++i)
                add_lines(*GEOSGetGeometryN_r(ctx, &geometry, i), id);
            return;
        }
        if (type == GEOS_POINT || type == GEOS_MULTIPOINT) {
            // A point is drawn as a small ring (80 m), which the picker also finds.
            for (int i = 0, n = GEOSGetNumGeometries_r(ctx, &geometry); i < n; ++i) {
                const GEOSGeometry* point = type == GEOS_POINT ? &geometry : GEOSGetGeometryN_r(ctx, &geometry, i);
                double x = 0, y = 0;
                GEOSGeomGetX_r(ctx, point, &x);
                GEOSGeomGetY_r(ctx, point, &y);
                constexpr int kSides = 12;
                constexpr double kRadius = 80;
                const auto first = static_cast<unsigned>(vertices_->size());
                for (int k = 0; k < kSides; ++k) {
                    const double a = 2 * 3.141592653589793 * k / kSides;
                    push_vertex(x + kRadius * std::cos(a), y + kRadius * std::sin(a), outline_, id);
                    push_line(first + k, first + (k + 1) % kSides);
                }
                if (type == GEOS_POINT)
                    break;
            }
            return;
        }
        if (type != GEOS_LINESTRING && type != GEOS_LINEARRING)
            return;
        const geo::Envelope e = geo::envelope_of(geometry);
        const bool small = is_small(e);
        geo::GeomPtr dense(small ? nullptr : GEOSDensify_r(ctx, &geometry, terrain_.cell_size()));
        const GEOSGeometry* line = dense ? dense.get() : &geometry;
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, line);
        unsigned size = 0;
        GEOSCoordSeq_getSize_r(ctx, seq, &size);
        const auto first = static_cast<unsigned>(vertices_->size());
        for (unsigned i = 0; i < size; ++i) {
            double x = 0, y = 0;
            GEOSCoordSeq_getXY_r(ctx, seq, i, &x, &y);
            push_vertex(x, y, outline_, id);
            if (i > 0)
                push_line(first + i - 1, first + i);
        }
    }

    // A block `height` metres tall standing on the lowest ground under the polygon: roof from
    // GEOS's triangulation, walls from the outer ring, walls shaded darker so the block reads.
    void add_extruded(const GEOSGeometry& polygon, const osg::Vec4& color, float id, double height)
    {
        auto ctx = geo::geos_context();
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, GEOSGetExteriorRing_r(ctx, &polygon));
        unsigned size = 0;
        GEOSCoordSeq_getSize_r(ctx, seq, &size);
        std::vector<double> xs(size), ys(size);
        double base = std::numeric_limits<double>::max();
        for (unsigned i = 0; i < size; ++i) {
            GEOSCoordSeq_getXY_r(ctx, seq, i, &xs[i], &ys[i]);
            base = std::min(base, terrain_.height_at(xs[i], ys[i]));
        }
        const auto top = static_cast<float>(base + height), bottom = static_cast<float>(base);
        const osg::Vec4ub roof = bytes(color);
        if (tessellator_.tessellate(rings_of(polygon), tessellated_)) {
            const auto first = static_cast<unsigned>(vertices_->size());
            for (std::size_t v = 0; v < tessellated_.xy.size() / 2; ++v)
                push_vertex(tessellated_.xy[2 * v], tessellated_.xy[2 * v + 1], top, roof, id);
            for (const unsigned i : tessellated_.triangles)
                fill_indices_->push_back(first + i);
        }
        for (unsigned i = 0; i + 1 < size; ++i) {
            // Walls facing the north-west sun are lighter, the others darker.
            const double nx = ys[i + 1] - ys[i], ny = -(xs[i + 1] - xs[i]);
            const double light =
                0.6 + 0.3 * std::clamp((-nx + ny) / std::max(1e-9, std::hypot(nx, ny) * 1.414), -1.0, 1.0);
            const osg::Vec4ub wall = bytes(osg::Vec4(color.r() * light, color.g() * light, color.b() * light, 1.0F));
            const auto first = static_cast<unsigned>(vertices_->size());
            push_vertex(xs[i], ys[i], bottom, wall, id);
            push_vertex(xs[i + 1], ys[i + 1], bottom, wall, id);
            push_vertex(xs[i + 1], ys[i + 1], top, wall, id);
            push_vertex(xs[i], ys[i], top, wall, id);
            for (unsigned v : {0U, 1U, 2U, 0U, 2U, 3U})
                fill_indices_->push_back(first + v);
        }
    }

    // Moves what was built into `group`: (up to) two geometries over the one vertex array, and
    // for a chunk of many small features, its impostor in their place when seen from afar.
    void flush(osg::Group& group, MeshStats& stats)
    {
        if (drape_) { // fills first: they set every vertex to the terrain's own height
            drape_fills(*vertices_, *colors_, *ids_, *fill_indices_, terrain_, ox_, oy_);
            for (auto& lines : lines_by_size_)
                drape_lines(*vertices_, *colors_, *ids_, *lines, terrain_, ox_, oy_);
        }
        osg::ref_ptr<osg::Group> detail = new osg::Group;
        if (!fill_indices_->empty()) {
            osg::ref_ptr<osg::Geometry> fill = make_geometry(fill_indices_, "fill");
            fill->setColorArray(colors_, osg::Array::BIND_PER_VERTEX);
            colors_->setNormalize(true);
            detail->addChild(fill);
            stats.triangles += fill_indices_->size() / 3;
            ++stats.draw_calls;
        }
        const bool dense = features_ >= kLodMinimumFeatures;
        if (dense)
            add_outlines_by_size(*detail, stats);
        else
            add_all_outlines(*detail, stats);
        if (impostors_ && dense && !fill_indices_->empty()) {
            // The detail is drawn once the chunk covers more pixels than its impostor has texels.
            const int texels = std::clamp(static_cast<int>(impostor_texels()), 64, kMaxImpostorTexels);
            std::vector<ChunkOutlines> outlines;
            for (int k = 0; k < kSizeClasses; ++k)
                outlines.push_back({*lines_by_size_[static_cast<std::size_t>(k)], smallest_size(k)});
            osg::ref_ptr<osg::LOD> lod = new osg::LOD;
            lod->setRangeMode(osg::LOD::PIXEL_SIZE_ON_SCREEN);
            lod->addChild(make_chunk_impostor({*vertices_, *colors_, *ids_, *fill_indices_, outlines, outline_},
                                              terrain_, ox_, oy_, texels),
                          0.0F, static_cast<float>(texels) * kImpostorPixelsPerTexel);
            lod->addChild(detail, static_cast<float>(texels) * kImpostorPixelsPerTexel,
                          std::numeric_limits<float>::max());
            group.addChild(lod);
            ++stats.impostors;
        } else {
            for (unsigned i = 0; i < detail->getNumChildren(); ++i)
                group.addChild(detail->getChild(i));
        }
        reset();
    }

private:
    static constexpr unsigned kMaxCorners = 16;

    // A polygon without holes whose ring is strictly convex, through add_small_convex_ring.
    bool add_convex(const GEOSGeometry& polygon, const geo::Envelope& e, const osg::Vec4ub& color, float id,
                    bool filled)
    {
        auto ctx = geo::geos_context();
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, GEOSGetExteriorRing_r(ctx, &polygon));
        unsigned size = 0;
        GEOSCoordSeq_getSize_r(ctx, seq, &size);
        if (size < 4 || size > kMaxCorners + 1)
            return false;
        double xy[2 * (kMaxCorners + 1)];
        return GEOSCoordSeq_copyToBuffer_r(ctx, seq, xy, 0, 0) != 0 && geo::is_strictly_convex_ring(xy, size) &&
               add_small_convex_ring({xy, 2 * static_cast<std::size_t>(size)}, e, color, id, filled);
    }

    // The chunk's on-screen size at which its features are kPixelsPerFeature wide on average.
    float impostor_texels() const
    {
        return static_cast<float>(std::sqrt(static_cast<double>(features_)) * kPixelsPerFeature);
    }

    // The narrowest feature of size class k, in metres.
    static float smallest_size(int k) { return static_cast<float>(std::ldexp(1.0, k)); }

    osg::ref_ptr<osg::Geometry> make_lines(osg::DrawElementsUInt* indices, MeshStats& stats) const
    {
        osg::ref_ptr<osg::Geometry> lines = make_geometry(indices, kOutlinesName);
        osg::ref_ptr<osg::Vec4ubArray> color = new osg::Vec4ubArray(1, &outline_);
        color->setNormalize(true);
        lines->setColorArray(color, osg::Array::BIND_OVERALL);
        stats.line_vertices += indices->size();
        ++stats.draw_calls;
        return lines;
    }

    // A chunk of a few features: every outline at any distance, in one draw.
    void add_all_outlines(osg::Group& detail, MeshStats& stats)
    {
        osg::ref_ptr<osg::DrawElementsUInt> all = new osg::DrawElementsUInt(GL_LINES);
        for (const auto& lines : lines_by_size_)
            all->insert(all->end(), lines->begin(), lines->end());
        if (!all->empty())
            detail.addChild(make_lines(all.get(), stats));
    }

    // A chunk of many features: each size class's outlines once its features are
    // kOutlineFromPixels wide on screen (a hairline round a parcel of three pixels is all the
    // parcel shows: the county seat looked grey). The switch is by the whole chunk's pixel size,
    // the impostor's measure, which spans the chunk's extent; the impostor burns in the same
    // classes' outlines where it takes over, so the two look alike there.
    void add_outlines_by_size(osg::Group& detail, MeshStats& stats)
    {
        osg::BoundingBox box;
        for (const osg::Vec3& v : *vertices_)
            box.expandBy(v);
        const float extent = std::max({box.xMax() - box.xMin(), box.yMax() - box.yMin(), 1.0F});
        for (int k = 0; k < kSizeClasses; ++k) {
            osg::DrawElementsUInt* indices = lines_by_size_[static_cast<std::size_t>(k)].get();
            if (indices->empty())
                continue;
            osg::ref_ptr<osg::LOD> lod = new osg::LOD;
            lod->setRangeMode(osg::LOD::PIXEL_SIZE_ON_SCREEN);
            lod->setCenterMode(osg::LOD::USER_DEFINED_CENTER);
            lod->setCenter(box.center());
            lod->setRadius(box.radius());
            lod->addChild(make_lines(indices, stats), kOutlineFromPixels * extent / smallest_size(k),
                          std::numeric_limits<float>::max());
            detail.addChild(lod);
        }
    }

    // Whether a polygon with this envelope is drawn without cutting or densifying.
    bool is_small(const geo::Envelope& e) const
    {
        return e.max_x - e.min_x <= terrain_.cell_size() && e.max_y - e.min_y <= terrain_.cell_size();
    }

    // The rings of a polygon as x, y pairs (shell first), copied out of GEOS into ring_storage_.
    const std::vector<std::span<const double>>& rings_of(const GEOSGeometry& polygon)
    {
        auto ctx = geo::geos_context();
        const int holes = GEOSGetNumInteriorRings_r(ctx, &polygon);
        ring_storage_.resize(static_cast<std::size_t>(holes) + 1);
        rings_.clear();
        for (int r = 0; r <= holes; ++r) {
            const GEOSGeometry* ring =
                r == 0 ? GEOSGetExteriorRing_r(ctx, &polygon) : GEOSGetInteriorRingN_r(ctx, &polygon, r - 1);
            const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, ring);
            unsigned size = 0;
            GEOSCoordSeq_getSize_r(ctx, seq, &size);
            auto& xy = ring_storage_[static_cast<std::size_t>(r)];
            xy.resize(2 * static_cast<std::size_t>(size));
            if (size > 0)
                GEOSCoordSeq_copyToBuffer_r(ctx, seq, xy.data(), 0, 0);
            rings_.emplace_back(xy.data(), xy.size());
        }
        return rings_;
    }

    // A polygon (densified to the DEM's cell size unless small) tessellated, its fill when
    // `fill`, its rings as outlines over the same vertices when `outline`.
    void add_tessellated(const GEOSGeometry& polygon, const geo::Envelope& e, const osg::Vec4ub& color, float id,
                         bool fill, bool outline)
    {
        auto ctx = geo::geos_context();
        geo::GeomPtr dense(is_small(e) ? nullptr : GEOSDensify_r(ctx, &polygon, terrain_.cell_size()));
        const auto& rings = rings_of(dense ? static_cast<const GEOSGeometry&>(*dense) : polygon);
        const auto first = static_cast<unsigned>(vertices_->size());
        if (fill && tessellator_.tessellate(rings, tessellated_)) {
            for (std::size_t v = 0; v < tessellated_.xy.size() / 2; ++v)
                push_vertex(tessellated_.xy[2 * v], tessellated_.xy[2 * v + 1], color, id);
            for (const unsigned i : tessellated_.triangles)
                fill_indices_->push_back(first + i);
        } else {
            // No fill (or a degenerate one): the rings' own vertices, for the outline.
            for (const auto& ring : rings)
                for (std::size_t v = 0; v < ring.size() / 2; ++v)
                    push_vertex(ring[2 * v], ring[2 * v + 1], color, id);
        }
        if (!outline)
            return;
        // The rings' vertices come first, in order, each ring closed by a repeat of its first.
        unsigned start = first;
        for (const auto& ring : rings) {
            const auto n = static_cast<unsigned>(ring.size() / 2);
            for (unsigned v = 0; v + 1 < n; ++v)
                push_line(start + v, start + v + 1);
            start += n;
        }
    }

    // Adds a vertex draped on the terrain and returns its index.
    unsigned push_vertex(double x, double y, const osg::Vec4ub& color, float id)
    {
        return push_vertex(x, y, static_cast<float>(terrain_.height_at(x, y)), color, id);
    }

    unsigned push_vertex(double x, double y, float z, const osg::Vec4ub& color, float id)
    {
        vertices_->push_back(osg::Vec3(static_cast<float>(x - ox_), static_cast<float>(y - oy_), z));
        colors_->push_back(color);
        ids_->push_back(id);
        return static_cast<unsigned>(vertices_->size() - 1);
    }

    void push_line(unsigned from, unsigned to)
    {
        osg::DrawElementsUInt& lines = *lines_by_size_[static_cast<std::size_t>(size_class_)];
        lines.push_back(from);
        lines.push_back(to);
    }

    osg::ref_ptr<osg::Geometry> make_geometry(osg::PrimitiveSet* primitives, const char* name) const
    {
        return geometry_over(vertices_.get(), ids_.get(), primitives, name);
    }

    const TerrainModel& terrain_;
    double ox_, oy_;
    osg::Vec4ub outline_;
    bool impostors_;
    bool drape_;
    osg::ref_ptr<osg::Vec3Array> vertices_;
    osg::ref_ptr<osg::Vec4ubArray> colors_; // bytes: a quarter of the bandwidth
    osg::ref_ptr<osg::FloatArray> ids_;
    static constexpr int kSizeClasses = 16; // 1 m, 2 m, 4 m ... 32 km and wider
    osg::ref_ptr<osg::DrawElementsUInt> fill_indices_;
    std::array<osg::ref_ptr<osg::DrawElementsUInt>, kSizeClasses> lines_by_size_;
    int size_class_ = kSizeClasses - 1;
    std::size_t features_ = 0;
    PolygonTessellator tessellator_;
    PolygonTessellator::Result tessellated_;
    std::vector<std::vector<double>> ring_storage_;
    std::vector<std::span<const double>> rings_;
};

} // namespace

osg::ref_ptr<osg::Group> build_layer_mesh(const geo::FeatureTable& table, const LayerStyle& style,
                                          const TerrainModel& terrain, double origin_x, double origin_y,
                                          MeshStats& stats, const std::function<void(double)>& progress,
                                          const std::atomic<bool>* cancel, const std::string& extrude_by, bool pickable)
{
    if (style.fills_on_terrain && style.filled && extrude_by.empty()) {
        // The outlines as lines; the fills as a texture on the terrain.
        LayerStyle outlines = style;
        outlines.filled = false;
        outlines.fills_on_terrain = false;
        osg::ref_ptr<osg::Group> group =
            build_layer_mesh(table, outlines, terrain, origin_x, origin_y, stats, progress, cancel);
        if (group)
            group->addChild(make_terrain_fill(table, style, terrain, origin_x, origin_y, pickable));
        return group;
    }
    // Spatially coherent order, so each chunk covers a compact area: rows sorted by the Morton
    // key of their envelope's centre (keys on every core; sorting (key, row) pairs, not rows
    // through a key table, keeps the sort in cache).
    const geo::Envelope extent = table.extent();
    std::vector<std::pair<std::uint64_t, std::size_t>> keyed(table.size());
    constexpr std::size_t kBlock = 8192; // rows per task: workers never share a cache line
    geo::parallel_for((keyed.size() + kBlock - 1) / kBlock, geo::default_thread_count(), [&](int, std::size_t block) {
        for (std::size_t row = block * kBlock; row < std::min(keyed.size(), (block + 1) * kBlock); ++row) {
            std::uint64_t key = 0;
            if (table.geometry_to_draw(row) != nullptr) {
                const geo::Envelope e = table.envelope(row);
                key = morton((e.min_x + e.max_x) / 2, (e.min_y + e.max_y) / 2, extent);
            }
            keyed[row] = {key, row};
        }
    });
    std::sort(keyed.begin(), keyed.end());
    // Consecutive runs of that order make the chunks.
    const std::size_t chunks = (keyed.size() + kFeaturesPerChunk - 1) / kFeaturesPerChunk;
    std::vector<std::uint32_t> chunk_of(keyed.size());
    for (std::size_t i = 0; i < keyed.size(); ++i)
        chunk_of[keyed[i].second] = static_cast<std::uint32_t>(i / kFeaturesPerChunk);
    keyed = {};

    // Categorised or graduated: by the field's value.
    const auto style_field = style.kind == StyleKind::Single ? std::nullopt : table.field_index(style.field);
    const auto extrude_field = extrude_by.empty() ? std::nullopt : table.field_index(extrude_by);
    // Chunks are independent: worker w builds chunks w, w + threads, ... with its own GEOS
    // context. It visits the rows in table order, the order their geometries lie in memory:
    // walking them in Morton order instead was eight times slower (a cache miss per object).
    // Chunks are added in order, so the result does not depend on the thread count.
    std::vector<osg::ref_ptr<osg::Group>> parts(chunks);
    std::vector<MeshStats> part_stats(chunks);
    const int threads =
        static_cast<int>(std::min<std::size_t>(std::max<std::size_t>(chunks, 1), geo::default_thread_count()));
    geo::parallel_for(static_cast<std::size_t>(threads), threads, [&](int, std::size_t worker) {
        auto ctx = geo::geos_context();
        std::vector<ChunkBuilder> mine;
        for (std::size_t c = worker; c < chunks; c += static_cast<std::size_t>(threads))
            mine.emplace_back(terrain, origin_x, origin_y, vec(style.outline), !extrude_field, !extrude_field);
        // Few distinct classes: look each one's colour up once.
        std::unordered_map<std::string_view, osg::Vec4ub> colors;
        auto fill_of = [&](std::size_t row) {
            if (style.row_class) {
                const std::uint8_t c = row < style.row_class->size() ? (*style.row_class)[row] : LayerStyle::kNoClass;
                return bytes(vec(c < style.classes.size() ? style.classes[c].color : style.fill));
            }
            if (!style_field)
                return bytes(vec(style.fill));
            const std::string_view value = table.value(row, *style_field);
            auto it = colors.find(value);
            if (it == colors.end())
                it = colors.emplace(value, bytes(vec(style.color_for(value)))).first;
            return it->second;
        };
        for (std::size_t row = 0; row < chunk_of.size(); ++row) {
            if (row % kFeaturesPerChunk == 0 && cancel && cancel->load())
                return;
            if (chunk_of[row] % static_cast<std::size_t>(threads) != worker)
                continue;
            ChunkBuilder& chunk = mine[chunk_of[row] / static_cast<std::size_t>(threads)];
            const geo::Envelope e = table.envelope(row);
            chunk.begin_feature(std::min(e.max_x - e.min_x, e.max_y - e.min_y));
            // Most parcels: one small convex ring, drawn from the coordinates the table kept,
            // without touching its GEOS objects.
            if (const auto ring = table.convex_ring(row);
                !ring.empty() && !extrude_field &&
                chunk.add_small_convex_ring(ring, e, fill_of(row), static_cast<float>(row), style.filled)) {
                chunk.count_feature();
                continue;
            }
            const GEOSGeometry* g = table.geometry_to_draw(row);
            if (g == nullptr || GEOSisEmpty_r(ctx, g))
                continue;
            const float id = static_cast<float>(row);
            const int type = GEOSGeomTypeId_r(ctx, g);
            const bool polygonal = type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
            const int parts_of_g = type == GEOS_MULTIPOLYGON ? GEOSGetNumGeometries_r(ctx, g) : 1;
            auto part = [&](int p) -> const GEOSGeometry& {
                return type == GEOS_POLYGON ? *g : *GEOSGetGeometryN_r(ctx, g, p);
            };
            chunk.count_feature();
            if (extrude_field && polygonal) {
                double height = kDefaultExtrusion;
                if (!table.is_null(row, *extrude_field)) {
                    const std::string_view text = table.value(row, *extrude_field);
                    std::from_chars(text.data(), text.data() + text.size(), height);
                }
                const osg::Vec4 fill = vec(style_field ? style.color_for(table.value(row, *style_field)) : style.fill);
                for (int p = 0; p < parts_of_g; ++p)
                    chunk.add_extruded(part(p), fill, id, std::max(height, 1.0));
                continue;
            }
            if (polygonal) {
                const osg::Vec4ub fill = fill_of(row);
                for (int p = 0; p < parts_of_g; ++p)
                    chunk.add_polygon(part(p), type == GEOS_POLYGON ? e : geo::envelope_of(part(p)), fill, id,
                                      style.filled);
            } else {
                // A line shows at its length; a point as a ring 160 m across.
                chunk.begin_feature(std::max({e.max_x - e.min_x, e.max_y - e.min_y, 160.0}));
                chunk.add_lines(*g, id);
            }
        }
        for (std::size_t k = 0; k < mine.size(); ++k) {
            const std::size_t c = worker + k * static_cast<std::size_t>(threads);
            parts[c] = new osg::Group;
            mine[k].flush(*parts[c], part_stats[c]);
        }
    });
    if (cancel && cancel->load())
        return nullptr;
    osg::ref_ptr<osg::Group> group = new osg::Group;
    for (std::size_t c = 0; c < chunks; ++c) {
        for (unsigned i = 0; i < parts[c]->getNumChildren(); ++i)
            group->addChild(parts[c]->getChild(i));
        stats.triangles += part_stats[c].triangles;
        stats.line_vertices += part_stats[c].line_vertices;
        stats.draw_calls += part_stats[c].draw_calls;
        stats.impostors += part_stats[c].impostors;
    }
    if (drawn_from_afar(table, style, terrain, extrude_by))
        group =
            drawn_from_afar_on_terrain(table, style, terrain, origin_x, origin_y, std::move(group), cancel, pickable);
    if (progress)
        progress(1.0);
    return group;
}

bool drawn_from_afar(const geo::FeatureTable& table, const LayerStyle& style, const TerrainModel& terrain,
                     const std::string& extrude_by)
{
    if (!style.filled || style.fills_on_terrain || !extrude_by.empty() || table.size() >= kLodMinimumFeatures)
        return false;
    auto ctx = geo::geos_context();
    double area = 0;
    for (std::size_t row = 0; row < table.size(); ++row) {
        double a = 0;
        if (const GEOSGeometry* g = table.geometry_to_draw(row); g != nullptr && GEOSArea_r(ctx, g, &a) == 1)
            area += a;
    }
    const double cell = terrain.cell_size();
    return area > kCellsDrawnFromAfar * cell * cell;
}

osg::ref_ptr<osg::Group> drawn_from_afar_on_terrain(const geo::FeatureTable& table, const LayerStyle& style,
                                                    const TerrainModel& terrain, double origin_x, double origin_y,
                                                    osg::ref_ptr<osg::Group> mesh, const std::atomic<bool>* cancel,
                                                    bool pickable)
{
    if (cancel && cancel->load())
        return nullptr;
    // From afar the fills are a texture on the terrain (the 三区's way). The outlines are the same
    // near and far: drawn once, outside the switch (draping them again cost the red line's mesh
    // 0.1 s of its 0.3), over their own vertices (the near fills' hold twenty times more, which a
    // view from afar need not upload).
    osg::ref_ptr<osg::Group> afar = make_terrain_fill(table, style, terrain, origin_x, origin_y, pickable);
    osg::ref_ptr<osg::Group> near = new osg::Group, outlines = new osg::Group;
    for (unsigned i = 0; i < mesh->getNumChildren(); ++i) {
        osg::Node* child = mesh->getChild(i);
        const osg::Geometry* lines = child->asGeometry();
        if (lines != nullptr && lines->getName() == kOutlinesName)
            outlines->addChild(with_own_vertices(*lines));
        else
            near->addChild(child);
    }
    // The mesh once the texture (kTerrainFillTexels along the terrain's longer side) would show
    // more than a pixel a texel: OSG's pixel size is the bounding sphere's diameter on screen,
    // here the terrain's diagonal.
    const geo::Envelope e = terrain.extent();
    const double x = (e.min_x + e.max_x) / 2, y = (e.min_y + e.max_y) / 2;
    const double longer = std::max(e.max_x - e.min_x, e.max_y - e.min_y);
    const double diagonal = std::hypot(e.max_x - e.min_x, e.max_y - e.min_y);
    const auto switch_at = static_cast<float>(kTerrainFillTexels * diagonal / longer);
    osg::ref_ptr<osg::LOD> lod = new osg::LOD;
    lod->setName("fills from afar on the terrain");
    lod->setRangeMode(osg::LOD::PIXEL_SIZE_ON_SCREEN);
    lod->setCenterMode(osg::LOD::USER_DEFINED_CENTER);
    lod->setCenter(osg::Vec3(static_cast<float>(x - origin_x), static_cast<float>(y - origin_y),
                             static_cast<float>(terrain.height_at(x, y))));
    lod->setRadius(static_cast<float>(diagonal / 2));
    lod->addChild(afar, 0.0F, switch_at);
    lod->addChild(near, switch_at, std::numeric_limits<float>::max());
    osg::ref_ptr<osg::Group> group = new osg::Group;
    group->addChild(lod);
    group->addChild(outlines);
    return group;
}

} // namespace scene
