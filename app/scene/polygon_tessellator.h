#pragma once
// Triangulates polygons for drawing with the GLU tessellator that OpenSceneGraph ships
// (osg/GLU): a sweep-line tessellator, about seventy times faster than GEOS's constrained
// Delaunay triangulation on a 60-vertex parcel, robust to self-intersections (it adds the
// crossing points) and to holes (odd winding rule). Not thread-safe: one per worker thread.
#include <memory>
#include <span>
#include <vector>

namespace osg {
struct GLUtesselator;
}

namespace scene {

class PolygonTessellator {
public:
    PolygonTessellator();
    ~PolygonTessellator();
    PolygonTessellator(const PolygonTessellator&) = delete;
    PolygonTessellator& operator=(const PolygonTessellator&) = delete;
    // Movable: the callbacks find this object through the polygon's data pointer, set per call.
    PolygonTessellator(PolygonTessellator&&) noexcept = default;
    PolygonTessellator& operator=(PolygonTessellator&&) noexcept = default;

    struct Result {
        std::vector<double> xy;          // vertices (x, y pairs): the rings' own, then any crossings
        std::vector<unsigned> triangles; // three indexes into xy's vertices per triangle
    };

    // Fills `out` with the triangles of the polygon whose rings (x, y pairs; the shell and its
    // holes, closed or not) are given, under the odd winding rule. Returns false (and `out`
    // empty) for a polygon the tessellator rejects, e.g. with non-finite coordinates.
    bool tessellate(const std::vector<std::span<const double>>& rings, Result& out);

private:
    struct Deleter {
        void operator()(osg::GLUtesselator* tess) const;
    };
    std::unique_ptr<osg::GLUtesselator, Deleter> tess_;
    // Callback state for the polygon under way.
    Result* out_ = nullptr;
    std::vector<double> xyz_; // the vertices as GLU reads them (x, y, 0)
    bool failed_ = false;

    static void begin(unsigned type, void* self);
    static void vertex(void* vertex, void* self);
    static void edge_flag(unsigned char flag, void* self);
    static void combine(double coords[3], void* data[4], float weight[4], void** out, void* self);
    static void error(unsigned code, void* self);
};

} // namespace scene
