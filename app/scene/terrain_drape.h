#pragma once
// Fills that lie exactly on the terrain. The terrain mesh is the DEM grid, each cell split into
// two triangles by its south-west to north-east diagonal; a fill triangle that spans several of
// them is a chord under which a ridge or above which a valley rises, so the terrain hid wedges of
// parcels and holes of the red line on steep ground. Each such triangle is cut along the grid
// lines and diagonals it crosses (plain convex clipping in the grid's coordinates, no GEOS) and
// every vertex takes the height of the terrain triangle it lies in: the fill then lies in the
// terrain's own planes, and the overlay shader's depth offset keeps it in front at any zoom.
#include <osg/Array>
#include <osg/PrimitiveSet>

namespace scene {

class TerrainModel;

// Drapes the triangles `fills` indexes (positions in `vertices` relative to origin_x/origin_y),
// appending the vertices it cuts (colour and feature id copied from the triangle's first vertex)
// and replacing the triangles it cut. Triangles reaching outside the terrain are left as they are.
void drape_fills(osg::Vec3Array& vertices, osg::Vec4ubArray& colors, osg::FloatArray& ids, osg::DrawElementsUInt& fills,
                 const TerrainModel& terrain, double origin_x, double origin_y);

// The same for the segments `lines` indexes: each is split where it crosses a grid line or a
// diagonal, so an outline follows the ground instead of cutting through a ridge.
void drape_lines(osg::Vec3Array& vertices, osg::Vec4ubArray& colors, osg::FloatArray& ids, osg::DrawElementsUInt& lines,
                 const TerrainModel& terrain, double origin_x, double origin_y);

} // namespace scene
