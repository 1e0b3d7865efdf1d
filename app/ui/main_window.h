#pragma once
// The viewer's main window: the 3D view in the middle, the docks around it, loading in the
// background with progress and a cancel button. What the user does with the county goes
// through small controllers the docks share (selection, identify, filter, export, bookmarks).
#include <QFutureWatcher>
#include <QMainWindow>
#include <atomic>
#include <memory>

#include "county_preview.h"
#include "county_session.h"
#include "geo/gdal_ptr.h"
#include "targets_dock.h"
#include "translated_texts.h"

class QAction;
class QLabel;
class QProgressBar;
class QPushButton;

namespace ui {

class OsgView;
class LayerTreeDock;
class IdentifyDock;
class AttributeTableDock;
class QueryDock;
class TargetHud;
class MapDecorations;
class SelectionController;
class IdentifyController;
class FilterController;
class ExportController;
class PictureViewController;
class SourceLedger;
class ProjectController;
class StyleController;
class BookmarkController;
class ReviewController;
class ReviewDock;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // View > 2D map view (checked whenever the view is a 2D map).
    QAction* map_view_action() const { return map_view_action_; }
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads these sources (GeoPackages, Shapefiles, ... and optionally a DEM) in the background.
    void open(const QStringList& sources, const QString& dem = {});
    // Loads what `options` names (sources, DEM, a project's layer settings); the window sets
    // progress, cancelling and background attributes.
    void open(scene::LoadOptions options);
    bool is_loading() const;
    // The memory the layers meshed from the next county opened may take (memory_budget.h); a
    // larger one is viewed as pictures. 0 (the default): what the machine has free.
    void set_memory_budget(std::size_t bytes) { memory_budget_ = bytes; }
    // The pictures of the next county opened, drawn by `planview tiles` (scene/picture_cache.h):
    // its first picture, and its views when too large to mesh, read from them. Empty: the cache
    // beside a county opened alone, if any.
    void set_picture_cache(const QString& path) { picture_cache_ = path; }

    OsgView* view() const { return view_; }
    ProjectController* projects() const { return projects_; }
    StyleController* styles() const { return styles_; }
    LayerTreeDock* layer_tree() const { return layers_; }
    IdentifyDock* identify() const { return identify_; }
    AttributeTableDock* attributes() const { return attributes_; }
    TargetsDock* targets() const { return targets_; }
    QueryDock* query() const { return query_; }
    ReviewDock* review() const { return review_; }
    ReviewController* reviews() const { return reviews_; }
    PictureViewController* pictures() const { return pictures_; }
    TargetHud* target_hud() const { return hud_; }
    // The one selection shared by map, table, query and targets.
    SelectionController* selection() const { return selection_; }
    scene::CountyScene* county_scene() const { return session_->scene(); }

    // Parcels as blocks by their height_m (built in the background), or draped again.
    void set_parcels_3d(bool on);

    // Identifies the topmost visible feature at a working-CRS point, as a click does.
    void identify_at(double x, double y);
    // View > Zoom to selection: the camera over what is selected (on the map, in the table, by a
    // query), with a margin; nothing selected, it stays.
    void zoom_to_selection();

signals:
    // The county's first picture is on screen while it loads (county_preview.h): the first
    // county opened only, nothing in it to pick yet. Its layers of many features may still be
    // drawing (they fill in as GDAL reads them) until preview_whole.
    void preview_shown();
    // Every layer of the first picture is drawn.
    void preview_whole();
    // The county is drawn (the layers, attribute table and camera work from here on).
    void scene_shown();
    // Everything has loaded: identify's overlaps and the targets too.
    void loaded();
    // The targets of a county viewed as pictures are followed (their ledger read on its own).
    void targets_ready();
    void parcels_3d_ready();
    void load_failed(const QString& message);
    // The county is too large to mesh (`why`): it is viewed as pictures (PictureViewController).
    void shown_as_pictures(const QString& why);
    // Something the user should know that did not stop the county from showing (a picture
    // cache drawn from other data, not used).
    void warned(const QString& warning);

private:
    void build_menus();
    // Sets `action`'s text to `text` translated, now and whenever the language changes.
    QAction* translated(QAction* action, const char* text);
    void changeEvent(QEvent* event) override;
    void connect_docks();
    void connect_review();
    void write_sheet_from_source(std::size_t row);
    QString ask_sheet_path(const QString& id, const std::string& county);
    // `may_fold`: the target panel folds by itself where the map is too small for it (not when
    // the user has just unfolded it).
    void place_overlays(bool may_fold = true);
    bool eventFilter(QObject* watched, QEvent* event) override;
    void finish_load();
    // Shows `preview` of the county being loaded, unless that load is over or another began.
    void show_preview(const std::shared_ptr<scene::CountyPreview>& preview, unsigned generation);
    // The same preview with more of its dense layers drawn (`whole`: all of them).
    void fill_preview(const osg::ref_ptr<osg::Group>& fills, unsigned generation, bool whole);
    // The county shown by the preview is too large to mesh (`why`): its pictures, drawn for each
    // view, and the docks reading its sources.
    void view_as_pictures(const QString& why);
    // The targets of `county` (a county viewed as pictures, or one of its city's), read in the
    // background into the targets dock and the map's panel.
    void follow_targets_of(const TargetsDock::County& county);
    // The loader's stage ("read parcels", "draw farmland", "preview towns") in the UI's language.
    QString stage_text(const QString& stage) const;
    void analyse();
    void finish_analysis();
    void show_status(std::optional<osg::Vec3d> point);
    void show_message(const QString& text, int timeout_ms);

    CountySession* session_;
    OsgView* view_;
    LayerTreeDock* layers_;
    IdentifyDock* identify_;
    AttributeTableDock* attributes_;
    TargetsDock* targets_;
    QueryDock* query_;
    TargetHud* hud_;
    MapDecorations* decorations_;
    SelectionController* selection_;
    IdentifyController* identifier_;
    FilterController* filter_;
    ExportController* exporter_ = nullptr;
    PictureViewController* pictures_ = nullptr;
    SourceLedger* source_ledger_ = nullptr;        // the targets of a county viewed as pictures
    QMetaObject::Connection ledger_after_picture_; // its read, once the view's first picture is drawn
    ProjectController* projects_ = nullptr;
    StyleController* styles_ = nullptr;
    BookmarkController* bookmarks_ = nullptr;
    ReviewController* reviews_ = nullptr;
    ReviewDock* review_ = nullptr;
    QLabel* coordinates_;
    QProgressBar* progress_;
    QPushButton* cancel_;

    QFutureWatcher<std::shared_ptr<LoadResult>> loading_;
    QFutureWatcher<std::shared_ptr<scene::CountyAnalysis>> analysing_;
    QFuture<osg::ref_ptr<osg::Group>> building_blocks_; // parcels in 3D; waited for on close
    TranslatedTexts texts_;                             // the menus' texts, set again on LanguageChange
    QAction* map_view_action_ = nullptr;                // View > 2D map view: checked whenever the view is 2D
    std::size_t memory_budget_ = 0;
    QString picture_cache_;          // for the next county opened only
    unsigned county_generation_ = 0; // bumped by open(): a late 3D build for an older county is dropped
    std::atomic<bool> cancel_requested_{false};
    geo::TransformPtr to_lonlat_;
    std::unique_ptr<scene::CountyScene> preview_;         // on screen until the county replaces it
    std::shared_ptr<scene::CountyPreview> shown_preview_; // what preview_ shows
};

} // namespace ui
