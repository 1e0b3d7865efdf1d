#include "polygon_tessellator.h"

#include <cmath>
#include <cstdint>

#include <osg/GLU>

namespace scene {
namespace {

// The tessellator hands vertices back as the void* it was given: our vertex index, stored in
// the pointer itself so that no per-vertex storage is needed.
void* as_data(std::size_t index)
{
    return reinterpret_cast<void*>(static_cast<std::uintptr_t>(index));
}
unsigned as_index(void* data)
{
    return static_cast<unsigned>(reinterpret_cast<std::uintptr_t>(data));
}

} // namespace

void PolygonTessellator::Deleter::operator()(osg::GLUtesselator* tess) const
{
    osg::gluDeleteTess(tess);
}

PolygonTessellator::PolygonTessellator() : tess_(osg::gluNewTess())
{
    osg::GLUtesselator* t = tess_.get();
    osg::gluTessProperty(t, GLU_TESS_WINDING_RULE, GLU_TESS_WINDING_ODD);
    osg::gluTessNormal(t, 0, 0, 1);
    osg::gluTessCallback(t, GLU_TESS_BEGIN_DATA, reinterpret_cast<osg::_GLUfuncptr>(&PolygonTessellator::begin));
    osg::gluTessCallback(t, GLU_TESS_VERTEX_DATA, reinterpret_cast<osg::_GLUfuncptr>(&PolygonTessellator::vertex));
    // With an edge-flag callback the tessellator emits separate triangles only (no fans or strips).
    osg::gluTessCallback(t, GLU_TESS_EDGE_FLAG_DATA,
                         reinterpret_cast<osg::_GLUfuncptr>(&PolygonTessellator::edge_flag));
    osg::gluTessCallback(t, GLU_TESS_COMBINE_DATA, reinterpret_cast<osg::_GLUfuncptr>(&PolygonTessellator::combine));
    osg::gluTessCallback(t, GLU_TESS_ERROR_DATA, reinterpret_cast<osg::_GLUfuncptr>(&PolygonTessellator::error));
}

PolygonTessellator::~PolygonTessellator() = default;

bool PolygonTessellator::tessellate(const std::vector<std::span<const double>>& rings, Result& out)
{
    out.xy.clear();
    out.triangles.clear();
    for (const auto& ring : rings)
        out.xy.insert(out.xy.end(), ring.begin(), ring.end());
    for (const double v : out.xy)
        if (!std::isfinite(v))
            return false;
    // gluTessVertex keeps the location pointer until the polygon ends: one xyz copy for all.
    // Kept between calls: a layer's hundreds of thousands of polygons allocate it once.
    xyz_.assign(out.xy.size() / 2 * 3, 0.0);
    for (std::size_t i = 0; i < out.xy.size() / 2; ++i) {
        xyz_[3 * i] = out.xy[2 * i];
        xyz_[3 * i + 1] = out.xy[2 * i + 1];
    }
    out_ = &out;
    failed_ = false;
    osg::GLUtesselator* t = tess_.get();
    osg::gluTessBeginPolygon(t, this);
    std::size_t first = 0;
    for (const auto& ring : rings) {
        std::size_t n = ring.size() / 2;
        if (n >= 2 && ring[0] == ring[2 * n - 2] && ring[1] == ring[2 * n - 1])
            --n; // the closing vertex repeats the first
        osg::gluTessBeginContour(t);
        for (std::size_t v = 0; v < n; ++v)
            osg::gluTessVertex(t, &xyz_[3 * (first + v)], as_data(first + v));
        osg::gluTessEndContour(t);
        first += ring.size() / 2;
    }
    osg::gluTessEndPolygon(t);
    out_ = nullptr;
    if (failed_ || out.triangles.size() % 3 != 0) {
        out.triangles.clear();
        return false;
    }
    return true;
}

void PolygonTessellator::begin(unsigned, void*) {}

void PolygonTessellator::vertex(void* vertex, void* self)
{
    static_cast<PolygonTessellator*>(self)->out_->triangles.push_back(as_index(vertex));
}

void PolygonTessellator::edge_flag(unsigned char, void*) {}

void PolygonTessellator::combine(double coords[3], void* [4], float[4], void** out, void* self)
{
    auto& me = *static_cast<PolygonTessellator*>(self);
    const std::size_t index = me.out_->xy.size() / 2;
    me.out_->xy.push_back(coords[0]);
    me.out_->xy.push_back(coords[1]);
    *out = as_data(index);
}

void PolygonTessellator::error(unsigned, void* self)
{
    static_cast<PolygonTessellator*>(self)->failed_ = true;
}

} // namespace scene
