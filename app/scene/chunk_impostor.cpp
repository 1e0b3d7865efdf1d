#include "chunk_impostor.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <osg/Geometry>
#include <osg/Image>
#include <osg/Texture2D>
#include <osg/Uniform>

namespace scene {
namespace {

// Both rasters of a chunk: premultiplied colour (so mipmaps average correctly) and the
// feature id + 1 in the red, green and blue bytes (alpha 255 where a feature is).
class ChunkRaster {
public:
    ChunkRaster(float min_x, float min_y, float cell, int width, int height)
        : min_x_(min_x), min_y_(min_y), cell_(cell), width_(width), height_(height)
    {
        colors_ = new osg::Image;
        colors_->allocateImage(width, height, 1, GL_RGBA, GL_UNSIGNED_BYTE);
        ids_ = new osg::Image;
        ids_->allocateImage(width, height, 1, GL_RGBA, GL_UNSIGNED_BYTE);
        std::fill_n(colors_->data(), colors_->getTotalSizeInBytes(), 0);
        std::fill_n(ids_->data(), ids_->getTotalSizeInBytes(), 0);
    }

    // Sets every texel whose centre lies in the triangle (edge functions over its bounding box).
    void fill_triangle(const osg::Vec3& a, const osg::Vec3& b, const osg::Vec3& c, const osg::Vec4ub& color, float id)
    {
        const float ax = (a.x() - min_x_) / cell_, ay = (a.y() - min_y_) / cell_;
        const float bx = (b.x() - min_x_) / cell_, by = (b.y() - min_y_) / cell_;
        const float cx = (c.x() - min_x_) / cell_, cy = (c.y() - min_y_) / cell_;
        const float area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
        if (area == 0)
            return;
        const int x0 = std::max(0, static_cast<int>(std::floor(std::min({ax, bx, cx}))));
        const int x1 = std::min(width_ - 1, static_cast<int>(std::ceil(std::max({ax, bx, cx}))));
        const int y0 = std::max(0, static_cast<int>(std::floor(std::min({ay, by, cy}))));
        const int y1 = std::min(height_ - 1, static_cast<int>(std::ceil(std::max({ay, by, cy}))));
        const float sign = area > 0 ? 1.0F : -1.0F;
        const unsigned alpha = color.a();
        const osg::Vec4ub premultiplied(static_cast<unsigned char>(color.r() * alpha / 255),
                                        static_cast<unsigned char>(color.g() * alpha / 255),
                                        static_cast<unsigned char>(color.b() * alpha / 255), color.a());
        const auto feature = static_cast<unsigned>(id) + 1;
        auto set = [&](int x, int y) {
            const std::size_t at = offset(x, y);
            std::copy_n(premultiplied.ptr(), 4, colors_->data() + at);
            unsigned char* encoded = ids_->data() + at;
            encoded[0] = feature & 0xFFU;
            encoded[1] = (feature >> 8) & 0xFFU;
            encoded[2] = (feature >> 16) & 0xFFU;
            encoded[3] = 255;
        };
        // A triangle smaller than a texel still marks the texel it lies in, so no parcel
        // vanishes from afar (mipmapping then fades it by how much of the texel it covers).
        const int cx0 = std::clamp(static_cast<int>((ax + bx + cx) / 3), 0, width_ - 1);
        const int cy0 = std::clamp(static_cast<int>((ay + by + cy) / 3), 0, height_ - 1);
        if (colors_->data()[offset(cx0, cy0) + 3] == 0)
            set(cx0, cy0);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) {
                const float px = static_cast<float>(x) + 0.5F, py = static_cast<float>(y) + 0.5F;
                const float w0 = sign * ((bx - ax) * (py - ay) - (by - ay) * (px - ax));
                const float w1 = sign * ((cx - bx) * (py - by) - (cy - by) * (px - bx));
                const float w2 = sign * ((ax - cx) * (py - cy) - (ay - cy) * (px - cx));
                if (w0 < 0 || w1 < 0 || w2 < 0)
                    continue;
                set(x, y);
            }
    }

    // Colours the texels along a segment (outlines: colour only, the ids stay the fills').
    void draw_line(const osg::Vec3& a, const osg::Vec3& b, const osg::Vec4ub& color)
    {
        const float ax = (a.x() - min_x_) / cell_, ay = (a.y() - min_y_) / cell_;
        const float bx = (b.x() - min_x_) / cell_, by = (b.y() - min_y_) / cell_;
        const int steps = std::max(1, static_cast<int>(std::ceil(std::max(std::fabs(bx - ax), std::fabs(by - ay)))));
        const unsigned alpha = color.a();
        const unsigned char premultiplied[4] = {static_cast<unsigned char>(color.r() * alpha / 255),
                                                static_cast<unsigned char>(color.g() * alpha / 255),
                                                static_cast<unsigned char>(color.b() * alpha / 255), color.a()};
        for (int i = 0; i <= steps; ++i) {
            const float t = static_cast<float>(i) / static_cast<float>(steps);
            const int x = static_cast<int>(std::floor(ax + t * (bx - ax))),
                      y = static_cast<int>(std::floor(ay + t * (by - ay)));
            if (x >= 0 && y >= 0 && x < width_ && y < height_)
                std::copy_n(premultiplied, 4, colors_->data() + offset(x, y));
        }
    }

    osg::Image* colors() const { return colors_.get(); }
    osg::Image* ids() const { return ids_.get(); }

private:
    // Byte offset of a texel (osg::Image::data(x, y) recomputes the pixel format every call).
    std::size_t offset(int x, int y) const
    {
        return (static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(x)) * 4;
    }

    float min_x_, min_y_, cell_;
    int width_, height_;
    osg::ref_ptr<osg::Image> colors_, ids_;
};

// The colour raster with its mipmaps made here rather than by the GL: a texel of a smaller level
// is covered where any of its four texels is (alpha the largest), in the average colour of the
// covered ones. So a lone parcel keeps a texel at every level, as its outline keeps a pixel in
// the geometry, instead of fading to nothing when averaged with empty ground.
osg::ref_ptr<osg::Image> with_covering_mipmaps(const osg::Image& base)
{
    std::vector<std::pair<int, int>> sizes{{base.s(), base.t()}};
    while (sizes.back().first > 1 || sizes.back().second > 1)
        sizes.emplace_back(std::max(1, sizes.back().first / 2), std::max(1, sizes.back().second / 2));
    std::vector<std::size_t> offsets{0};
    for (const auto& [w, h] : sizes)
        offsets.push_back(offsets.back() + static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    auto* data = new unsigned char[offsets.back()];
    std::copy_n(base.data(), offsets[1], data);
    for (std::size_t level = 1; level < sizes.size(); ++level) {
        const auto [pw, ph] = sizes[level - 1];
        const auto [w, h] = sizes[level];
        const unsigned char* from = data + offsets[level - 1];
        unsigned char* to = data + offsets[level];
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                unsigned sum[4] = {0, 0, 0, 0}, covered = 0, alpha = 0;
                for (int dy = 0; dy < 2; ++dy)
                    for (int dx = 0; dx < 2; ++dx) {
                        const int cx = std::min(2 * x + dx, pw - 1), cy = std::min(2 * y + dy, ph - 1);
                        const unsigned char* texel = from + (static_cast<std::size_t>(cy) * pw + cx) * 4;
                        if (texel[3] == 0)
                            continue;
                        ++covered;
                        alpha = std::max<unsigned>(alpha, texel[3]);
                        for (int k = 0; k < 4; ++k)
                            sum[k] += texel[k];
                    }
                unsigned char* out = to + (static_cast<std::size_t>(y) * w + x) * 4;
                if (covered == 0) {
                    std::fill_n(out, 4, 0);
                    continue;
                }
                // Premultiplied colour rescaled to the kept alpha.
                const unsigned mean_alpha = sum[3] / covered;
                for (int k = 0; k < 3; ++k)
                    out[k] = static_cast<unsigned char>(
                        std::min<unsigned>(255, sum[k] / covered * alpha / std::max(1U, mean_alpha)));
                out[3] = static_cast<unsigned char>(alpha);
            }
    }
    osg::ref_ptr<osg::Image> image = new osg::Image;
    image->setImage(base.s(), base.t(), 1, GL_RGBA, GL_RGBA, GL_UNSIGNED_BYTE, data, osg::Image::USE_NEW_DELETE);
    osg::Image::MipmapDataType mipmaps(offsets.begin() + 1, offsets.end() - 1);
    image->setMipmapLevels(mipmaps);
    return image;
}

osg::ref_ptr<osg::Texture2D> texture_of(osg::Image* image, bool smooth)
{
    osg::ref_ptr<osg::Texture2D> texture = new osg::Texture2D(image);
    texture->setFilter(osg::Texture::MIN_FILTER, smooth ? osg::Texture::LINEAR_MIPMAP_LINEAR : osg::Texture::NEAREST);
    texture->setFilter(osg::Texture::MAG_FILTER, smooth ? osg::Texture::LINEAR : osg::Texture::NEAREST);
    texture->setWrap(osg::Texture::WRAP_S, osg::Texture::CLAMP_TO_EDGE);
    texture->setWrap(osg::Texture::WRAP_T, osg::Texture::CLAMP_TO_EDGE);
    texture->setResizeNonPowerOfTwoHint(false);
    return texture;
}

} // namespace

osg::ref_ptr<osg::Texture2D> impostor_color_texture(const osg::Image& premultiplied)
{
    return texture_of(with_covering_mipmaps(premultiplied).get(), true);
}

osg::ref_ptr<osg::Texture2D> impostor_id_texture(osg::Image* ids)
{
    return texture_of(ids, false);
}

osg::ref_ptr<osg::Node> make_chunk_impostor(const ChunkFills& fills, const TerrainModel& terrain, double origin_x,
                                            double origin_y, int texels)
{
    osg::BoundingBox box;
    for (GLuint index : fills.triangles)
        box.expandBy(fills.vertices[index]);
    const float extent = std::max({box.xMax() - box.xMin(), box.yMax() - box.yMin(), 1.0F});
    const float cell = extent / static_cast<float>(texels);
    const int width = std::max(1, static_cast<int>(std::ceil((box.xMax() - box.xMin()) / cell)));
    const int height = std::max(1, static_cast<int>(std::ceil((box.yMax() - box.yMin()) / cell)));
    ChunkRaster raster(box.xMin(), box.yMin(), cell, width, height);
    for (std::size_t i = 0; i + 2 < fills.triangles.size(); i += 3) {
        const GLuint a = fills.triangles[i], b = fills.triangles[i + 1], c = fills.triangles[i + 2];
        raster.fill_triangle(fills.vertices[a], fills.vertices[b], fills.vertices[c], fills.colors[a], fills.ids[a]);
    }
    // The outlines the geometry shows where it takes over (a texel is then a pixel).
    for (const ChunkOutlines& outlines : fills.outlines) {
        if (outlines.narrowest < kOutlineFromPixels * cell)
            continue;
        for (std::size_t i = 0; i + 1 < outlines.lines.size(); i += 2)
            raster.draw_line(fills.vertices[outlines.lines[i]], fills.vertices[outlines.lines[i + 1]],
                             fills.outline_color);
    }

    // A grid draped on the terrain, two DEM cells a side (at least 4 × 4 quads, at most 64 × 64).
    const float span_x = static_cast<float>(width) * cell, span_y = static_cast<float>(height) * cell;
    auto steps = [&](float span) {
        return std::clamp(static_cast<int>(std::ceil(span / (2 * terrain.cell_size()))), 4, 64);
    };
    const int nx = steps(span_x), ny = steps(span_y);
    osg::ref_ptr<osg::Vec3Array> vertices = new osg::Vec3Array;
    osg::ref_ptr<osg::Vec2Array> uvs = new osg::Vec2Array;
    for (int j = 0; j <= ny; ++j)
        for (int i = 0; i <= nx; ++i) {
            const float u = static_cast<float>(i) / static_cast<float>(nx),
                        v = static_cast<float>(j) / static_cast<float>(ny);
            const float x = box.xMin() + u * span_x, y = box.yMin() + v * span_y;
            vertices->push_back(osg::Vec3(x, y, static_cast<float>(terrain.height_at(x + origin_x, y + origin_y))));
            uvs->push_back(osg::Vec2(u, v));
        }
    osg::ref_ptr<osg::DrawElementsUInt> quads = new osg::DrawElementsUInt(GL_TRIANGLES);
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
            const auto k = static_cast<unsigned>(j * (nx + 1) + i), up = static_cast<unsigned>(nx + 1);
            for (unsigned index : {k, k + 1, k + up + 1, k, k + up + 1, k + up})
                quads->push_back(index);
        }
    osg::ref_ptr<osg::Geometry> geometry = new osg::Geometry;
    geometry->setName("impostor");
    geometry->setUseDisplayList(false);
    geometry->setUseVertexBufferObjects(true);
    geometry->setVertexArray(vertices);
    geometry->setTexCoordArray(0, uvs, osg::Array::BIND_PER_VERTEX);
    geometry->addPrimitiveSet(quads);

    osg::StateSet* state = geometry->getOrCreateStateSet();
    state->setTextureAttribute(kImpostorColorUnit, impostor_color_texture(*raster.colors()));
    state->setTextureAttribute(kImpostorIdUnit, impostor_id_texture(raster.ids()));
    state->addUniform(new osg::Uniform("u_impostor", true));
    return geometry;
}

} // namespace scene
