#include "terrain_fill.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <vector>

#include <gdal_alg.h>
#include <osg/Uniform>

#include "chunk_impostor.h"
#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/gdal_ptr.h"
#include "geo/geos.h"

namespace scene {
namespace {

// Texels along the terrain's longer side: 2048 puts a texel on 22 m of a 45 km county, below
// what a pale tint under crisp outlines shows; colours and ids take 37 MB with mipmaps.
constexpr int kTexels = 2048;

unsigned char byte_of(float v)
{
    return static_cast<unsigned char>(std::lround(std::clamp(v, 0.0F, 1.0F) * 255.0F));
}

} // namespace

osg::ref_ptr<osg::Group> make_terrain_fill(const geo::FeatureTable& table, const LayerStyle& style,
                                           const TerrainModel& terrain, double origin_x, double origin_y)
{
    const geo::Envelope e = terrain.extent();
    const double span = std::max({e.max_x - e.min_x, e.max_y - e.min_y, 1.0});
    const double cell = span / kTexels;
    const int width = std::max(1, static_cast<int>(std::ceil((e.max_x - e.min_x) / cell)));
    const int height = std::max(1, static_cast<int>(std::ceil((e.max_y - e.min_y) / cell)));

    // Bands 1–4: the fill colour premultiplied by its alpha; 5–8: the feature id + 1 in three
    // bytes and 255 where a feature is (the impostor's encoding, which the shader reads).
    geo::ensure_gdal_registered();
    geo::DatasetPtr raster(
        GetGDALDriverManager()->GetDriverByName("MEM")->Create("", width, height, 8, GDT_Byte, nullptr));
    if (!raster)
        throw geo::Error("cannot make a " + std::to_string(width) + "×" + std::to_string(height) +
                         " raster for the fills of " + table.name());
    double transform[6] = {e.min_x, cell, 0, e.min_y + height * cell, 0, -cell}; // north up
    raster->SetGeoTransform(transform);

    const auto field = style.kind == StyleKind::Single ? std::nullopt : table.field_index(style.field);
    std::vector<geo::OgrGeometryPtr> owned;
    std::vector<OGRGeometryH> geometries;
    std::vector<double> burn;
    for (std::size_t row = 0; row < table.size(); ++row) {
        const GEOSGeometry* g = table.geometry(row);
        if (g == nullptr || GEOSisEmpty_r(geo::geos_context(), g))
            continue;
        owned.emplace_back(OGRGeometryFactory::createFromGEOS(geo::geos_context(), const_cast<GEOSGeometry*>(g)));
        if (!owned.back())
            continue;
        geometries.push_back(OGRGeometry::ToHandle(owned.back().get()));
        const Rgba c = field ? style.color_for(table.value(row, *field)) : style.fill;
        for (float channel : {c.r * c.a, c.g * c.a, c.b * c.a, c.a})
            burn.push_back(byte_of(channel));
        const auto id = static_cast<unsigned>(row) + 1;
        for (unsigned shift : {0U, 8U, 16U})
            burn.push_back(static_cast<double>((id >> shift) & 0xFFU));
        burn.push_back(255);
    }
    std::array<int, 8> bands{1, 2, 3, 4, 5, 6, 7, 8};
    if (!geometries.empty() && GDALRasterizeGeometries(GDALDataset::ToHandle(raster.get()), 8, bands.data(),
                                                       static_cast<int>(geometries.size()), geometries.data(), nullptr,
                                                       nullptr, burn.data(), nullptr, nullptr, nullptr) != CE_None)
        throw geo::Error(geo::last_gdal_error("cannot rasterise the fills of " + table.name()));

    // Into two interleaved RGBA images, rows bottom up as OpenGL's textures have them.
    auto image_of = [&](int first_band) {
        osg::ref_ptr<osg::Image> image = new osg::Image;
        image->allocateImage(width, height, 1, GL_RGBA, GL_UNSIGNED_BYTE);
        const std::size_t row_bytes = static_cast<std::size_t>(width) * 4;
        std::vector<unsigned char> top_down(row_bytes * static_cast<std::size_t>(height));
        int band_list[4] = {first_band, first_band + 1, first_band + 2, first_band + 3};
        if (raster->RasterIO(GF_Read, 0, 0, width, height, top_down.data(), width, height, GDT_Byte, 4, band_list, 4,
                             static_cast<GSpacing>(row_bytes), 1, nullptr) != CE_None)
            throw geo::Error(geo::last_gdal_error("cannot read the rasterised fills of " + table.name()));
        for (int y = 0; y < height; ++y)
            std::memcpy(image->data() + static_cast<std::size_t>(y) * row_bytes,
                        top_down.data() + static_cast<std::size_t>(height - 1 - y) * row_bytes, row_bytes);
        return image;
    };

    osg::ref_ptr<osg::Group> group = new osg::Group;
    group->setName(kTerrainFillName);
    osg::StateSet* state = group->getOrCreateStateSet();
    state->setTextureAttribute(kImpostorColorUnit, impostor_color_texture(*image_of(1)));
    state->setTextureAttribute(kImpostorIdUnit, impostor_id_texture(image_of(5)));
    state->addUniform(new osg::Uniform("u_impostor", true));
    // Scene x, y to texture coordinates (the terrain's vertices carry none).
    state->addUniform(new osg::Uniform("u_uv_from_position", osg::Vec4(static_cast<float>(e.min_x - origin_x),
                                                                       static_cast<float>(e.min_y - origin_y),
                                                                       static_cast<float>(1.0 / (width * cell)),
                                                                       static_cast<float>(1.0 / (height * cell)))));
    return group;
}

} // namespace scene
