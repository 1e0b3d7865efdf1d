#pragma once
// The viewer's main window: the 3D view in the middle, the layer tree, identify panel and
// attribute table in docks, loading in the background with progress and a cancel button.
#include <QFutureWatcher>
#include <QMainWindow>
#include <atomic>
#include <memory>

#include "county_analysis.h"
#include "county_loader.h"
#include "geo/gdal_ptr.h"

class QAction;
class QLabel;
class QProgressBar;
class QPushButton;

namespace ui {

class OsgView;
class LayerTreeDock;
class IdentifyDock;
class AttributeTableDock;
class TargetsDock;
class QueryDock;
class TargetHud;
class MapDecorations;

// What a background load hands to the GUI thread: first the county, drawn at once; then,
// from a second background task while the user already looks at it, the analysis (indexes,
// overlays, ledger) that identify and the targets need.
struct LoadResult {
    scene::LoadedCounty county;
    std::shared_ptr<scene::CountyAnalysis> analysis; // null until the analysis has finished
    QString error;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // View > 2D map view (checked whenever the view is a 2D map).
    QAction* map_view_action() const { return map_view_action_; }
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads these sources (GeoPackages, Shapefiles, ... and optionally a DEM) in the background.
    void open(const QStringList& sources, const QString& dem = {});
    bool is_loading() const;

    OsgView* view() const { return view_; }
    LayerTreeDock* layer_tree() const { return layers_; }
    IdentifyDock* identify() const { return identify_; }
    AttributeTableDock* attributes() const { return attributes_; }
    TargetsDock* targets() const { return targets_; }
    QueryDock* query() const { return query_; }
    TargetHud* target_hud() const { return hud_; }
    // Rows of `layer` selected on the map.
    std::vector<std::size_t> selected_rows(const std::string& layer) const;
    scene::CountyScene* county_scene() const { return scene_.get(); }

    // Parcels as blocks by their height_m (built in the background), or draped again.
    void set_parcels_3d(bool on);

    // Identifies the topmost visible feature at a working-CRS point, as a click does.
    void identify_at(double x, double y);
    // Makes `rows` of `layer` the selection, on the map and in the table (others cleared).
    void select(const QString& layer, const std::vector<std::size_t>& rows);

signals:
    // The county is drawn (the layers, attribute table and camera work from here on).
    void scene_shown();
    // Everything has loaded: identify's overlaps and the targets too.
    void loaded();
    void parcels_3d_ready();
    void load_failed(const QString& message);

private:
    void build_menus();
    void export_briefing();
    void place_overlays();
    void rebuild_bookmarks();
    bool eventFilter(QObject* watched, QEvent* event) override;
    void finish_load();
    void analyse();
    void finish_analysis();
    void show_status(std::optional<osg::Vec3d> point);
    std::vector<std::size_t> rows_matching(const QString& layer, const QString& where) const;

    OsgView* view_;
    LayerTreeDock* layers_;
    IdentifyDock* identify_;
    AttributeTableDock* attributes_;
    TargetsDock* targets_;
    QueryDock* query_;
    TargetHud* hud_;
    MapDecorations* decorations_;
    QMenu* bookmarks_menu_ = nullptr;
    QLabel* coordinates_;
    QProgressBar* progress_;
    QPushButton* cancel_;

    QFutureWatcher<std::shared_ptr<LoadResult>> loading_;
    QFutureWatcher<std::shared_ptr<scene::CountyAnalysis>> analysing_;
    QFuture<osg::ref_ptr<osg::Group>> building_blocks_; // parcels in 3D; waited for on close
    QAction* map_view_action_ = nullptr;                // View > 2D map view: checked whenever the view is 2D
    unsigned county_generation_ = 0; // bumped by open(): a late 3D build for an older county is dropped
    std::optional<std::pair<double, double>> pending_click_; // clicked while indexes were built
    std::atomic<bool> cancel_requested_{false};
    std::shared_ptr<LoadResult> data_;
    std::unique_ptr<scene::CountyScene> scene_;
    geo::TransformPtr to_lonlat_;
};

} // namespace ui
