#include "terrain_drape.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "terrain_model.h"

namespace scene {
namespace {

// A point in the grid's coordinates: node (c, r) at (c, r); terrain cell (c, r) is the square
// from (c, r) to (c + 1, r + 1).
struct GridPoint {
    double u, v;
};

using Polygon = std::vector<GridPoint>;

// How far (metres) the terrain may depart from a fill triangle before the triangle is cut: well
// inside the overlay shader's depth offset at the closest zoom a planner uses.
constexpr double kFlatEnough = 0.2;

// Sutherland–Hodgman against the half-plane a·u + b·v + c >= 0 (the polygon is convex).
void clip(const Polygon& in, double a, double b, double c, Polygon& out)
{
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        const GridPoint& p = in[i];
        const GridPoint& q = in[(i + 1) % in.size()];
        const double dp = a * p.u + b * p.v + c, dq = a * q.u + b * q.v + c;
        if (dp >= 0)
            out.push_back(p);
        if ((dp >= 0) != (dq >= 0)) {
            const double t = dp / (dp - dq);
            out.push_back({p.u + t * (q.u - p.u), p.v + t * (q.v - p.v)});
        }
    }
}

double twice_area(const GridPoint& a, const GridPoint& b, const GridPoint& c)
{
    return (b.u - a.u) * (c.v - a.v) - (c.u - a.u) * (b.v - a.v);
}

// Where the grid's coordinates are: node (c, r) at (c, r).
struct Grid {
    double x0, y0, cell_x, cell_y, origin_x, origin_y;
    GridPoint of(const osg::Vec3& p) const
    {
        return {(p.x() + origin_x - x0) / cell_x, (p.y() + origin_y - y0) / cell_y};
    }
    osg::Vec3 vertex(const GridPoint& p, const TerrainModel& terrain) const
    {
        return {static_cast<float>(x0 + p.u * cell_x - origin_x), static_cast<float>(y0 + p.v * cell_y - origin_y),
                static_cast<float>(terrain.mesh_height_at(p.u, p.v))};
    }
};

Grid grid_of(const TerrainModel& terrain, double origin_x, double origin_y)
{
    const double x0 = terrain.x(0), y0 = terrain.y(0);
    return {x0, y0, terrain.x(1) - x0, terrain.y(1) - y0, origin_x, origin_y};
}

// Parameters in (0, 1) where the segment a-b crosses u = integer, v = integer or u - v = integer.
void crossings(const GridPoint& a, const GridPoint& b, std::vector<double>& ts)
{
    ts.clear();
    auto add = [&](double from, double to) {
        if (from == to)
            return;
        const double lo = std::min(from, to), hi = std::max(from, to);
        for (double k = std::floor(lo) + 1; k < hi; ++k)
            ts.push_back((k - from) / (to - from));
    };
    add(a.u, b.u);
    add(a.v, b.v);
    add(a.u - a.v, b.u - b.v);
    std::sort(ts.begin(), ts.end());
}

// Whether the terrain along the segment a-b (heights za, zb at its ends) departs from the straight
// segment by more than kFlatEnough. The terrain is piecewise planar, so the largest departure is
// where the segment crosses a grid line or diagonal; those parameters are left in `ts`.
bool segment_departs(const GridPoint& a, double za, const GridPoint& b, double zb, const TerrainModel& terrain,
                     std::vector<double>& ts)
{
    crossings(a, b, ts);
    return std::any_of(ts.begin(), ts.end(), [&](double t) {
        return std::fabs(terrain.mesh_height_at(a.u + t * (b.u - a.u), a.v + t * (b.v - a.v)) - (za + t * (zb - za))) >
               kFlatEnough;
    });
}

// Height of the plane through a triangle's three vertices at p (grid coordinates).
double plane_height(const std::array<GridPoint, 3>& t, const std::array<double, 3>& z, const GridPoint& p)
{
    const double d = twice_area(t[0], t[1], t[2]);
    const double w1 = twice_area(t[0], p, t[2]) / d, w2 = twice_area(t[0], t[1], p) / d;
    return z[0] + w1 * (z[1] - z[0]) + w2 * (z[2] - z[0]);
}

// Whether the terrain under the triangle departs from the triangle's plane by more than
// kFlatEnough: along an edge (the plane there is the edge itself), or at a grid node inside.
bool departs(const std::array<GridPoint, 3>& t, const std::array<double, 3>& z, const TerrainModel& terrain,
             std::vector<double>& ts)
{
    if (std::fabs(twice_area(t[0], t[1], t[2])) < 1e-12)
        return false; // degenerate: nothing to see
    for (std::size_t k = 0; k < 3; ++k)
        if (segment_departs(t[k], z[k], t[(k + 1) % 3], z[(k + 1) % 3], terrain, ts))
            return true;
    const double min_u = std::min({t[0].u, t[1].u, t[2].u}), max_u = std::max({t[0].u, t[1].u, t[2].u});
    const double min_v = std::min({t[0].v, t[1].v, t[2].v}), max_v = std::max({t[0].v, t[1].v, t[2].v});
    const bool ccw = twice_area(t[0], t[1], t[2]) > 0;
    for (double v = std::ceil(min_v); v <= max_v; ++v)
        for (double u = std::ceil(min_u); u <= max_u; ++u) {
            const GridPoint p{u, v};
            const bool inside =
                ccw ? twice_area(t[0], t[1], p) >= 0 && twice_area(t[1], t[2], p) >= 0 && twice_area(t[2], t[0], p) >= 0
                    : twice_area(t[0], t[1], p) <= 0 && twice_area(t[1], t[2], p) <= 0 &&
                          twice_area(t[2], t[0], p) <= 0;
            if (inside && std::fabs(terrain.mesh_height_at(p.u, p.v) - plane_height(t, z, p)) > kFlatEnough)
                return true;
        }
    return false;
}

} // namespace

void drape_lines(osg::Vec3Array& vertices, osg::Vec4ubArray& colors, osg::FloatArray& ids, osg::DrawElementsUInt& lines,
                 const TerrainModel& terrain, double origin_x, double origin_y)
{
    if (terrain.cols() < 2 || terrain.rows() < 2)
        return;
    const Grid grid = grid_of(terrain, origin_x, origin_y);
    std::vector<unsigned> kept;
    kept.reserve(lines.size());
    std::vector<double> ts;
    for (std::size_t s = 0; s + 1 < lines.size(); s += 2) {
        const unsigned from = lines[s], to = lines[s + 1];
        const GridPoint a = grid.of(vertices[from]), b = grid.of(vertices[to]);
        if (!segment_departs(a, vertices[from].z(), b, vertices[to].z(), terrain, ts))
            ts.clear(); // the segment already lies on the ground
        unsigned previous = from;
        for (const double t : ts) {
            vertices.push_back(grid.vertex({a.u + t * (b.u - a.u), a.v + t * (b.v - a.v)}, terrain));
            colors.push_back(colors[from]);
            ids.push_back(ids[from]);
            const auto added = static_cast<unsigned>(vertices.size() - 1);
            kept.insert(kept.end(), {previous, added});
            previous = added;
        }
        kept.insert(kept.end(), {previous, to});
    }
    lines.assign(kept.begin(), kept.end());
    lines.dirty();
}

void drape_fills(osg::Vec3Array& vertices, osg::Vec4ubArray& colors, osg::FloatArray& ids, osg::DrawElementsUInt& fills,
                 const TerrainModel& terrain, double origin_x, double origin_y)
{
    if (terrain.cols() < 2 || terrain.rows() < 2)
        return;
    const Grid grid = grid_of(terrain, origin_x, origin_y);
    const double last_c = terrain.cols() - 1, last_r = terrain.rows() - 1;
    const std::size_t original_vertices = vertices.size();
    // Every vertex on the terrain's own surface (not its bilinear interpolation): outlines too,
    // as they share the fills' vertices.
    for (std::size_t i = 0; i < original_vertices; ++i) {
        const GridPoint g = grid.of(vertices[i]);
        vertices[i].z() = static_cast<float>(terrain.mesh_height_at(g.u, g.v));
    }

    std::vector<unsigned> kept;
    kept.reserve(fills.size());
    Polygon triangle(3), a, b, piece;
    std::vector<double> crossing_ts;
    for (std::size_t t = 0; t + 2 < fills.size(); t += 3) {
        const std::array<unsigned, 3> index = {fills[t], fills[t + 1], fills[t + 2]};
        for (int k = 0; k < 3; ++k)
            triangle[static_cast<std::size_t>(k)] = grid.of(vertices[index[static_cast<std::size_t>(k)]]);
        double min_u = triangle[0].u, max_u = min_u, min_v = triangle[0].v, max_v = min_v;
        for (const auto& p : triangle) {
            min_u = std::min(min_u, p.u), max_u = std::max(max_u, p.u);
            min_v = std::min(min_v, p.v), max_v = std::max(max_v, p.v);
        }
        const int c0 = static_cast<int>(std::floor(min_u)), c1 = static_cast<int>(std::floor(max_u));
        const int r0 = static_cast<int>(std::floor(min_v)), r1 = static_cast<int>(std::floor(max_v));
        // Within one terrain triangle already (one cell, one side of its diagonal)?
        auto side = [&](const GridPoint& p) { return (p.u - c0) - (p.v - r0); };
        const bool one_cell = c0 == c1 && r0 == r1;
        const bool one_triangle =
            one_cell && ((side(triangle[0]) >= 0 && side(triangle[1]) >= 0 && side(triangle[2]) >= 0) ||
                         (side(triangle[0]) <= 0 && side(triangle[1]) <= 0 && side(triangle[2]) <= 0));
        const bool outside = min_u < 0 || min_v < 0 || max_u > last_c || max_v > last_r;
        // Cut only where the ground bends under the triangle: on the flat valley floors most
        // parcels and farmland lie on, the triangle already lies on the terrain.
        const std::array<GridPoint, 3> corners = {triangle[0], triangle[1], triangle[2]};
        const std::array<double, 3> heights = {vertices[index[0]].z(), vertices[index[1]].z(), vertices[index[2]].z()};
        if (one_triangle || outside || !departs(corners, heights, terrain, crossing_ts)) {
            kept.insert(kept.end(), index.begin(), index.end());
            continue;
        }
        const osg::Vec4ub color = colors[index[0]];
        const float id = ids[index[0]];
        if (twice_area(triangle[0], triangle[1], triangle[2]) < 0)
            std::swap(triangle[1], triangle[2]); // clipping keeps the winding; fans need one
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c) {
                clip(triangle, 1, 0, -c, a);
                clip(a, -1, 0, c + 1, b);
                clip(b, 0, 1, -r, a);
                clip(a, 0, -1, r + 1, b);
                if (b.size() < 3)
                    continue;
                // The cell's two terrain triangles: below and above its diagonal.
                for (const double sign : {1.0, -1.0}) {
                    clip(b, sign, -sign, sign * (r - c), piece);
                    if (piece.size() < 3)
                        continue;
                    const auto first = static_cast<unsigned>(vertices.size());
                    for (const auto& p : piece) {
                        vertices.push_back(grid.vertex(p, terrain));
                        colors.push_back(color);
                        ids.push_back(id);
                    }
                    for (unsigned k = 1; k + 1 < piece.size(); ++k)
                        if (std::fabs(twice_area(piece[0], piece[k], piece[k + 1])) > 1e-12)
                            for (unsigned v : {0U, k, k + 1})
                                kept.push_back(first + v);
                }
            }
    }
    fills.assign(kept.begin(), kept.end());
    fills.dirty();
}

} // namespace scene
