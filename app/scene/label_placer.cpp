#include "label_placer.h"

#include <algorithm>

#include <osg/Geode>
#include <osgUtil/CullVisitor>

#include "geo/roles.h"

namespace scene {
namespace {

// Width of a UTF-8 label in character heights: CJK glyphs are square, Latin ones about half.
float width_in_em(const std::string& utf8)
{
    float width = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        width += length >= 3 ? 1.0F : 0.6F;
        i += length;
    }
    return width;
}

template <typename A, typename B> bool overlap(const A& a, const B& b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

} // namespace

LabelPlacer::LabelPlacer()
{
    setName("labels");
}

int LabelPlacer::priority_of(const std::string& name)
{
    const std::string layer_name = geo::standard_name_of(name);
    if (layer_name == "county_boundary")
        return 0;
    if (layer_name == "towns")
        return 1;
    if (layer_name == "villages")
        return 2;
    if (layer_name == "key_projects")
        return 3;
    return 4;
}

void LabelPlacer::remove_layer(const osg::Switch* layer)
{
    const auto gone = std::remove_if(labels_.begin(), labels_.end(), [&](const Label& l) {
        if (l.layer.get() != layer)
            return false;
        removeChild(l.geode);
        return true;
    });
    labels_.erase(gone, labels_.end());
}

void LabelPlacer::add(osg::ref_ptr<osgText::Text> text, int priority, const osg::Switch* layer)
{
    osg::ref_ptr<osg::Geode> geode = new osg::Geode;
    geode->addDrawable(text);
    // This placer decides what is on screen. OSG's own culling would drop a label whose world
    // size it still takes from the character height in metres: from afar, a few pixels.
    geode->setCullingActive(false);
    text->setCullingActive(false);
    addChild(geode);
    text->setCharacterSize(pixels_);
    Label label{geode, text, priority, layer, width_in_em(text->getText().createUTF8EncodedString())};
    const auto at = std::upper_bound(labels_.begin(), labels_.end(), priority,
                                     [](int p, const Label& l) { return p < l.priority; });
    labels_.insert(at, std::move(label));
}

void LabelPlacer::set_size(float pixels)
{
    pixels_ = pixels;
    for (auto& label : labels_)
        label.text->setCharacterSize(pixels);
}

void LabelPlacer::traverse(osg::NodeVisitor& visitor)
{
    if (visitor.getVisitorType() == osg::NodeVisitor::CULL_VISITOR)
        place(visitor);
    else
        osg::Group::traverse(visitor);
}

void LabelPlacer::place(osg::NodeVisitor& visitor)
{
    auto* cull = dynamic_cast<osgUtil::CullVisitor*>(&visitor);
    if (cull == nullptr || cull->getViewport() == nullptr)
        return;
    const osg::Viewport& viewport = *cull->getViewport();
    const osg::Matrixd modelview = *cull->getModelViewMatrix();
    const osg::Matrixd to_window = modelview * *cull->getProjectionMatrix() * viewport.computeWindowMatrix();
    const Placed screen{0, viewport.x(), viewport.y(), viewport.x() + viewport.width(),
                        viewport.y() + viewport.height()};
    const double pad = 0.3 * pixels_;
    placed_.clear();
    for (const auto& label : labels_) {
        osg::ref_ptr<const osg::Switch> layer;
        if (!label.layer.lock(layer) || layer->getNumChildren() == 0 || !layer->getValue(0))
            continue;
        const osg::Vec3d at(label.text->getPosition());
        if ((at * modelview).z() >= 0) // behind the camera
            continue;
        const osg::Vec3d window = at * to_window;
        const double half_width = 0.5 * label.width_em * pixels_ + pad, half_height = 0.5 * pixels_ + pad;
        const Placed box{label.priority, window.x() - half_width, window.y() - half_height, window.x() + half_width,
                         window.y() + half_height};
        if (!overlap(box, screen) ||
            std::any_of(placed_.begin(), placed_.end(), [&](const Placed& p) { return overlap(p, box); }) ||
            std::any_of(reserved_.begin(), reserved_.end(), [&](const Area& a) { return overlap(a, box); }))
            continue;
        placed_.push_back(box);
        label.geode->accept(visitor);
    }
}

} // namespace scene
