#pragma once
// The terrain as a regular height grid in the working CRS, sampled once from the DEM (warped
// into the working CRS by GDAL when the DEM is in another). Plain data, no OSG: the scene
// drapes vectors with height_at() and builds its mesh from the grid.
#include <cmath>
#include <string>
#include <vector>

#include "geo/geos.h"

class OGRSpatialReference;

namespace scene {

class TerrainModel {
public:
    // Reads `dem_path` resampled to at most `max_cells` cells a side. Throws geo::Error.
    static TerrainModel from_dem(const std::string& dem_path, const OGRSpatialReference& working, int max_cells = 512);
    // A flat plane at height 0 over `extent` and a margin around it, for data without a DEM.
    static TerrainModel flat(const geo::Envelope& extent);

    int cols() const { return cols_; }
    int rows() const { return rows_; }
    // Cell centre of column c, row r (row 0 is the southern edge).
    double x(int c) const { return min_x_ + (c + 0.5) * cell_x_; }
    double y(int r) const { return min_y_ + (r + 0.5) * cell_y_; }
    float z(int c, int r) const { return z_[static_cast<std::size_t>(r) * cols_ + c]; }
    bool valid(int c, int r) const { return valid_[static_cast<std::size_t>(r) * cols_ + c] != 0; }
    double cell_size() const { return std::max(cell_x_, cell_y_); }
    // The ground the terrain mesh covers: from the first cell centre to the last.
    geo::Envelope extent() const { return {x(0), y(0), x(cols_ - 1), y(rows_ - 1)}; }
    // Where scene coordinates are measured from (float precision): the extent's centre, to the
    // metre. Meshes built before their scene use it, so both agree.
    double origin_x() const { return std::round((x(0) + x(cols_ - 1)) / 2); }
    double origin_y() const { return std::round((y(0) + y(rows_ - 1)) / 2); }
    float min_height() const { return min_z_; }
    float max_height() const { return max_z_; }

    // Bilinear height at (x, y), clamped to the grid's edge; nodata cells were filled with
    // the lowest valid height so draped vectors never fall into a hole.
    double height_at(double x, double y) const;
    // Height on the terrain mesh itself at grid coordinates (u, v) (node (c, r) at (c, r)): the
    // plane of the mesh triangle there, each cell split by its south-west to north-east diagonal.
    double mesh_height_at(double u, double v) const;

private:
    int cols_ = 0, rows_ = 0;
    double min_x_ = 0, min_y_ = 0, cell_x_ = 1, cell_y_ = 1;
    std::vector<float> z_;
    std::vector<char> valid_;
    float min_z_ = 0, max_z_ = 0;
};

} // namespace scene
