#pragma once
// Cadastral outlines on the parcel lattice, shaped like real 地块: parcels of one street block
// share their boundaries vertex for vertex (a cadastre's topology), streets run between blocks,
// old blocks have wandering, densely digitised boundaries (concave, tens to hundreds of
// vertices, now and then a courtyard hole), planned blocks straight edges. Every vertex is a
// function of the lattice alone, so two parcels that meet compute the same shared edge.
#include <cstdint>
#include <vector>

#include "shapes.h"

namespace sample {

class Cadastre {
public:
    static constexpr int kBlockCells = 4; // a street block is 4 × 4 lattice cells

    Cadastre(Point anchor, double cell, std::uint64_t seed) : anchor_(anchor), cell_(cell), seed_(seed) {}

    // True when the cells [ix, ix + cells_x) × [iy, iy + cells_y) lie in one street block.
    static bool in_one_block(std::int64_t ix, std::int64_t iy, int cells_x, int cells_y);

    // The outline of the parcel covering those cells: closed, counter-clockwise.
    Ring outline(std::int64_t ix, std::int64_t iy, int cells_x, int cells_y) const;
    // A courtyard (an enclave of another owner) inside that parcel, clockwise; empty for most
    // parcels and for every parcel of a planned block.
    Ring courtyard(std::int64_t ix, std::int64_t iy, int cells_x, int cells_y) const;
    // Planned blocks (new industrial and residential estates) have straight, convex parcels.
    bool planned(std::int64_t block_x, std::int64_t block_y) const;

    Point corner(std::int64_t ix, std::int64_t iy) const
    {
        return {anchor_.x + static_cast<double>(ix) * cell_, anchor_.y + static_cast<double>(iy) * cell_};
    }
    double cell() const { return cell_; }

private:
    struct Block {
        std::int64_t x, y;
    };
    Point lattice_point(std::int64_t i, std::int64_t j, Block block) const;
    // Appends the points strictly between lattice points (i0, j0) and (i1, j1), one cell apart,
    // in the order of travel.
    void append_edge(Ring& ring, std::int64_t i0, std::int64_t j0, std::int64_t i1, std::int64_t j1, Block block) const;
    double detail(Block block) const; // how densely the block's boundaries were digitised

    Point anchor_;
    double cell_;
    std::uint64_t seed_;
};

} // namespace sample
