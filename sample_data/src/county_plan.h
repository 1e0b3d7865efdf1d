#pragma once
// The planning layers of the sample county (towns, 三区三线, renewal zones, key projects),
// built from the Landscape and kept in memory while the parcels are placed against them.
#include <string>
#include <vector>

#include "geo/geos.h"
#include "gpkg_writer.h"
#include "landscape.h"

namespace sample {

struct Area {
    std::string name;
    geo::GeomPtr shape;
    geo::PreparedPtr prepared;
    Point centre;
    double radius_m = 0;
};

struct CountyPlan {
    geo::GeomPtr county;
    geo::PreparedPtr county_prepared;
    std::vector<Area> towns;
    std::vector<Area> urban_areas; // 城镇开发边界 pieces
    std::vector<Point> farmland_centres;
    std::vector<Point> redline_vertices;   // on the red line's outer shells
    std::vector<geo::PreparedPtr> redline; // the red line's polygons (kept alive by redline_shapes)
    std::vector<geo::GeomPtr> redline_shapes;
    geo::PreparedPtr agricultural_space; // 农业空间 of the three zones: all farmland lies in it
    geo::GeomPtr agricultural_space_shape;
    long farmland_patches = 0;

    // The town whose polygon holds `p` (the nearest town seat for points outside all).
    const std::string& town_at(Point p) const;
};

// Each writes one layer and records in `plan` what the parcels need later.
void write_county_and_towns(GpkgWriter& out, const Landscape& land, CountyPlan& plan);
void write_urban_boundary(GpkgWriter& out, const Landscape& land, CountyPlan& plan);
void write_farmland(GpkgWriter& out, const Landscape& land, CountyPlan& plan);
void write_eco_redline(GpkgWriter& out, const Landscape& land, CountyPlan& plan);
// The three zones (三区) tiling the county: 城镇空间 around the urban boundary, 生态空间 over the
// mountains and around the red line, 农业空间 the rest; after the red line, before the farmland.
void write_three_zones(GpkgWriter& out, const Landscape& land, CountyPlan& plan);
void write_renewal_zones(GpkgWriter& out, const Landscape& land);
void write_key_projects(GpkgWriter& out, const Landscape& land);
void write_villages(GpkgWriter& out, const Landscape& land, const CountyPlan& plan);

geo::PreparedPtr prepare(const GEOSGeometry& geometry);
bool contains(const GEOSPreparedGeometry& prepared, Point p);

} // namespace sample
