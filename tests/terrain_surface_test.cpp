// A fill on the terrain is drawn over the terrain's triangles under its colour only
// (terrain_surface.h): every coloured texel must still lie on a triangle drawn, at both levels,
// and the part must switch levels exactly as the whole terrain does, or the fill would part
// from the ground it lies on.
#include <gtest/gtest.h>

#include <osg/Geometry>
#include <osg/LOD>
#include <osg/Texture2D>

#include "chunk_impostor.h"
#include "county_loader.h"
#include "support.h"
#include "terrain_fill.h"
#include "terrain_surface.h"

namespace {

// Texels of `colors` (placed by `uv_from_position`) whose centres lie on a triangle of `level`.
std::vector<char> texels_on(const osg::Geometry& level, const osg::Image& colors, const osg::Vec4& uv_from_position)
{
    const int width = colors.s(), height = colors.t();
    std::vector<char> on(static_cast<std::size_t>(width) * height, 0);
    const auto& vertices = static_cast<const osg::Vec3Array&>(*level.getVertexArray());
    const auto& indices = static_cast<const osg::DrawElementsUInt&>(*level.getPrimitiveSet(0));
    for (std::size_t q = 0; q + 6 <= indices.size(); q += 6) { // a cell: south-west, then north-east corner
        const osg::Vec3& a = vertices[indices[q]];
        const osg::Vec3& b = vertices[indices[q + 2]];
        const double s0 = (a.x() - uv_from_position.x()) * uv_from_position.z() * width;
        const double s1 = (b.x() - uv_from_position.x()) * uv_from_position.z() * width;
        const double t0 = (b.y() - uv_from_position.y()) * uv_from_position.w() * height; // north: smaller t
        const double t1 = (a.y() - uv_from_position.y()) * uv_from_position.w() * height;
        for (int t = std::max(0, static_cast<int>(std::ceil(t0 - 0.5))); t < height && t + 0.5 <= t1; ++t)
            for (int s = std::max(0, static_cast<int>(std::ceil(s0 - 0.5))); s < width && s + 0.5 <= s1; ++s)
                on[static_cast<std::size_t>(t) * width + s] = 1;
    }
    return on;
}

TEST(TerrainUnderAFill, HoldsEveryColouredTexelAndSwitchesAsTheWholeTerrain)
{
    scene::LoadOptions options;
    options.sources = {test::sample_gpkg()};
    options.only_layers = {"eco_redline"};
    options.picture_only = true;
    const auto county = scene::load_county(options);
    ASSERT_TRUE(county.terrain);
    const scene::TerrainModel& terrain = *county.terrain;
    const auto& red_line = county.layers.front();
    const double ox = terrain.origin_x(), oy = terrain.origin_y();
    osg::ref_ptr<osg::Group> fill = scene::make_terrain_fill(*red_line.table, red_line.style, terrain, ox, oy);
    ASSERT_EQ(fill->getName(), scene::kTerrainFillName);

    const scene::TerrainSurface surface(terrain, ox, oy);
    const auto under = scene::terrain_under_fill(*fill, surface);
    ASSERT_TRUE(under.has_value()) << "the fill's picture was not found";
    ASSERT_TRUE(*under) << "a red line with no coloured texel";

    const auto* whole = dynamic_cast<const osg::LOD*>(surface.whole().get());
    const auto* part = dynamic_cast<const osg::LOD*>(under->get());
    ASSERT_NE(whole, nullptr) << "the sample's DEM has two levels";
    ASSERT_NE(part, nullptr);
    EXPECT_EQ(part->getBound().center(), whole->getBound().center());
    EXPECT_EQ(part->getBound().radius(), whole->getBound().radius());
    ASSERT_EQ(part->getNumChildren(), whole->getNumChildren());

    const auto* texture = static_cast<const osg::Texture2D*>(
        fill->getStateSet()->getTextureAttribute(scene::kImpostorColorUnit, osg::StateAttribute::TEXTURE));
    const osg::Image& colors = *texture->getImage();
    osg::Vec4 uv_from_position;
    ASSERT_TRUE(fill->getStateSet()->getUniform("u_uv_from_position")->get(uv_from_position));
    for (unsigned level = 0; level < whole->getNumChildren(); ++level) {
        EXPECT_EQ(part->getMinRange(level), whole->getMinRange(level));
        EXPECT_EQ(part->getMaxRange(level), whole->getMaxRange(level));
        const auto& all = static_cast<const osg::Geometry&>(*whole->getChild(level));
        const auto& kept = static_cast<const osg::Geometry&>(*part->getChild(level));
        EXPECT_EQ(kept.getVertexArray(), all.getVertexArray()) << "the very same vertices";
        const std::size_t all_triangles = all.getPrimitiveSet(0)->getNumIndices() / 3;
        const std::size_t kept_triangles = kept.getPrimitiveSet(0)->getNumIndices() / 3;
        EXPECT_GT(kept_triangles, 0U);
        EXPECT_LT(kept_triangles, all_triangles * 6 / 10) << "the red line covers a sixth of the county";

        const auto on_terrain = texels_on(all, colors, uv_from_position);
        const auto on_part = texels_on(kept, colors, uv_from_position);
        std::size_t coloured = 0, lost = 0;
        for (std::size_t i = 0; i < on_terrain.size(); ++i)
            if (colors.data()[4 * i + 3] != 0 && on_terrain[i]) {
                ++coloured;
                lost += on_part[i] ? 0 : 1;
            }
        EXPECT_GT(coloured, 10000U);
        EXPECT_EQ(lost, 0U) << "coloured texels with no triangle under them, level " << level;
    }
}

} // namespace
