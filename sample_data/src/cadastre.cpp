#include "cadastre.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "random.h"

namespace sample {
namespace {

constexpr double kStreetMargin = 0.07;   // of a cell, on each side of a street
constexpr double kCornerJitter = 0.06;   // of a cell, lattice points of old blocks
constexpr double kMaxBulge = 0.08;       // of an edge's length: a curved frontage
constexpr double kPlannedShare = 0.17;   // of street blocks
constexpr double kCourtyardShare = 0.05; // of parcels in old blocks
constexpr int kMaxEdgePoints = 700;

std::int64_t floor_div(std::int64_t a, std::int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

std::uint64_t key(std::int64_t a, std::int64_t b)
{
    return static_cast<std::uint64_t>(a) * 0x100000001B3ULL ^ static_cast<std::uint64_t>(b);
}

} // namespace

bool Cadastre::in_one_block(std::int64_t ix, std::int64_t iy, int cells_x, int cells_y)
{
    return floor_div(ix, kBlockCells) == floor_div(ix + cells_x - 1, kBlockCells) &&
           floor_div(iy, kBlockCells) == floor_div(iy + cells_y - 1, kBlockCells);
}

bool Cadastre::planned(std::int64_t block_x, std::int64_t block_y) const
{
    return Random(hash64(key(block_x, block_y), 0xB10C, seed_)).chance(kPlannedShare);
}

double Cadastre::detail(Block block) const
{
    // Log-normal across blocks: most were digitised at a few points per lattice edge, some
    // (curved roads, river banks, old surveys) at hundreds.
    Random random(hash64(key(block.x, block.y), 0xDE7A, seed_));
    return std::exp(1.25 * random.normal());
}

Point Cadastre::lattice_point(std::int64_t i, std::int64_t j, Block block) const
{
    Point p = corner(i, j);
    if (!planned(block.x, block.y)) {
        Random random(hash64(key(i, j), 0x1A77, seed_));
        p.x += random.uniform(-kCornerJitter, kCornerJitter) * cell_;
        p.y += random.uniform(-kCornerJitter, kCornerJitter) * cell_;
    }
    // Streets run along the block's edges: its lattice points there step back from the street.
    const std::int64_t west = block.x * kBlockCells, south = block.y * kBlockCells;
    const double margin = kStreetMargin * cell_;
    if (i == west)
        p.x += margin;
    if (i == west + kBlockCells)
        p.x -= margin;
    if (j == south)
        p.y += margin;
    if (j == south + kBlockCells)
        p.y -= margin;
    return p;
}

void Cadastre::append_edge(Ring& ring, std::int64_t i0, std::int64_t j0, std::int64_t i1, std::int64_t j1,
                           Block block) const
{
    if (planned(block.x, block.y))
        return;
    // Canonical direction (towards the larger index) so both parcels along it agree.
    const bool forward = i0 < i1 || j0 < j1;
    const std::int64_t ai = forward ? i0 : i1, aj = forward ? j0 : j1;
    const bool horizontal = i0 != i1;
    Random random(hash64(key(ai, aj) ^ (horizontal ? 0x5EULL : 0xA1ULL), key(block.x, block.y), seed_));
    const int points = static_cast<int>(
        std::min<double>(kMaxEdgePoints, std::floor(detail(block) * std::exp(1.3 + 0.8 * random.normal()))));
    if (points <= 0)
        return;
    const Point a = lattice_point(ai, aj, block);
    const Point b = lattice_point(horizontal ? ai + 1 : ai, horizontal ? aj : aj + 1, block);
    const double dx = b.x - a.x, dy = b.y - a.y, length = std::hypot(dx, dy);
    const double nx = -dy / length, ny = dx / length;
    // Frontages along a street stay straight: a bulge there would reach across the street into
    // the next block's parcels.
    const std::int64_t west = block.x * kBlockCells, south = block.y * kBlockCells;
    const bool on_street =
        horizontal ? (aj == south || aj == south + kBlockCells) : (ai == west || ai == west + kBlockCells);
    const bool curved = random.chance(0.5) && !on_street;
    const double bulge = curved ? random.uniform(-kMaxBulge, kMaxBulge) * length : 0.0;
    const double step = 1.0 / (points + 1);
    const double noise = std::min(0.15 * step, 0.015) * length;
    std::vector<Point> edge;
    edge.reserve(static_cast<std::size_t>(points));
    for (int s = 1; s <= points; ++s) {
        const double t = (s + random.uniform(-0.3, 0.3)) * step;
        const double offset = bulge * std::sin(std::numbers::pi * t) + random.uniform(-1, 1) * noise;
        edge.push_back({a.x + t * dx + offset * nx, a.y + t * dy + offset * ny});
    }
    if (!forward)
        std::reverse(edge.begin(), edge.end());
    ring.insert(ring.end(), edge.begin(), edge.end());
}

Ring Cadastre::outline(std::int64_t ix, std::int64_t iy, int cells_x, int cells_y) const
{
    const Block block{floor_div(ix, kBlockCells), floor_div(iy, kBlockCells)};
    // The lattice points around the cells, counter-clockwise from the lower left.
    std::vector<std::pair<std::int64_t, std::int64_t>> walk;
    for (int c = 0; c < cells_x; ++c)
        walk.emplace_back(ix + c, iy);
    for (int r = 0; r < cells_y; ++r)
        walk.emplace_back(ix + cells_x, iy + r);
    for (int c = cells_x; c > 0; --c)
        walk.emplace_back(ix + c, iy + cells_y);
    for (int r = cells_y; r > 0; --r)
        walk.emplace_back(ix, iy + r);
    Ring ring;
    for (std::size_t k = 0; k < walk.size(); ++k) {
        const auto [i0, j0] = walk[k];
        const auto [i1, j1] = walk[(k + 1) % walk.size()];
        ring.push_back(lattice_point(i0, j0, block));
        append_edge(ring, i0, j0, i1, j1, block);
    }
    for (auto& p : ring) { // millimetres, as surveyed coordinates are stored
        p.x = std::round(p.x * 1000) / 1000;
        p.y = std::round(p.y * 1000) / 1000;
    }
    ring.push_back(ring.front());
    return ring;
}

Ring Cadastre::courtyard(std::int64_t ix, std::int64_t iy, int cells_x, int cells_y) const
{
    const Block block{floor_div(ix, kBlockCells), floor_div(iy, kBlockCells)};
    Random random(hash64(key(ix, iy), 0xC0C0, seed_));
    if (planned(block.x, block.y) || !random.chance(kCourtyardShare))
        return {};
    const Point low = corner(ix, iy);
    const Point centre{low.x + cells_x * cell_ / 2, low.y + cells_y * cell_ / 2};
    // Clear of the outline: a side is at least 0.5 - 0.07 - 0.06 - 0.08 (of the smaller side's
    // cells) from the centre.
    const double radius = 0.12 * std::min(cells_x, cells_y) * cell_;
    const int vertices = 6 + static_cast<int>(random.below(12));
    Ring ring;
    for (int v = 0; v < vertices; ++v) {
        const double angle = -2 * std::numbers::pi * v / vertices; // clockwise
        const double r = radius * random.uniform(0.7, 1.0);
        ring.push_back({std::round((centre.x + r * std::cos(angle)) * 1000) / 1000,
                        std::round((centre.y + r * std::sin(angle)) * 1000) / 1000});
    }
    ring.push_back(ring.front());
    return ring;
}

} // namespace sample
