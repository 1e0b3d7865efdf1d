#include "terrain_fill.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <new>

#include <cpl_conv.h>
#include <gdal_alg.h>
#include <osg/Uniform>

#include "chunk_impostor.h"
#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/geos.h"
#include "shaders.h"

namespace scene {
namespace {

// Batches of fewer geometries than this are rasterised geometry by geometry (FillRaster::flush).
constexpr std::size_t kGeometryByGeometryBelow = 1000;

// kTerrainFillTexels: 2048 puts a texel on 22 m of a 45 km county, below what a pale tint under
// crisp outlines shows; colours and ids take 37 MB with mipmaps.
unsigned char byte_of(float v)
{
    return static_cast<unsigned char>(std::lround(std::clamp(v, 0.0F, 1.0F) * 255.0F));
}

// `colors` and `ids` (null: none) over `grid` under terrain_fill_program (shaders.h), which reads them.
osg::ref_ptr<osg::Group> impostor_group(const osg::Image& colors, osg::Image* ids, const RasterGrid& grid,
                                        double origin_x, double origin_y)
{
    osg::ref_ptr<osg::Image> no_ids;
    if (ids == nullptr) { // one texel, alpha 0: no feature anywhere
        no_ids = new osg::Image;
        no_ids->allocateImage(1, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE);
        std::fill_n(no_ids->data(), 4, 0);
        ids = no_ids.get();
    }
    osg::ref_ptr<osg::Group> group = new osg::Group;
    group->setName(kTerrainFillName);
    osg::StateSet* state = group->getOrCreateStateSet();
    // Beyond the raster (a briefing's fills cover its view, not the whole terrain) nothing shows.
    auto bordered = [](osg::ref_ptr<osg::Texture2D> texture) {
        texture->setWrap(osg::Texture::WRAP_S, osg::Texture::CLAMP_TO_BORDER);
        texture->setWrap(osg::Texture::WRAP_T, osg::Texture::CLAMP_TO_BORDER);
        texture->setBorderColor(osg::Vec4d(0, 0, 0, 0));
        return texture;
    };
    state->setTextureAttribute(kImpostorColorUnit, bordered(impostor_color_texture(colors)));
    state->setTextureAttribute(kImpostorIdUnit, bordered(impostor_id_texture(ids)));
    state->setAttributeAndModes(terrain_fill_program());
    // Scene x, y to texture coordinates (the terrain's vertices carry none); rows run north to
    // south, as GDAL wrote them.
    state->addUniform(
        new osg::Uniform("u_uv_from_position",
                         osg::Vec4(static_cast<float>(grid.min_x - origin_x), static_cast<float>(grid.max_y - origin_y),
                                   static_cast<float>(1.0 / (grid.width * grid.cell)),
                                   static_cast<float>(-1.0 / (grid.height * grid.cell)))));
    return group;
}

} // namespace

RasterGrid RasterGrid::covering(const geo::Envelope& extent, int texels)
{
    const double span = std::max({extent.max_x - extent.min_x, extent.max_y - extent.min_y, 1.0});
    return with_cell(extent, span / std::max(1, texels));
}

RasterGrid RasterGrid::with_cell(const geo::Envelope& extent, double cell)
{
    RasterGrid grid;
    grid.cell = cell;
    grid.width = std::max(1, static_cast<int>(std::ceil((extent.max_x - extent.min_x) / cell)));
    grid.height = std::max(1, static_cast<int>(std::ceil((extent.max_y - extent.min_y) / cell)));
    grid.min_x = extent.min_x;
    grid.max_y = extent.min_y + grid.height * cell;
    return grid;
}

FillRaster::FillRaster(const TerrainModel& terrain, std::string what, bool with_ids)
    : FillRaster(terrain.extent(), kTerrainFillTexels, std::move(what), with_ids)
{}

FillRaster::FillRaster(const geo::Envelope& extent, int texels, std::string what, bool with_ids)
    : FillRaster(RasterGrid::covering(extent, texels), std::move(what), with_ids)
{}

osg::ref_ptr<osg::Image> blank_rgba(int width, int height)
{
    const std::size_t bytes = static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4;
    auto* texels = static_cast<unsigned char*>(std::calloc(bytes, 1));
    if (texels == nullptr)
        throw std::bad_alloc();
    osg::ref_ptr<osg::Image> image = new osg::Image;
    image->setImage(width, height, 1, GL_RGBA, GL_RGBA, GL_UNSIGNED_BYTE, texels, osg::Image::USE_MALLOC_FREE);
    return image;
}

FillRaster::FillRaster(const RasterGrid& grid, std::string what, bool with_ids)
    : grid_(grid), bands_(with_ids ? 8 : 4), what_(std::move(what))
{
    // Bands 1–4: the fill colour premultiplied by its alpha; 5–8: the feature id + 1 in three
    // bytes and 255 where a feature is (the impostor's encoding, which the shader reads).
    geo::ensure_gdal_registered();
    auto cannot = [&] {
        return geo::Error("cannot make a " + std::to_string(grid_.width) + "×" + std::to_string(grid_.height) +
                          " raster for the fills of " + what_);
    };
    try {
        colors_ = blank_rgba(grid_.width, grid_.height);
        if (with_ids)
            ids_ = blank_rgba(grid_.width, grid_.height);
    } catch (const std::bad_alloc&) {
        throw cannot();
    }
    raster_.reset(
        GetGDALDriverManager()->GetDriverByName("MEM")->Create("", grid_.width, grid_.height, 0, GDT_Byte, nullptr));
    if (!raster_)
        throw cannot();
    const std::string line_offset = "LINEOFFSET=" + std::to_string(static_cast<std::size_t>(grid_.width) * 4);
    for (osg::Image* image : {colors_.get(), ids_.get()})
        for (int channel = 0; image != nullptr && channel < 4; ++channel) {
            char pointer[64];
            CPLPrintPointer(pointer, image->data() + channel, sizeof pointer);
            const std::string data_pointer = std::string("DATAPOINTER=") + pointer;
            const char* options[] = {data_pointer.c_str(), "PIXELOFFSET=4", line_offset.c_str(), nullptr};
            if (raster_->AddBand(GDT_Byte, const_cast<char**>(options)) != CE_None)
                throw cannot();
        }
    double transform[6] = {grid_.min_x, grid_.cell, 0, grid_.max_y, 0, -grid_.cell}; // north up
    raster_->SetGeoTransform(transform);
}

void FillRaster::add(OGRGeometryH geometry, const Rgba& color, long long row)
{
    geometries_.push_back(geometry);
    empty_ = false;
    for (float channel : {color.r * color.a, color.g * color.a, color.b * color.a, color.a})
        burn_.push_back(byte_of(channel));
    const auto id = static_cast<unsigned long long>(row + 1);
    if (bands_ == 4)
        return;
    for (unsigned shift : {0U, 8U, 16U})
        burn_.push_back(static_cast<double>((id >> shift) & 0xFFU));
    burn_.push_back(row >= 0 ? 255 : 0);
}

void FillRaster::flush()
{
    std::array<int, 8> bands{1, 2, 3, 4, 5, 6, 7, 8};
    // GDAL's default pass reads and writes back every texel of the raster (a 2,048-texel layer
    // of eight points took 50–140 ms, most of it page faults); geometry by geometry it touches
    // only theirs, but costs ~15 µs each (100,000 parcels: 1.5 s against 0.15 s).
    const char* geometry_by_geometry[] = {"OPTIM=VECTOR", nullptr};
    char** options = geometries_.size() < kGeometryByGeometryBelow ? const_cast<char**>(geometry_by_geometry) : nullptr;
    if (!geometries_.empty() &&
        GDALRasterizeGeometries(GDALDataset::ToHandle(raster_.get()), bands_, bands.data(),
                                static_cast<int>(geometries_.size()), geometries_.data(), nullptr, nullptr,
                                burn_.data(), options, nullptr, nullptr) != CE_None)
        throw geo::Error(geo::last_gdal_error("cannot rasterise the fills of " + what_));
    geometries_.clear();
    burn_.clear();
}

osg::ref_ptr<osg::Image> FillRaster::colors()
{
    // Rows as GDAL keeps them, north first: the texture coordinates count down (impostor_group), so no
    // flipped copy of an image that may hold 200 MB.
    flush();
    return colors_;
}

osg::ref_ptr<osg::Group> FillRaster::to_group(double origin_x, double origin_y)
{
    flush();
    return impostor_group(*colors_, ids_.get(), grid_, origin_x, origin_y);
}

osg::ref_ptr<osg::Group> FillRaster::to_group(const osg::Image& colors, double origin_x, double origin_y) const
{
    return picture_group(colors, grid_, origin_x, origin_y);
}

osg::ref_ptr<osg::Group> picture_group(const osg::Image& colors, const RasterGrid& grid, double origin_x,
                                       double origin_y)
{
    return impostor_group(colors, nullptr, grid, origin_x, origin_y);
}

std::optional<osg::ref_ptr<osg::Node>> terrain_under_fill(const osg::Group& fill, const TerrainSurface& surface)
{
    const osg::StateSet* state = fill.getStateSet();
    if (state == nullptr)
        return std::nullopt;
    const auto* texture = dynamic_cast<const osg::Texture2D*>(
        state->getTextureAttribute(kImpostorColorUnit, osg::StateAttribute::TEXTURE));
    const osg::Uniform* placed = state->getUniform("u_uv_from_position");
    const osg::Image* colors = texture != nullptr ? texture->getImage() : nullptr;
    osg::Vec4 uv_from_position;
    if (colors == nullptr || colors->getPixelFormat() != GL_RGBA || colors->getDataType() != GL_UNSIGNED_BYTE ||
        placed == nullptr || !placed->get(uv_from_position))
        return std::nullopt;
    return surface.under(*colors, uv_from_position);
}

void lay_over(osg::Image& below, const osg::Image& layer, float opacity)
{
    // Premultiplied "over": what shows through is what the layer's alpha leaves. In integers
    // (eight bits a channel, rounded): a tile's ten layers are laid over 1,052,676 texels each.
    auto over255 = [](unsigned x) { return (x + 128 + ((x + 128) >> 8)) >> 8; }; // x / 255, rounded
    const unsigned weight = static_cast<unsigned>(std::lround(std::clamp(opacity, 0.0F, 1.0F) * 255));
    if (weight == 0)
        return;
    const std::size_t bytes = below.getTotalSizeInBytes();
    unsigned char* out = below.data();
    const unsigned char* in = layer.data();
    for (std::size_t i = 0; i < bytes; i += 4) {
        const unsigned alpha = in[i + 3];
        if (alpha == 0)
            continue;
        if (alpha == 255 && weight == 255) { // opaque: it is what shows
            std::copy_n(in + i, 4, out + i);
            continue;
        }
        const unsigned left = 255 - over255(alpha * weight);
        for (std::size_t c = 0; c < 4; ++c)
            out[i + c] =
                static_cast<unsigned char>(std::min(255U, over255(in[i + c] * weight) + over255(out[i + c] * left)));
    }
}

osg::ref_ptr<osg::Group> make_terrain_fill(const geo::FeatureTable& table, const LayerStyle& style,
                                           const TerrainModel& terrain, double origin_x, double origin_y, bool with_ids)
{
    FillRaster raster(terrain, table.name(), with_ids);
    const auto field = style.kind == StyleKind::Single ? std::nullopt : table.field_index(style.field);
    std::vector<geo::OgrGeometryPtr> owned;
    for (std::size_t row = 0; row < table.size(); ++row) {
        const GEOSGeometry* g = table.geometry(row);
        if (g == nullptr || GEOSisEmpty_r(geo::geos_context(), g))
            continue;
        owned.emplace_back(OGRGeometryFactory::createFromGEOS(geo::geos_context(), const_cast<GEOSGeometry*>(g)));
        if (!owned.back())
            continue;
        raster.add(OGRGeometry::ToHandle(owned.back().get()),
                   field ? style.color_for(table.value(row, *field)) : style.fill, static_cast<long long>(row));
    }
    return raster.to_group(origin_x, origin_y);
}

} // namespace scene
