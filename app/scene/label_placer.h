#pragma once
// The labels of every layer, placed anew each frame in priority order (county > town >
// village > key project > others) and left out where they would overlap a label already
// placed: the county seat's many names stay readable at any zoom, in the viewer and in
// briefings alike, and the most important names win. OSG only.
#include <string>
#include <vector>

#include <osg/Group>
#include <osg/Switch>
#include <osg/observer_ptr>
#include <osgText/Text>

namespace scene {

class LabelPlacer : public osg::Group {
public:
    LabelPlacer();

    // Adds `text` (screen-aligned, sized in pixels) with `priority` (lower wins); it is drawn only
    // while `layer` shows its children.
    void add(osg::ref_ptr<osgText::Text> text, int priority, const osg::Switch* layer);
    // Removes every label of `layer` (before it is labelled by another field).
    void remove_layer(const osg::Switch* layer);
    // Label height in pixels.
    void set_size(float pixels);
    // Screen areas no label may overlap (window pixels, origin bottom left), e.g. a briefing's
    // title band and legend drawn over the map afterwards.
    struct Area {
        double x0, y0, x1, y1;
    };
    void set_reserved(std::vector<Area> areas) { reserved_ = std::move(areas); }
    // What the last culled frame drew: each label's priority and screen box (window pixels).
    struct Placed {
        int priority;
        double x0, y0, x1, y1;
    };
    const std::vector<Placed>& placed_last_frame() const { return placed_; }
    std::size_t size() const { return labels_.size(); }

    void traverse(osg::NodeVisitor& visitor) override;

    // The standard layers' priorities: county 0, towns 1, villages 2, key projects 3, others 4.
    static int priority_of(const std::string& layer_name);

private:
    struct Label {
        osg::ref_ptr<osg::Geode> geode;
        osg::ref_ptr<osgText::Text> text;
        int priority;
        osg::observer_ptr<const osg::Switch> layer;
        float width_em; // the text's width in character heights
    };
    void place(osg::NodeVisitor& cull);

    std::vector<Label> labels_; // in priority order
    float pixels_ = 18.0F;
    std::vector<Placed> placed_;
    std::vector<Area> reserved_;
};

} // namespace scene
