#include "layer_mesh.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <osg/Geometry>

#include "geo/feature_table.h"
#include "geo/geos.h"

namespace scene {
namespace {

constexpr std::size_t kFeaturesPerChunk = 16384;
// Large polygons are cut into squares of this many DEM cells before triangulation, so their
// triangles are small enough to follow the terrain.
constexpr double kCutCells = 4;

osg::Vec4 vec(const Rgba& c) { return {c.r, c.g, c.b, c.a}; }

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

class ChunkBuilder {
public:
    ChunkBuilder(const TerrainModel& terrain, double ox, double oy) : terrain_(terrain), ox_(ox), oy_(oy) { reset(); }

    void reset()
    {
        fill_vertices_ = new osg::Vec3Array;
        fill_colors_ = new osg::Vec4Array;
        fill_ids_ = new osg::FloatArray;
        line_vertices_ = new osg::Vec3Array;
        line_colors_ = new osg::Vec4Array;
        line_ids_ = new osg::FloatArray;
    }

    void add_polygon_fill(const GEOSGeometry& polygon, const osg::Vec4& color, float id)
    {
        auto ctx = geo::geos_context();
        const geo::Envelope e = geo::envelope_of(polygon);
        const double cut = kCutCells * terrain_.cell_size();
        if (e.max_x - e.min_x <= cut && e.max_y - e.min_y <= cut) {
            triangulate(polygon, color, id);
            return;
        }
        for (double y = std::floor(e.min_y / cut) * cut; y < e.max_y; y += cut)
            for (double x = std::floor(e.min_x / cut) * cut; x < e.max_x; x += cut) {
                geo::GeomPtr piece(GEOSClipByRect_r(ctx, &polygon, x, y, x + cut, y + cut));
                if (piece && !GEOSisEmpty_r(ctx, piece.get()))
                    triangulate(*piece, color, id);
            }
    }

    void add_lines(const GEOSGeometry& geometry, const osg::Vec4& color, float id)
    {
        auto ctx = geo::geos_context();
        const int type = GEOSGeomTypeId_r(ctx, &geometry);
        if (type == GEOS_POLYGON) {
            add_lines(*GEOSGetExteriorRing_r(ctx, &geometry), color, id);
            for (int i = 0, n = GEOSGetNumInteriorRings_r(ctx, &geometry); i < n; ++i)
                add_lines(*GEOSGetInteriorRingN_r(ctx, &geometry, i), color, id);
            return;
        }
        if (type == GEOS_MULTIPOLYGON || type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
            for (int i = 0, n = GEOSGetNumGeometries_r(ctx, &geometry); i < n; ++i)
                add_lines(*GEOSGetGeometryN_r(ctx, &geometry, i), color, id);
            return;
        }
        if (type != GEOS_LINESTRING && type != GEOS_LINEARRING)
            return;
        geo::GeomPtr dense(GEOSDensify_r(ctx, &geometry, terrain_.cell_size()));
        const GEOSGeometry* line = dense ? dense.get() : &geometry;
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, line);
        unsigned size = 0;
        GEOSCoordSeq_getSize_r(ctx, seq, &size);
        double px = 0, py = 0;
        for (unsigned i = 0; i < size; ++i) {
            double x = 0, y = 0;
            GEOSCoordSeq_getXY_r(ctx, seq, i, &x, &y);
            if (i > 0) {
                push_line(px, py, color, id);
                push_line(x, y, color, id);
            }
            px = x;
            py = y;
        }
    }

    std::size_t size() const { return fill_vertices_->size() + line_vertices_->size(); }

    // Moves what was built into `group` as (up to) two geometries.
    void flush(osg::Group& group, MeshStats& stats)
    {
        if (!fill_vertices_->empty()) {
            group.addChild(make_geometry(fill_vertices_, fill_colors_, fill_ids_, GL_TRIANGLES, "fill"));
            stats.triangles += fill_vertices_->size() / 3;
            ++stats.draw_calls;
        }
        if (!line_vertices_->empty()) {
            group.addChild(make_geometry(line_vertices_, line_colors_, line_ids_, GL_LINES, "lines"));
            stats.line_vertices += line_vertices_->size();
            ++stats.draw_calls;
        }
        reset();
    }

private:
    void triangulate(const GEOSGeometry& polygon, const osg::Vec4& color, float id)
    {
        auto ctx = geo::geos_context();
        geo::GeomPtr dense(GEOSDensify_r(ctx, &polygon, terrain_.cell_size()));
        geo::GeomPtr triangles(GEOSConstrainedDelaunayTriangulation_r(ctx, dense ? dense.get() : &polygon));
        if (!triangles)
            return; // degenerate input: nothing to draw
        for (int t = 0, n = GEOSGetNumGeometries_r(ctx, triangles.get()); t < n; ++t) {
            const GEOSGeometry* triangle = GEOSGetGeometryN_r(ctx, triangles.get(), t);
            const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, GEOSGetExteriorRing_r(ctx, triangle));
            for (unsigned i = 0; i < 3; ++i) {
                double x = 0, y = 0;
                GEOSCoordSeq_getXY_r(ctx, seq, i, &x, &y);
                fill_vertices_->push_back(osg::Vec3(static_cast<float>(x - ox_), static_cast<float>(y - oy_),
                                                    static_cast<float>(terrain_.height_at(x, y))));
                fill_colors_->push_back(color);
                fill_ids_->push_back(id);
            }
        }
    }

    void push_line(double x, double y, const osg::Vec4& color, float id)
    {
        line_vertices_->push_back(osg::Vec3(static_cast<float>(x - ox_), static_cast<float>(y - oy_),
                                            static_cast<float>(terrain_.height_at(x, y))));
        line_colors_->push_back(color);
        line_ids_->push_back(id);
    }

    static osg::ref_ptr<osg::Geometry> make_geometry(osg::Vec3Array* vertices, osg::Vec4Array* colors,
                                                     osg::FloatArray* ids, GLenum mode, const char* name)
    {
        osg::ref_ptr<osg::Geometry> geometry = new osg::Geometry;
        geometry->setName(name);
        geometry->setUseDisplayList(false);
        geometry->setUseVertexBufferObjects(true);
        geometry->setVertexArray(vertices);
        geometry->setColorArray(colors, osg::Array::BIND_PER_VERTEX);
        geometry->setVertexAttribArray(kFeatureAttribute, ids, osg::Array::BIND_PER_VERTEX);
        geometry->addPrimitiveSet(new osg::DrawArrays(mode, 0, static_cast<GLsizei>(vertices->size())));
        return geometry;
    }

    const TerrainModel& terrain_;
    double ox_, oy_;
    osg::ref_ptr<osg::Vec3Array> fill_vertices_, line_vertices_;
    osg::ref_ptr<osg::Vec4Array> fill_colors_, line_colors_;
    osg::ref_ptr<osg::FloatArray> fill_ids_, line_ids_;
};

} // namespace

osg::ref_ptr<osg::Group> build_layer_mesh(const geo::FeatureTable& table, const LayerStyle& style,
                                          const TerrainModel& terrain, double origin_x, double origin_y,
                                          MeshStats& stats, const std::function<void(double)>& progress,
                                          const std::atomic<bool>* cancel)
{
    // Spatially coherent order, so each chunk covers a compact area.
    const geo::Envelope extent = table.extent();
    std::vector<std::size_t> order(table.size());
    std::iota(order.begin(), order.end(), 0);
    std::vector<std::uint64_t> keys(table.size(), 0);
    for (std::size_t row = 0; row < table.size(); ++row)
        if (const GEOSGeometry* g = table.geometry(row)) {
            const geo::Envelope e = geo::envelope_of(*g);
            keys[row] = morton((e.min_x + e.max_x) / 2, (e.min_y + e.max_y) / 2, extent);
        }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });

    const auto style_field = style.kind == StyleKind::Categorised ? table.field_index(style.field) : std::nullopt;
    const osg::Vec4 outline = vec(style.outline);
    osg::ref_ptr<osg::Group> group = new osg::Group;
    ChunkBuilder chunk(terrain, origin_x, origin_y);
    auto ctx = geo::geos_context();
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (cancel && cancel->load())
            return nullptr;
        const std::size_t row = order[i];
        const GEOSGeometry* g = table.geometry(row);
        if (g == nullptr || GEOSisEmpty_r(ctx, g))
            continue;
        const float id = static_cast<float>(row);
        const int type = GEOSGeomTypeId_r(ctx, g);
        if (style.filled && (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON)) {
            const osg::Vec4 fill = vec(style_field ? style.color_for(table.value(row, *style_field)) : style.fill);
            if (type == GEOS_POLYGON)
                chunk.add_polygon_fill(*g, fill, id);
            else
                for (int p = 0, n = GEOSGetNumGeometries_r(ctx, g); p < n; ++p)
                    chunk.add_polygon_fill(*GEOSGetGeometryN_r(ctx, g, p), fill, id);
        }
        chunk.add_lines(*g, outline, id);
        if ((i + 1) % kFeaturesPerChunk == 0)
            chunk.flush(*group, stats);
        if (progress && i % 4096 == 0)
            progress(static_cast<double>(i) / static_cast<double>(order.size()));
    }
    chunk.flush(*group, stats);
    if (progress)
        progress(1.0);
    return group;
}

} // namespace scene
