#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrent>
#include <filesystem>
#include <utility>

#include "attribute_table_dock.h"
#include "background_priority.h"
#include "bookmark_controller.h"
#include "export_controller.h"
#include "filter_controller.h"
#include "geo/city_check.h"
#include "geo/crs.h"
#include "geo/feature_table.h"
#include "geo/text_values.h"
#include "geo/vector_source.h"
#include "identify_controller.h"
#include "identify_dock.h"
#include "layer_tree_dock.h"
#include "memory_budget.h"
#include "osg_view.h"
#include "picture_view_controller.h"
#include "project_controller.h"
#include "query_dock.h"
#include "review_controller.h"
#include "review_dock.h"
#include "review_sheet.h"
#include "selection_controller.h"
#include "source_ledger.h"
#include "style_controller.h"
#include "target_hud.h"
#include "targets_dock.h"
#include "viewer_app.h"

namespace ui {
namespace {

// The window's title for a county: its source, a database connection without its password.
QString county_title(const std::string& source)
{
    return MainWindow::tr("PlanView - %1").arg(QString::fromStdString(geo::without_password(source)));
}

// The layers of a county viewed as pictures, for the attribute table to read from their
// sources: a layer that a city's several sources hold is one table across them.
std::vector<AttributeTableDock::SourceLayer> source_layers_of(const scene::PreviewLayers& layers)
{
    std::vector<AttributeTableDock::SourceLayer> out;
    for (const scene::LayerToShow& l : layers.found.layers) {
        const std::string name = l.layer->GetName();
        auto found = std::find_if(out.begin(), out.end(), [&](const auto& s) { return s.layer == name; });
        if (found == out.end())
            found = out.insert(out.end(), {QString::fromStdString(name), {}, name});
        found->paths.push_back(l.source->path());
    }
    for (auto& l : out)
        if (l.paths.size() > 1)
            l.label = MainWindow::tr("%1 — %n counties", nullptr, static_cast<int>(l.paths.size())).arg(l.label);
    return out;
}

// Every source of a county viewed as pictures (a city's counties), the first one's first.
QStringList sources_of(const scene::PreviewLayers& layers)
{
    QStringList sources;
    for (const scene::LayerToShow& l : layers.found.layers)
        if (const QString path = QString::fromStdString(l.source->path()); !sources.contains(path))
            sources << path;
    return sources;
}

// The counties of a city viewed as pictures whose targets can be followed: the first one's
// targets as its options say (a project's file), the others' beside them.
std::vector<TargetsDock::County> counties_with_targets(const scene::PreviewLayers& layers)
{
    std::vector<TargetsDock::County> counties;
    const QStringList sources = sources_of(layers);
    for (const QString& path : sources) {
        const std::string targets = path == sources.front() ? scene::targets_path_for(layers.options)
                                                            : scene::targets_beside(path.toStdString());
        if (!targets.empty())
            counties.push_back(
                {QString::fromStdString(geo::county_name(path.toStdString())), path, QString::fromStdString(targets)});
    }
    return counties;
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("PlanView"));
    resize(1600, 960);
    session_ = new CountySession(this);
    view_ = new OsgView(this);
    setCentralWidget(view_);
    selection_ = new SelectionController(*session_, *view_, this);
    filter_ = new FilterController(*session_, this);
    layers_ = new LayerTreeDock(this);
    identify_ = new IdentifyDock(this);
    attributes_ = new AttributeTableDock(this);
    addDockWidget(Qt::LeftDockWidgetArea, layers_);
    addDockWidget(Qt::RightDockWidgetArea, identify_);
    addDockWidget(Qt::BottomDockWidgetArea, attributes_);
    attributes_->hide(); // opened from the View menu; keeps the first view large
    targets_ = new TargetsDock(*selection_, this);
    addDockWidget(Qt::RightDockWidgetArea, targets_);
    tabifyDockWidget(identify_, targets_);
    query_ = new QueryDock(this);
    addDockWidget(Qt::RightDockWidgetArea, query_);
    tabifyDockWidget(identify_, query_);
    reviews_ = new ReviewController(*session_, this);
    review_ = new ReviewDock(*reviews_, this);
    addDockWidget(Qt::RightDockWidgetArea, review_);
    tabifyDockWidget(identify_, review_);
    identify_->raise();
    resizeDocks({identify_}, {440}, Qt::Horizontal); // room for the targets' names and figures
    hud_ = new TargetHud(view_);
    decorations_ = new MapDecorations(view_);
    view_->installEventFilter(this);
    identifier_ = new IdentifyController(*session_, *view_, *identify_, *selection_, this);

    coordinates_ = new QLabel(this);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setMinimumWidth(220); // room for "读取 parcels 36%"
    progress_->setMaximumWidth(320);
    progress_->hide();
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->hide();
    statusBar()->addWidget(coordinates_, 1);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancel_);
    build_menus();
    connect_docks();
    connect_review();

    connect(cancel_, &QPushButton::clicked, this, [this] { cancel_requested_ = true; });
    connect(&loading_, &QFutureWatcher<std::shared_ptr<LoadResult>>::finished, this, &MainWindow::finish_load);
    connect(&analysing_, &QFutureWatcher<std::shared_ptr<scene::CountyAnalysis>>::finished, this,
            &MainWindow::finish_analysis);
    connect(view_, &OsgView::hovered, this, &MainWindow::show_status);
    connect(view_, &OsgView::view_changed, this,
            [this] { decorations_->set_state(view_->map_view() ? view_->metres_per_pixel() : 0.0, 0.0); });
    connect(identifier_, &IdentifyController::message, this, &MainWindow::show_message);
    connect(exporter_, &ExportController::message, this, &MainWindow::show_message);
    connect(bookmarks_, &BookmarkController::message, this, &MainWindow::show_message);
    connect(pictures_, &PictureViewController::message, this, &MainWindow::show_message);
    connect(source_ledger_, &SourceLedger::unavailable, targets_, &TargetsDock::show_unavailable);
    connect(targets_, &TargetsDock::county_chosen, this, &MainWindow::follow_targets_of);
    connect(source_ledger_, &SourceLedger::ready, this, [this](const geo::Ledger* ledger, const QString& path) {
        targets_->set_ledger(ledger, path.toStdString());
        // A city's view follows one county's targets at a time: the panel says whose.
        const bool city = shown_preview_ && scene::city_counties(shown_preview_->layers->found) > 1;
        hud_->set_county(city ? QString::fromStdString(geo::county_name(path.toStdString())) : QString());
        emit targets_ready();
    });
    connect(attributes_, &AttributeTableDock::source_feature_activated, pictures_,
            &PictureViewController::show_feature);
    connect(layers_, &LayerTreeDock::picture_layer_visible, pictures_, &PictureViewController::set_layer_visible);
    connect(attributes_, &AttributeTableDock::source_selection_changed, pictures_, &PictureViewController::select);
    connect(attributes_, &AttributeTableDock::source_selection_changed, targets_, &TargetsDock::set_source_selection);
}

// The review panel: the parcel it shows is selected, flown to and its overlap pieces outlined;
// the map can colour parcels by status; the target panel shows the review's progress.
void MainWindow::connect_review()
{
    connect(review_, &ReviewDock::parcel_shown, this, [this](std::size_t row) {
        if (!reviews_->source().empty() && pictures_->active()) { // a county viewed as pictures
            const geo::FeatureTable& parcels = *reviews_->table();
            pictures_->show_feature(reviews_->source(), parcels.name(), parcels.fid(row));
            return;
        }
        const auto* parcels = reviews_->parcels();
        auto* scene = session_->scene();
        if (parcels == nullptr || scene == nullptr)
            return;
        selection_->select(QString::fromStdString(parcels->name), {row});
        const geo::Envelope box = parcels->table->envelope(row);
        const double margin = std::max({box.max_x - box.min_x, box.max_y - box.min_y, 100.0});
        view_->fit_extent({box.min_x - margin, box.min_y - margin, box.max_x + margin, box.max_y + margin});
        std::vector<scene::CountyScene::Mark> marks;
        try {
            if (const auto check = reviews_->check(row))
                marks = scene::CountyScene::overlap_marks(check->overlaps);
        } catch (const std::exception& e) {
            show_message(tr("Overlaps of this parcel could not be computed: %1").arg(QString::fromUtf8(e.what())),
                         8000);
        }
        scene->set_marks(marks);
        view_->update();
    });
    auto colour_by_status = [this] {
        if (const auto* parcels = reviews_->parcels(); parcels && review_->status_map_on())
            styles_->restyle_with(QString::fromStdString(parcels->name), reviews_->status_style());
    };
    connect(review_, &ReviewDock::status_map_toggled, this, [this, colour_by_status](bool on) {
        if (on && !reviews_->source().empty()) {
            show_message(tr("Parcels are coloured by review status where the county is meshed in 3D; this one is "
                            "viewed as pictures"),
                         8000);
            review_->set_status_map(false);
            return;
        }
        if (on)
            colour_by_status();
        else if (const auto* parcels = reviews_->parcels())
            styles_->restyle(QString::fromStdString(parcels->name), QString(), QString());
    });
    auto show_progress = [this] {
        const ReviewProgress p = reviews_->progress();
        hud_->set_review_progress(
            p.parcels == 0
                ? QString()
                : tr("Reviewed %1 / %2").arg(p.reviewed).arg(p.parcels) +
                      (p.conflicts_known ? tr(", conflicts left %1 of %2").arg(p.conflicts_left).arg(p.conflicts)
                                         : QString()));
        place_overlays();
    };
    connect(reviews_, &ReviewController::records_changed, this, [show_progress, colour_by_status] {
        show_progress();
        colour_by_status();
    });
    connect(reviews_, &ReviewController::conflicts_ready, this, show_progress);
    connect(review_, &ReviewDock::sheet_requested, this, [this](std::size_t row) {
        if (!reviews_->source().empty()) { // viewed as pictures: the county read around the parcel
            write_sheet_from_source(row);
            return;
        }
        const auto* analysis = session_->analysis();
        if (session_->scene() == nullptr || analysis == nullptr || !analysis->overlays) {
            show_message(tr("The review sheet needs the county's analysis; try again in a moment"), 5000);
            return;
        }
        const QString path = ask_sheet_path(reviews_->parcel_id(row), session_->primary_path());
        if (path.isEmpty())
            return;
        QApplication::setOverrideCursor(Qt::WaitCursor);
        QString error;
        try {
            const auto sheet =
                briefing::review_sheet_for(*session_->scene(), row, *analysis->overlays, reviews_->fresh_record(row));
            if (!briefing::write_review_sheet(sheet, path))
                error = tr("Cannot write %1").arg(path);
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        QApplication::restoreOverrideCursor();
        view_->update();
        show_message(error.isEmpty() ? tr("Wrote %1").arg(path) : tr("No review sheet: %1").arg(error), 8000);
    });
    connect(reviews_, &ReviewController::message, this, &MainWindow::show_message);
}

// Where the user saves parcel `id`'s review sheet: beside the county's file by default, in the home
// folder for a database. Empty: cancelled.
QString MainWindow::ask_sheet_path(const QString& id, const std::string& county)
{
    const QString folder = geo::is_postgresql(county)
                               ? QDir::homePath() // a database: no folder of its own
                               : QString::fromStdString(std::filesystem::path(county).parent_path().string());
    return QFileDialog::getSaveFileName(
        this, tr("Review sheet"),
        QDir(folder).filePath(QString::fromStdString(geo::safe_file_stem(id.toStdString()) + ".pdf")),
        tr("PDF (*.pdf)"));
}

// The review sheet of a parcel of a county viewed as pictures: its map drawn in the background from
// the county read around the parcel (seconds at a million parcels).
void MainWindow::write_sheet_from_source(std::size_t row)
{
    const QString id = reviews_->parcel_id(row);
    const QString path = ask_sheet_path(id, reviews_->source());
    if (path.isEmpty())
        return;
    statusBar()->showMessage(tr("Drawing the review sheet of %1...").arg(id));
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        const QString error = watcher->result();
        watcher->deleteLater();
        show_message(error.isEmpty() ? tr("Wrote %1").arg(path) : tr("No review sheet: %1").arg(error), 8000);
    });
    watcher->setFuture(QtConcurrent::run([review = reviews_->source_review(), id = id.toStdString(),
                                          record = reviews_->fresh_record(row), path]() -> QString {
        const scene::BackgroundPriority below_the_frames;
        try {
            if (!briefing::write_review_sheet(briefing::review_sheet_from_source(review, id, record), path))
                return tr("Cannot write %1").arg(path);
            return {};
        } catch (const std::exception& e) {
            return QString::fromUtf8(e.what());
        }
    }));
}

// The docks talk to each other through the controllers, never to the window's internals.
void MainWindow::connect_docks()
{
    connect(view_, &OsgView::clicked, this, [this](double x, double y) {
        if (query_->drawing())
            query_->add_vertex(x, y); // drawing a query polygon, not identifying
        else
            identify_at(x, y);
    });
    connect(query_, &QueryDock::sketch_changed, this, [this](const std::vector<std::pair<double, double>>& vertices) {
        if (auto* scene = session_->scene() != nullptr ? session_->scene() : preview_.get()) {
            scene->set_sketch(vertices);
            view_->update();
        }
    });
    connect(query_, &QueryDock::finished, this, [this](const SourceSelection& result) {
        if (pictures_->active()) { // a county too large to hold: the result read from its sources
            attributes_->show();
            attributes_->show_source_features(result, tr("the query's result"));
            pictures_->select(result);
            targets_->set_source_selection(result);
            return;
        }
        const QString layer_name = QString::fromStdString(result.layer);
        auto* layer = session_->layer(layer_name);
        if (layer == nullptr || result.sources.empty())
            return;
        // A county in memory is queried in its primary source: the one its tables hold.
        const std::vector<std::size_t> rows = layer->table->rows_of(result.sources.front().fids);
        attributes_->show();
        attributes_->show_layer(layer_name);
        attributes_->show_only(rows, tr("the query's result"));
        selection_->select(layer_name, rows);
    });
    // Map and table show one selection: whichever changes it, the other follows.
    connect(attributes_, &AttributeTableDock::selection_changed, selection_, &SelectionController::select);
    connect(selection_, &SelectionController::changed, attributes_,
            [this](const QString& layer, const std::vector<std::size_t>& rows) {
                if (layer.isEmpty() || attributes_->current_layer() == layer)
                    attributes_->select_rows(rows);
            });
    connect(layers_, &LayerTreeDock::scene_changed, view_, qOverload<>(&QWidget::update));
    styles_ = new StyleController(*session_, *this);
    connect(layers_, &LayerTreeDock::style_chosen, styles_, &StyleController::restyle);
    connect(styles_, &StyleController::message, this, &MainWindow::show_message);
    connect(styles_, &StyleController::restyled, this, [this] {
        layers_->set_scene(session_->scene()); // the legend follows
        view_->update();
    });
    connect(layers_, &LayerTreeDock::zoom_to_layer, this, [this](const QString& name) {
        if (auto* layer = session_->layer(name))
            view_->fit_extent(layer->table->extent());
    });
    connect(targets_, &TargetsDock::bars_changed, hud_,
            [this](const std::vector<briefing::TargetBar>& bars, const QString& what_if) {
                hud_->set_bars(bars, what_if);
                place_overlays();
            });
    connect(hud_, &TargetHud::folded_changed, this, [this] { place_overlays(false); });
    connect(hud_, &TargetHud::target_clicked, this, [this](int index) {
        targets_->raise();
        targets_->select_target(index);
    });
}

MainWindow::~MainWindow()
{
    cancel_requested_ = true;
    loading_.waitForFinished();
    analysing_.waitForFinished();
    building_blocks_.waitForFinished();
    pictures_->stop(); // before the picture's scene goes
    view_->set_scene(nullptr);
}

QAction* MainWindow::translated(QAction* action, const char* text)
{
    texts_.add(text, [action](const QString& t) { action->setText(t); });
    action->setText(tr(text));
    return action;
}

void MainWindow::build_menus()
{
    QMenu* file = menuBar()->addMenu(QString());
    translated(file->menuAction(), QT_TR_NOOP("&File"));
    translated(file->addAction(QString(), this,
                               [this] {
                                   const QStringList files = QFileDialog::getOpenFileNames(
                                       this, tr("Open data"), {},
                                       tr("GIS data (*.gpkg *.shp *.geojson *.json *.kml *.gdb *.tif);;All files (*)"));
                                   if (!files.isEmpty())
                                       open(files);
                               }),
               QT_TR_NOOP("&Open..."));
    projects_ = new ProjectController(*session_, *view_, *this,
                                      [this](scene::LoadOptions options) { open(std::move(options)); });
    connect(projects_, &ProjectController::message, this, &MainWindow::show_message);
    connect(projects_, &ProjectController::review_db_opened, reviews_, &ReviewController::set_review_db);
    projects_->set_review_db_source([this] { return reviews_->review_db(); });
    translated(file->addAction(QString(), projects_, &ProjectController::open_dialog), QT_TR_NOOP("Open &project..."));
    translated(file->addAction(QString(), projects_, &ProjectController::save_dialog), QT_TR_NOOP("&Save project..."));
    exporter_ = new ExportController(*session_, *view_, *hud_, *this);
    pictures_ = new PictureViewController(*view_, *identify_, this);
    source_ledger_ = new SourceLedger(this);
    translated(file->addAction(QString(), exporter_, &ExportController::export_briefing),
               QT_TR_NOOP("&Export briefing image..."));
    file->addSeparator();
    translated(file->addAction(QString(), qApp, &QApplication::quit), QT_TR_NOOP("&Quit"));

    QMenu* viewMenu = menuBar()->addMenu(QString());
    translated(viewMenu->menuAction(), QT_TR_NOOP("&View"));
    translated(viewMenu->addAction(QString(), view_, &OsgView::go_home), QT_TR_NOOP("&Home view"));
    map_view_action_ = translated(viewMenu->addAction(QString()), QT_TR_NOOP("&2D map view (north up)"));
    map_view_action_->setCheckable(true);
    connect(map_view_action_, &QAction::toggled, view_, &OsgView::set_map_view);
    translated(viewMenu->addAction(QString(), this, &MainWindow::zoom_to_selection), QT_TR_NOOP("Zoom to &selection"));
    QAction* blocks = translated(viewMenu->addAction(QString()), QT_TR_NOOP("Parcels in &3D (by height_m)"));
    blocks->setCheckable(true);
    connect(blocks, &QAction::toggled, this, &MainWindow::set_parcels_3d);
    QMenu* exaggeration = viewMenu->addMenu(QString());
    translated(exaggeration->menuAction(), QT_TR_NOOP("Vertical &exaggeration"));
    // The current factor is the checked one (the scene starts at × 1.5).
    auto* factors = new QActionGroup(exaggeration);
    for (float factor : {1.0F, 1.5F, 2.0F, 3.0F, 5.0F}) {
        QAction* action = exaggeration->addAction(QStringLiteral("× %1").arg(factor), this, [this, factor] {
            if (auto* scene = session_->scene()) {
                scene->set_exaggeration(factor);
                view_->update();
            }
        });
        action->setCheckable(true);
        action->setChecked(factor == 1.5F);
        factors->addAction(action);
    }
    QMenu* bookmarks = viewMenu->addMenu(QString());
    translated(bookmarks->menuAction(), QT_TR_NOOP("&Bookmarks"));
    bookmarks_ = new BookmarkController(*session_, *view_, *bookmarks, *map_view_action_, *this);
    QMenu* language = viewMenu->addMenu(QString());
    translated(language->menuAction(), QT_TR_NOOP("&Language"));
    // Switches at once: every window and dock retranslates itself on Qt's LanguageChange.
    for (const auto& [code, label] : {std::pair{"zh_CN", "中文"}, std::pair{"en", "English"}})
        language->addAction(QString::fromUtf8(label), this, [code = std::string(code)] {
            QSettings().setValue(QStringLiteral("language"), QString::fromStdString(code));
            install_translations(code);
        });
    QAction* panel = translated(viewMenu->addAction(QString()), QT_TR_NOOP("&Target panel on the map"));
    panel->setCheckable(true);
    panel->setChecked(true);
    connect(panel, &QAction::toggled, this, [this](bool on) {
        hud_->set_wanted(on);
        place_overlays(); // labels may use the space again
    });
    viewMenu->addSeparator();
    viewMenu->addAction(layers_->toggleViewAction());
    viewMenu->addAction(identify_->toggleViewAction());
    viewMenu->addAction(attributes_->toggleViewAction());
    viewMenu->addAction(targets_->toggleViewAction());
    viewMenu->addAction(query_->toggleViewAction());
    viewMenu->addAction(review_->toggleViewAction());
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        texts_.apply([this](const char* source) { return tr(source); });
        cancel_->setText(tr("Cancel"));
        setWindowTitle(session_->has_county() ? county_title(session_->county().sources.front()) : tr("PlanView"));
        bookmarks_->refresh();
    }
    QMainWindow::changeEvent(event);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == view_ && event->type() == QEvent::Resize)
        place_overlays();
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::set_parcels_3d(bool on)
{
    auto* scene = session_->scene();
    auto* layer = session_->layer(QStringLiteral("parcels"));
    if (layer == nullptr)
        return;
    if (!on) {
        scene->set_extruded(*layer, nullptr);
        view_->update();
        return;
    }
    if (analysing_.isRunning()) {
        // Heights (height_m) are among the attributes still being read.
        statusBar()->showMessage(tr("Still reading the parcels' attributes; try 3D again in a moment"), 4000);
        return;
    }
    // Triangulated off the GUI thread; swapped in here, between frames. The task owns what it
    // reads (the table is shared, the terrain copied): a reopen or close meanwhile frees nothing
    // it uses, and its result is dropped if another county has been opened since.
    const auto table = layer->table;
    const scene::LayerStyle style = layer->style;
    const double ox = scene->origin_x(), oy = scene->origin_y();
    const unsigned generation = county_generation_;
    auto* watcher = new QFutureWatcher<osg::ref_ptr<osg::Group>>(this);
    connect(watcher, &QFutureWatcher<osg::ref_ptr<osg::Group>>::finished, this, [this, watcher, generation] {
        osg::ref_ptr<osg::Group> blocks = watcher->result(); // never throws: the task catches
        watcher->deleteLater();
        if (generation != county_generation_)
            return;
        auto* parcels = session_->layer(QStringLiteral("parcels"));
        if (!blocks || parcels == nullptr) {
            statusBar()->showMessage(tr("The parcels could not be built in 3D"), 5000);
            return;
        }
        session_->scene()->set_extruded(*parcels, blocks);
        view_->update();
        emit parcels_3d_ready();
    });
    statusBar()->showMessage(tr("Building parcels in 3D..."), 3000);
    building_blocks_ =
        QtConcurrent::run([table, style, terrain = scene->terrain(), ox, oy]() -> osg::ref_ptr<osg::Group> {
            try {
                scene::MeshStats stats;
                return scene::build_layer_mesh(*table, style, terrain, ox, oy, stats, {}, nullptr, "height_m");
            } catch (const std::exception&) {
                return nullptr; // reported by the slot above
            }
        });
    watcher->setFuture(building_blocks_);
}

void MainWindow::place_overlays(bool may_fold)
{
    // The target panel sits bottom left, the compass and scale bar bottom right. On a map too
    // narrow for both side by side the panel moves to the top; on one too small for that as
    // well, or so low that the panel would hide a third of its height (the attribute table
    // open below it), it folds to its title line. Nothing covers the compass or the scale bar.
    constexpr int kMargin = 12;
    constexpr double kMostOfTheMap = 1.0 / 3; // of its height
    decorations_->move(view_->width() - decorations_->width() - 8, view_->height() - decorations_->height() - 8);
    hud_->set_max_width(view_->width() - 2 * kMargin);
    const bool side_by_side = view_->width() >= hud_->width() + decorations_->width() + 3 * kMargin;
    const bool too_small = !side_by_side && view_->height() < hud_->height() + decorations_->height() + 3 * kMargin;
    if (may_fold && hud_->isVisible() && !hud_->folded() &&
        (too_small || hud_->height() > kMostOfTheMap * view_->height()))
        hud_->set_folded(true);
    hud_->move(kMargin, side_by_side ? view_->height() - hud_->height() - kMargin : kMargin);
    if (!session_->has_county())
        return;
    // Labels keep clear of the panels over the map (in GL pixels, counted from the bottom).
    std::vector<scene::LabelPlacer::Area> covered;
    const double ratio = view_->devicePixelRatioF(), h = view_->height();
    for (const QWidget* panel : {static_cast<const QWidget*>(hud_), static_cast<const QWidget*>(decorations_)})
        if (panel->isVisible()) {
            const QRect r = panel->geometry();
            covered.push_back(
                {r.left() * ratio, (h - r.bottom() - 1) * ratio, (r.right() + 1) * ratio, (h - r.top()) * ratio});
        }
    session_->scene()->labels().set_reserved(std::move(covered));
    view_->update();
}

bool MainWindow::is_loading() const
{
    return loading_.isRunning() || analysing_.isRunning();
}

void MainWindow::open(const QStringList& sources, const QString& dem)
{
    scene::LoadOptions options;
    for (const auto& s : sources)
        options.sources.push_back(s.toStdString());
    options.dem = dem.toStdString();
    open(std::move(options));
}

void MainWindow::open(scene::LoadOptions options)
{
    if (is_loading())
        return;
    if (preview_) { // the picture of a county whose load failed
        pictures_->stop();
        targets_->set_ledger(nullptr, {}); // before the ledger it shows goes
        targets_->set_counties({});
        hud_->set_county({});
        disconnect(ledger_after_picture_); // not read for the next county's first picture
        source_ledger_->stop();
        reviews_->review_source({});
        view_->set_scene(session_->scene());
        preview_.reset();
        shown_preview_.reset();
    }
    // A county that cannot fit in memory is refused before it is read, and viewed as pictures;
    // so is a city, as one.
    options.memory_budget = memory_budget_ > 0 ? memory_budget_ : scene::default_memory_budget();
    options.city_as_one = true;
    if (options.picture_cache.empty())
        options.picture_cache = std::exchange(picture_cache_, QString()).toStdString();
    ++county_generation_;
    cancel_requested_ = false;
    progress_->setValue(0);
    progress_->show();
    cancel_->show();
    options.attributes_later = true; // draw first; the rest is read by analyse()
    options.cancel = &cancel_requested_;
    options.progress = [this](const std::string& stage, double fraction) {
        QMetaObject::invokeMethod(
            progress_,
            [this, stage = QString::fromStdString(stage), fraction] {
                progress_->setValue(static_cast<int>(fraction * 1000));
                progress_->setFormat(stage_text(stage) + QStringLiteral(" %p%"));
            },
            Qt::QueuedConnection);
    };
    // With nothing on screen yet, a picture of the county first: GDAL's read of it, rasterised
    // (seconds), while the county is read, repaired and meshed (a minute at a million parcels).
    // Not over a county already shown: clicks would answer from the old county.
    const bool preview = session_->scene() == nullptr;
    loading_.setFuture(QtConcurrent::run([this, options, preview, generation = county_generation_] {
        const scene::BackgroundPriority below_the_frames; // the preview stays smooth to turn meanwhile
        auto result = std::make_shared<LoadResult>();
        try {
            if (preview) {
                try {
                    // Its few-feature layers first (seconds, whatever the size), then the dense ones
                    // filling in as they are read.
                    auto first = std::make_shared<scene::CountyPreview>(scene::start_preview(options));
                    QMetaObject::invokeMethod(
                        this, [this, first, generation] { show_preview(first, generation); }, Qt::QueuedConnection);
                    auto fill = [this, generation](osg::ref_ptr<osg::Group> fills, bool whole) {
                        QMetaObject::invokeMethod(
                            this, [this, fills, generation, whole] { fill_preview(fills, generation, whole); },
                            Qt::QueuedConnection);
                    };
                    if (first->still_to_draw)
                        fill(scene::finish_preview(*first, options,
                                                   [&](osg::ref_ptr<osg::Group> so_far) { fill(so_far, false); }),
                             true);
                    else
                        fill(nullptr, true);
                } catch (const std::exception&) {
                    if (cancel_requested_)
                        throw;
                    // Otherwise the load meets the same problem and says what it is.
                }
            }
            result->county = scene::load_county(options);
        } catch (const scene::CityViewedAsOne& e) {
            result->error = tr("A city of %n counties, viewed as one", nullptr, static_cast<int>(e.counties));
            result->too_large = true;
        } catch (const scene::TooLargeToMesh& e) {
            result->error = tr("%1: %L2 features need about %3 GB of memory to mesh in 3D, more than the %4 GB "
                               "the viewer takes (the memory free up to 3 GB, or --memory-budget)")
                                .arg(QString::fromStdString(e.cost.source))
                                .arg(e.cost.features)
                                .arg(static_cast<double>(e.cost.needed) / 1e9, 0, 'f', 1)
                                .arg(static_cast<double>(e.cost.budget) / 1e9, 0, 'f', 1);
            result->too_large = true;
        } catch (const std::exception& e) {
            result->error = QString::fromUtf8(e.what());
        }
        return result;
    }));
}

void MainWindow::analyse()
{
    progress_->setValue(0);
    progress_->setFormat(tr("Reading attributes, indexing %p%"));
    progress_->show();
    cancel_->show();
    session_->set_analysing(true);
    analysing_.setFuture(
        QtConcurrent::run([this, shown = session_->data()]() -> std::shared_ptr<scene::CountyAnalysis> {
            const scene::BackgroundPriority below_the_frames;
            auto report = [this](double fraction) {
                QMetaObject::invokeMethod(
                    progress_, [this, fraction] { progress_->setValue(static_cast<int>(fraction * 1000)); },
                    Qt::QueuedConnection);
            };
            try {
                return scene::analyse_county(shown->county, report, &cancel_requested_);
            } catch (const std::exception& e) {
                // The county stays on screen; only what the analysis adds is missing.
                QMetaObject::invokeMethod(
                    this, [this, message = QString::fromUtf8(e.what())] { statusBar()->showMessage(message); },
                    Qt::QueuedConnection);
                return nullptr;
            }
        }));
}

void MainWindow::finish_analysis()
{
    progress_->hide();
    cancel_->hide();
    std::shared_ptr<scene::CountyAnalysis> analysis = analysing_.result();
    // Cancelled or failed (the status bar says why): the county stays, without the other
    // attributes, the overlaps and the targets.
    if (analysis) {
        session_->finish_analysis(analysis); // identify answers a click made meanwhile
        layers_->set_scene(session_->scene());
        if (!attributes_->current_layer().isEmpty())
            attributes_->show_layer(attributes_->current_layer());
        targets_->set_ledger(analysis->ledger.get(), session_->primary_path());
        targets_->set_counties({});
        hud_->set_county({}); // one county meshed (a city is viewed as pictures, as one)
        place_overlays();
    } else {
        session_->finish_analysis(nullptr);
    }
    emit loaded();
}

QString MainWindow::stage_text(const QString& stage) const
{
    const QString layer = stage.section(' ', 1);
    if (stage.startsWith(QLatin1String("preview ")))
        return tr("Picturing %1").arg(layer);
    if (stage.startsWith(QLatin1String("read ")))
        return tr("Reading %1").arg(layer);
    if (stage.startsWith(QLatin1String("draw ")))
        return tr("Drawing %1").arg(layer);
    return stage == QLatin1String("done") ? tr("Done") : stage;
}

void MainWindow::show_preview(const std::shared_ptr<scene::CountyPreview>& preview, unsigned generation)
{
    // Shown even when the load has already failed (a county too large is refused at once): the
    // picture is then all there is to see.
    if (generation != county_generation_ || session_->scene() != nullptr)
        return;
    shown_preview_ = preview;
    preview_ = scene::assemble_preview(*preview);
    view_->set_scene(preview_.get());
    for (const auto& warning : preview->warnings) {
        statusBar()->showMessage(QString::fromStdString(warning), 15000);
        emit warned(QString::fromStdString(warning));
    }
    emit preview_shown();
}

void MainWindow::fill_preview(const osg::ref_ptr<osg::Group>& fills, unsigned generation, bool whole)
{
    if (generation != county_generation_ || !preview_ || session_->scene() != nullptr)
        return;
    if (fills) {
        shown_preview_->fills = fills;
        preview_->replace_backdrop(scene::kPreviewBackdrop, fills);
        pictures_->show_whole(fills); // a county viewed as pictures: its coarse tiles
    }
    view_->update();
    if (whole) {
        shown_preview_->still_to_draw.reset(); // its layers' pictures, drawn (16 MB each)
        emit preview_whole();
    }
}

void MainWindow::view_as_pictures(const QString& why)
{
    pictures_->start(shown_preview_, *preview_);
    targets_->set_source_selection({});
    attributes_->set_source_layers(source_layers_of(*shown_preview_->layers));
    std::vector<std::pair<std::string, scene::LayerStyle>> shown_layers;
    for (const std::string& name : scene::layer_names(*shown_preview_->layers))
        shown_layers.emplace_back(
            name, shown_preview_->layers->styles[scene::first_layer_named(*shown_preview_->layers, name)]);
    layers_->set_picture_layers(shown_layers);
    // Queries run on every source's layers (a city's counties as one), read by GDAL as they
    // always are.
    QStringList names;
    for (const std::string& name : scene::layer_names(*shown_preview_->layers))
        names << QString::fromStdString(name);
    query_->set_sources(sources_of(*shown_preview_->layers), names);
    // The targets, as the meshed county's analysis follows them, when their layers fit in memory:
    // read once the first view's picture is drawn, which the user waits for. A city's first
    // county's first; the dock offers the others'.
    const std::vector<TargetsDock::County> counties = counties_with_targets(*shown_preview_->layers);
    targets_->set_counties(counties);
    // Its parcels reviewed from the source: a city's first county's, or the one whose targets
    // the dock follows.
    reviews_->review_source(counties.empty() ? sources_of(*shown_preview_->layers).front() : counties.front().path);
    if (!counties.empty())
        ledger_after_picture_ = connect(
            pictures_, &PictureViewController::drawn, this,
            [this, county = counties.front()] { follow_targets_of(county); }, Qt::SingleShotConnection);
    QString message =
        tr("%1 — shown as pictures of each view; a click identifies, the attribute table reads the sources").arg(why);
    if (!shown_preview_->layers->cache)
        message += tr("; `planview tiles` draws their pictures once, to open them in seconds");
    statusBar()->showMessage(message);
    emit shown_as_pictures(why);
}

void MainWindow::follow_targets_of(const TargetsDock::County& county)
{
    if (!shown_preview_)
        return;
    targets_->show_unavailable(tr("Reading the targets of %1...").arg(county.name)); // lets the last ledger go
    if (reviews_->source() != county.path.toStdString())
        reviews_->review_source(county.path);
    source_ledger_->load(county.path.toStdString(), county.targets.toStdString(),
                         shown_preview_->layers->options.memory_budget);
}

void MainWindow::finish_load()
{
    progress_->hide();
    cancel_->hide();
    std::shared_ptr<LoadResult> result = loading_.result();
    // Where the user looked at the preview from, kept; shifted if the county's origin differs
    // (a flat ground measured from the layers' extents rather than from GDAL's).
    std::optional<scene::Viewpoint> looked_from;
    osg::Vec3d preview_origin;
    if (!result->error.isEmpty()) {
        // The county's picture, if one is shown, stays: it is right, only the 3D county failed
        // (a city too large for this machine's memory, a layer GDAL could not read). Too large,
        // it is viewed as pictures, sharp wherever the camera goes.
        if (result->too_large && preview_) {
            view_as_pictures(result->error);
            return;
        }
        statusBar()->showMessage(result->error);
        emit load_failed(result->error);
        return;
    }
    if (preview_) {
        looked_from = view_->viewpoint();
        preview_origin = {preview_->origin_x(), preview_->origin_y(), 0};
        view_->set_scene(session_->scene());
        preview_.reset();
        shown_preview_.reset();
    }
    view_->set_scene(nullptr);
    auto scene = scene::assemble_scene(result->county);
    to_lonlat_ = geo::make_transform(*result->county.working, *geo::srs_from_epsg(geo::kCgcs2000Geographic));
    session_->show(result, std::move(scene)); // bookmarks and identify follow
    view_->set_scene(session_->scene());
    if (looked_from) {
        const osg::Vec3d shift =
            preview_origin - osg::Vec3d(session_->scene()->origin_x(), session_->scene()->origin_y(), 0);
        view_->set_viewpoint({looked_from->eye + shift, looked_from->center + shift, looked_from->up});
    }
    layers_->set_scene(session_->scene());
    QStringList names;
    for (const auto& layer : result->county.layers)
        names << QString::fromStdString(layer.table->name());
    attributes_->set_layers(
        names,
        [this](const QString& name) -> std::shared_ptr<const geo::FeatureTable> {
            auto* layer = session_->layer(name);
            return layer ? layer->table : nullptr;
        },
        [this](const QString& layer, const QString& where) { return filter_->rows_matching(layer, where); });
    query_->set_sources({QString::fromStdString(session_->primary_path())}, names);
    place_overlays();
    for (const auto& warning : result->county.warnings)
        statusBar()->showMessage(QString::fromStdString(warning), 10000);
    setWindowTitle(county_title(result->county.sources.front()));
    projects_->apply_pending(); // an opened project's layers and camera, now that all is in place
    emit scene_shown();
    analyse();
}

void MainWindow::zoom_to_selection()
{
    // A county viewed as pictures: its selection is what the pictures outline.
    if (const auto e = pictures_->active() ? pictures_->selection_extent() : selection_->extent()) {
        const double pad = std::max(200.0, (e->max_x - e->min_x) * 0.5);
        view_->fit_extent({e->min_x - pad, e->min_y - pad, e->max_x + pad, e->max_y + pad});
    }
}

void MainWindow::identify_at(double x, double y)
{
    if (pictures_->active()) // a county too large to hold: from its sources
        pictures_->identify_at(x, y);
    else
        identifier_->identify_at(x, y);
}

void MainWindow::show_message(const QString& text, int timeout_ms)
{
    statusBar()->showMessage(text, timeout_ms);
}

void MainWindow::show_status(std::optional<osg::Vec3d> point)
{
    if (!point || !to_lonlat_) {
        coordinates_->clear();
        return;
    }
    double lon = point->x(), lat = point->y();
    to_lonlat_->Transform(1, &lon, &lat);
    coordinates_->setText(tr("%1  X %2  Y %3   |   %4°E %5°N   |   height %6 m")
                              .arg(session_->crs_code())
                              .arg(point->x(), 0, 'f', 1)
                              .arg(point->y(), 0, 'f', 1)
                              .arg(lon, 0, 'f', 6)
                              .arg(lat, 0, 'f', 6)
                              .arg(session_->scene()->terrain().height_at(point->x(), point->y()), 0, 'f', 1));
}

} // namespace ui
