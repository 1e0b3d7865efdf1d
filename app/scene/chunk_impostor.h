#pragma once
// The far-away stand-in for a chunk of many small features (a million parcels): the chunk's
// fills and outlines rasterised once into a colour texture (mipmapped, so it does not shimmer) and a feature-
// id texture (selection and hover still work), on a coarse grid draped on the terrain. A few
// hundred triangles instead of tens of thousands: from afar each parcel is a pixel or two anyway.
#include <span>

#include <osg/Array>
#include <osg/Node>
#include <osg/PrimitiveSet>
#include <osg/Texture2D>

#include "terrain_model.h"

namespace scene {

// Texture units the overlay shader reads an impostor's textures from (unit 0: the selection).
inline constexpr int kImpostorColorUnit = 1;
inline constexpr int kImpostorIdUnit = 2;

// A feature's outline is drawn (in the geometry and in the impostor) once the feature is this
// many pixels (texels) across: around a smaller one, a hairline would be most of what it shows.
inline constexpr float kOutlineFromPixels = 6;

// Outlines (GL_LINES over a chunk's vertices) of features at least `narrowest` metres across.
struct ChunkOutlines {
    const osg::DrawElementsUInt& lines;
    float narrowest;
};

struct ChunkFills {
    const osg::Vec3Array& vertices; // origin-shifted
    const osg::Vec4ubArray& colors;
    const osg::FloatArray& ids;
    const osg::DrawElementsUInt& triangles;
    std::span<const ChunkOutlines> outlines;
    osg::Vec4ub outline_color;
};

// `texels`: the texture's size along the chunk's longer side. The chunk's geometry takes over
// when it covers more pixels than that, so an outline is then a pixel wide in both, and the
// impostor looks as the geometry does where they meet. The node carries its own state
// (textures, u_impostor); the overlay program comes from above.
// The textures an impostor's colours (premultiplied RGBA, mipmapped so that a lone feature keeps
// a texel at every level) and feature ids (nearest texel) are read from.
osg::ref_ptr<osg::Texture2D> impostor_color_texture(const osg::Image& premultiplied);
osg::ref_ptr<osg::Texture2D> impostor_id_texture(osg::Image* ids);

osg::ref_ptr<osg::Node> make_chunk_impostor(const ChunkFills& fills, const TerrainModel& terrain, double origin_x,
                                            double origin_y, int texels);

} // namespace scene
