#pragma once
// A county too large to mesh in this machine's memory (scene/memory_budget.h), a city of ten
// million parcels, viewed as pictures: its first picture (the whole county, 2,048 texels) stays
// until the camera comes close, and from there tiles of sharper pictures (scene/picture_tiles.h)
// are read by OpenSceneGraph's DatabasePager as the view needs them, drawn from the features
// there — GDAL reads only those, through the sources' spatial indexes, so memory is that of the
// tiles in view and a bounded few more, whatever the county's size. A click is identified from
// the sources (read around it through their spatial indexes); what is selected (a query's result,
// rows of the attribute table) is outlined, read from its source by feature id.
#include <QFutureWatcher>
#include <QObject>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <osg/Group>

#include "geo/geos.h"
#include "picture_tiles.h"
#include "source_pick.h"
#include "source_selection.h"

namespace scene {
class CountyScene;
struct CountyPreview;
struct LayersToShow;
} // namespace scene

namespace ui {

class IdentifyDock;
class OsgView;

class PictureViewController : public QObject {
    Q_OBJECT
public:
    PictureViewController(OsgView& view, IdentifyDock& identify, QObject* parent = nullptr);
    ~PictureViewController() override;

    // Views `scene` (the preview's, shown in the view) as pictures of `preview`'s layers.
    void start(std::shared_ptr<scene::CountyPreview> preview, scene::CountyScene& scene);
    // Back to nothing (another county is opened); waits for a picture being drawn.
    void stop();
    bool active() const { return scene_ != nullptr; }
    // Shows the topmost feature at a working-CRS point in the identify panel, read from the
    // sources (a layer's own GDAL handles, not the drawing's: a click never waits for a picture),
    // and outlines it on the map.
    void identify_at(double x, double y);
    // Shows feature `fid` of `layer` of `path` (a row of the attribute table): the camera over it,
    // identified and outlined.
    void show_feature(const std::string& path, const std::string& layer, long long fid);
    // Shows or hides the layers named `name` in every picture: the tiles in view are drawn
    // again, then the whole county's picture.
    void set_layer_visible(const QString& name, bool visible);
    // These features are the selection (a query's result, rows of the attribute table), in one
    // source or several: outlined on the map, read from their sources in the background, the
    // first few thousand. Replaces the last.
    void select(const SourceSelection& features);
    // How many features are selected, and where those outlined lie (nothing yet: nullopt).
    int selected() const { return selected_; }
    std::optional<geo::Envelope> selection_extent() const;
    // The whole county's picture is now `fills` (filled in while it loads): the coarse tiles too.
    void show_whole(const osg::ref_ptr<osg::Group>& fills);
    // Tiles drawn since start (for tests and the benchmark).
    int tiles_drawn() const { return tiles_ ? tiles_->tiles_drawn() : 0; }

signals:
    void drawn();    // the tiles the view needs are on screen (tests wait for it)
    void outlined(); // the selection's outlines are on the map
    void message(const QString& text, int timeout_ms);

private:
    void plant_tiles();   // a new quadtree in the backdrop: none of its tiles read yet
    void follow_camera(); // the tiles where it looks are read first
    void tiles_loaded();
    void mark(const GEOSGeometry* geometry); // the feature identified; null: none
    void show_marks();                       // the selection's outlines and the identified one's
    void draw_whole();                       // the whole county's picture, again
    const scene::LayersToShow& pick_layers();

    OsgView& view_;
    IdentifyDock& identify_;
    std::shared_ptr<scene::CountyPreview> preview_;
    std::unique_ptr<scene::LayersToShow> pick_layers_; // opened at the first click
    scene::CountyScene* scene_ = nullptr;
    std::unique_ptr<scene::PictureTiles> tiles_;
    std::size_t backdrop_ = 0;                           // the tiles' (CountyScene::add_backdrop)
    bool first_frame_ = false;                           // since start: its frame may ask the pager for nothing
    QFutureWatcher<osg::ref_ptr<osg::Group>> whole_;     // the whole county's picture, drawn again
    QFutureWatcher<std::vector<scene::Ring>> outlining_; // the selection's outlines, read
    std::atomic<bool> outlining_cancel_{false};
    std::vector<scene::Ring> selected_rings_, identified_;
    int selected_ = 0;
    bool whole_stale_ = false; // a layer was shown or hidden since
};

} // namespace ui
