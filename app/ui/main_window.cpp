#include "main_window.h"

#include <filesystem>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrent>

#include "attribute_table_dock.h"
#include "feature_table_model.h"
#include "geo/bookmarks.h"
#include "geo/crs.h"
#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/vector_source.h"
#include "identify_dock.h"
#include "layer_tree_dock.h"
#include "osg_view.h"
#include "query_dock.h"
#include "scene_briefing.h"
#include "target_hud.h"
#include "targets_dock.h"

namespace ui {
namespace {

bool near_outline(const GEOSGeometry& geometry, double x, double y, double tolerance)
{
    auto ctx = geo::geos_context();
    geo::GeomPtr boundary(GEOSBoundary_r(ctx, &geometry));
    geo::GeomPtr point(GEOSGeom_createPointFromXY_r(ctx, x, y));
    double distance = 0;
    return boundary && point && GEOSDistance_r(ctx, boundary.get(), point.get(), &distance) == 1 &&
           distance <= tolerance;
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("PlanView"));
    resize(1600, 960);
    view_ = new OsgView(this);
    setCentralWidget(view_);
    layers_ = new LayerTreeDock(this);
    identify_ = new IdentifyDock(this);
    attributes_ = new AttributeTableDock(this);
    addDockWidget(Qt::LeftDockWidgetArea, layers_);
    addDockWidget(Qt::RightDockWidgetArea, identify_);
    addDockWidget(Qt::BottomDockWidgetArea, attributes_);
    attributes_->hide(); // opened from the View menu; keeps the first view large
    targets_ = new TargetsDock(this);
    addDockWidget(Qt::RightDockWidgetArea, targets_);
    tabifyDockWidget(identify_, targets_);
    query_ = new QueryDock(this);
    addDockWidget(Qt::RightDockWidgetArea, query_);
    tabifyDockWidget(identify_, query_);
    identify_->raise();
    hud_ = new TargetHud(view_);
    decorations_ = new MapDecorations(view_);
    view_->installEventFilter(this);

    coordinates_ = new QLabel(this);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(260);
    progress_->hide();
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->hide();
    statusBar()->addWidget(coordinates_, 1);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancel_);
    build_menus();

    connect(cancel_, &QPushButton::clicked, this, [this] { cancel_requested_ = true; });
    connect(&loading_, &QFutureWatcher<std::shared_ptr<LoadResult>>::finished, this, &MainWindow::finish_load);
    connect(&analysing_, &QFutureWatcher<std::shared_ptr<scene::CountyAnalysis>>::finished, this,
            &MainWindow::finish_analysis);
    connect(view_, &OsgView::clicked, this, [this](double x, double y) {
        if (query_->drawing())
            query_->add_vertex(x, y); // drawing a query polygon, not identifying
        else
            identify_at(x, y);
    });
    connect(query_, &QueryDock::sketch_changed, this, [this](const std::vector<std::pair<double, double>>& vertices) {
        if (scene_) {
            scene_->set_sketch(vertices);
            view_->update();
        }
    });
    connect(view_, &OsgView::hovered, this, &MainWindow::show_status);
    connect(layers_, &LayerTreeDock::scene_changed, view_, qOverload<>(&QWidget::update));
    connect(layers_, &LayerTreeDock::zoom_to_layer, this, [this](const QString& name) {
        if (auto* layer = scene_ ? scene_->layer(name.toStdString()) : nullptr)
            view_->fit_extent(layer->table->extent());
    });
    connect(targets_, &TargetsDock::bars_changed, hud_, [this](const std::vector<briefing::TargetBar>& bars) {
        hud_->set_bars(bars);
        place_overlays();
    });
    connect(hud_, &TargetHud::target_clicked, this, [this](int index) {
        targets_->raise();
        targets_->select_target(index);
    });
    connect(targets_, &TargetsDock::highlight_rows, this,
            [this](const QString& layer_name, const std::vector<std::size_t>& rows) {
                if (!scene_)
                    return;
                for (auto& layer : scene_->layers())
                    scene_->set_highlight(*layer,
                                          layer->name == layer_name.toStdString() ? rows : std::vector<std::size_t>{});
                view_->update();
            });
    connect(targets_, &TargetsDock::selection_wanted, this, [this] {
        const auto rows = selected_rows("parcels");
        if (targets_->plan_action_ > 0)
            targets_->add_to_plan(rows);
        else
            targets_->drop_from_plan(rows);
    });
    connect(view_, &OsgView::view_changed, this,
            [this] { decorations_->set_state(view_->map_view() ? view_->metres_per_pixel() : 0.0, 0.0); });
    connect(query_, &QueryDock::finished, this,
            [this](const QString& layer_name, const std::vector<std::int64_t>& fids) {
                auto* layer = scene_ ? scene_->layer(layer_name.toStdString()) : nullptr;
                if (layer == nullptr)
                    return;
                const std::vector<std::size_t> rows = layer->table->rows_of(fids);
                attributes_->show();
                attributes_->show_layer(layer_name);
                attributes_->show_only(rows, tr("the query's result"));
                select(layer_name, rows);
            });
    connect(attributes_, &AttributeTableDock::selection_changed, this,
            [this](const QString& layer, const std::vector<std::size_t>& rows) {
                if (auto* l = scene_ ? scene_->layer(layer.toStdString()) : nullptr) {
                    scene_->set_selection(*l, rows);
                    view_->update();
                }
            });
}

MainWindow::~MainWindow()
{
    cancel_requested_ = true;
    loading_.waitForFinished();
    analysing_.waitForFinished();
    building_blocks_.waitForFinished();
    view_->set_scene(nullptr);
}

void MainWindow::build_menus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open..."), this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Open data"), {}, tr("GIS data (*.gpkg *.shp *.geojson *.json *.kml *.gdb *.tif);;All files (*)"));
        if (!files.isEmpty())
            open(files);
    });
    file->addAction(tr("&Export briefing image..."), this, &MainWindow::export_briefing);
    file->addSeparator();
    file->addAction(tr("&Quit"), qApp, &QApplication::quit);

    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(tr("&Home view"), view_, &OsgView::go_home);
    map_view_action_ = viewMenu->addAction(tr("&2D map view (north up)"));
    map_view_action_->setCheckable(true);
    connect(map_view_action_, &QAction::toggled, view_, &OsgView::set_map_view);
    viewMenu->addAction(tr("Zoom to &selection"), this, [this] {
        if (!scene_)
            return;
        for (const auto& layer : scene_->layers()) {
            geo::Envelope e{1e300, 1e300, -1e300, -1e300};
            for (std::size_t row = 0; row < layer->table->size(); ++row)
                if (scene::CountyScene::is_selected(*layer, row) && layer->table->geometry(row))
                    e = geo::merged(e, layer->table->envelope(row));
            if (e.min_x <= e.max_x) {
                const double pad = std::max(200.0, (e.max_x - e.min_x) * 0.5);
                view_->fit_extent({e.min_x - pad, e.min_y - pad, e.max_x + pad, e.max_y + pad});
                return;
            }
        }
    });
    QAction* blocks = viewMenu->addAction(tr("Parcels in &3D (by height_m)"));
    blocks->setCheckable(true);
    connect(blocks, &QAction::toggled, this, &MainWindow::set_parcels_3d);
    QMenu* exaggeration = viewMenu->addMenu(tr("Vertical &exaggeration"));
    // The current factor is the checked one (the scene starts at × 1.5).
    auto* factors = new QActionGroup(exaggeration);
    for (float factor : {1.0F, 1.5F, 2.0F, 3.0F, 5.0F}) {
        QAction* action = exaggeration->addAction(QStringLiteral("× %1").arg(factor), this, [this, factor] {
            if (scene_) {
                scene_->set_exaggeration(factor);
                view_->update();
            }
        });
        action->setCheckable(true);
        action->setChecked(factor == 1.5F);
        factors->addAction(action);
    }
    bookmarks_menu_ = viewMenu->addMenu(tr("&Bookmarks"));
    QMenu* language = viewMenu->addMenu(tr("&Language"));
    for (const auto& [code, label] : {std::pair{"zh_CN", "中文"}, std::pair{"en", "English"}})
        language->addAction(QString::fromUtf8(label), this, [this, code = QString::fromLatin1(code)] {
            QSettings().setValue(QStringLiteral("language"), code);
            QMessageBox::information(this, tr("Language"), tr("The language changes when PlanView is started again."));
        });
    viewMenu->addSeparator();
    viewMenu->addAction(layers_->toggleViewAction());
    viewMenu->addAction(identify_->toggleViewAction());
    viewMenu->addAction(attributes_->toggleViewAction());
    viewMenu->addAction(targets_->toggleViewAction());
    viewMenu->addAction(query_->toggleViewAction());
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == view_ && event->type() == QEvent::Resize)
        place_overlays();
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::set_parcels_3d(bool on)
{
    auto* layer = scene_ ? scene_->layer("parcels") : nullptr;
    if (layer == nullptr)
        return;
    if (!on) {
        scene_->set_extruded(*layer, nullptr);
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
    const double ox = scene_->origin_x(), oy = scene_->origin_y();
    const unsigned generation = county_generation_;
    auto* watcher = new QFutureWatcher<osg::ref_ptr<osg::Group>>(this);
    connect(watcher, &QFutureWatcher<osg::ref_ptr<osg::Group>>::finished, this, [this, watcher, generation] {
        osg::ref_ptr<osg::Group> blocks = watcher->result(); // never throws: the task catches
        watcher->deleteLater();
        if (generation != county_generation_)
            return;
        auto* parcels = scene_ ? scene_->layer("parcels") : nullptr;
        if (!blocks || parcels == nullptr) {
            statusBar()->showMessage(tr("The parcels could not be built in 3D"), 5000);
            return;
        }
        scene_->set_extruded(*parcels, blocks);
        view_->update();
        emit parcels_3d_ready();
    });
    statusBar()->showMessage(tr("Building parcels in 3D..."), 3000);
    building_blocks_ =
        QtConcurrent::run([table, style, terrain = scene_->terrain(), ox, oy]() -> osg::ref_ptr<osg::Group> {
            try {
                scene::MeshStats stats;
                return scene::build_layer_mesh(*table, style, terrain, ox, oy, stats, {}, nullptr, "height_m");
            } catch (const std::exception&) {
                return nullptr; // reported by the slot above
            }
        });
    watcher->setFuture(building_blocks_);
}

void MainWindow::rebuild_bookmarks()
{
    bookmarks_menu_->clear();
    const std::string path = geo::bookmarks_path(geo::parse_source_spec(data_->county.sources.front()).path);
    std::vector<geo::Bookmark> bookmarks;
    try {
        bookmarks = geo::load_bookmarks(path);
    } catch (const geo::Error& e) {
        statusBar()->showMessage(QString::fromUtf8(e.what()), 10000);
    }
    for (const auto& b : bookmarks)
        bookmarks_menu_->addAction(QString::fromStdString(b.name), this, [this, b] {
            // Through the action, so the menu's check mark and Home follow the bookmark's view.
            if (map_view_action_->isChecked() != b.map_2d)
                map_view_action_->setChecked(b.map_2d);
            else
                view_->set_map_view(b.map_2d);
            view_->fit_extent(b.extent);
        });
    bookmarks_menu_->addSeparator();
    bookmarks_menu_->addAction(tr("&Add bookmark for this view..."), this, [this, path, bookmarks]() mutable {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Add bookmark"), tr("Name:"), QLineEdit::Normal, {}, &ok);
        if (!ok || name.trimmed().isEmpty())
            return;
        const scene::Viewpoint v = view_->viewpoint();
        const osg::Vec3d centre = scene_->to_world(v.center);
        const double half_h = view_->metres_per_pixel() * view_->height() / 2;
        const double half_w = half_h * view_->width() / std::max(1, view_->height());
        bookmarks.push_back({name.trimmed().toStdString(),
                             {centre.x() - half_w, centre.y() - half_h, centre.x() + half_w, centre.y() + half_h},
                             view_->map_view()});
        try {
            geo::save_bookmarks(bookmarks, path);
        } catch (const geo::Error& e) {
            QMessageBox::warning(this, tr("Add bookmark"), QString::fromUtf8(e.what()));
        }
        rebuild_bookmarks();
    });
}

void MainWindow::place_overlays()
{
    hud_->move(12, view_->height() - hud_->height() - 12);
    decorations_->move(view_->width() - decorations_->width() - 8, view_->height() - decorations_->height() - 8);
    if (!scene_)
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
    scene_->labels().set_reserved(std::move(covered));
    view_->update();
}

std::vector<std::size_t> MainWindow::selected_rows(const std::string& layer_name) const
{
    std::vector<std::size_t> rows;
    auto* layer = scene_ ? scene_->layer(layer_name) : nullptr;
    if (layer == nullptr)
        return rows;
    for (std::size_t row = 0; row < layer->table->size(); ++row)
        if (scene::CountyScene::is_selected(*layer, row))
            rows.push_back(row);
    return rows;
}

void MainWindow::export_briefing()
{
    if (!scene_ || !data_)
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Export briefing image"));
    auto* form = new QFormLayout(&dialog);
    auto* size = new QComboBox(&dialog);
    size->addItem(QStringLiteral("1920 × 1080"), QSize(1920, 1080));
    size->addItem(QStringLiteral("3840 × 2160 (4K)"), QSize(3840, 2160));
    size->addItem(QStringLiteral("A4 300 dpi (3508 × 2480)"), QSize(3508, 2480));
    size->setCurrentIndex(1);
    const bool have_targets = data_->analysis && data_->analysis->targets;
    auto* title = new QLineEdit(tr("%1 territorial spatial plan")
                                    .arg(QString::fromStdString(have_targets ? data_->analysis->targets->county : ""))
                                    .trimmed(),
                                &dialog);
    auto* subtitle = new QLineEdit(&dialog);
    auto* map_2d = new QCheckBox(tr("2D map (north up, with scale bar)"), &dialog);
    map_2d->setChecked(view_->map_view());
    form->addRow(tr("Size"), size);
    form->addRow(tr("Title"), title);
    form->addRow(tr("Subtitle"), subtitle);
    form->addRow(map_2d);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export briefing image"), QStringLiteral("briefing.png"),
                                                      tr("PNG image (*.png);;PDF (*.pdf)"));
    if (path.isEmpty())
        return;

    // The same code as `planview snapshot`, in the background on a scene of its own (two
    // threads must not draw one scene graph), so the window stays responsive.
    scene::LoadOptions options;
    options.sources = data_->county.sources;
    options.dem = data_->county.dem_path;
    for (const auto& layer : scene_->layers())
        if (layer->visible)
            options.only_layers.push_back(layer->name);
    briefing::Content content;
    content.title = title->text();
    content.subtitle = subtitle->text();
    content.targets = hud_->bars();
    content.source_line = tr("Data: %1   CRS: %2   Made with PlanView")
                              .arg(QString::fromStdString(
                                       std::filesystem::path(geo::parse_source_spec(data_->county.sources.front()).path)
                                           .filename()
                                           .string()),
                                   QString::fromStdString(geo::describe(*data_->county.working).authority_code));
    const QSize pixels = size->currentData().toSize();
    const scene::Viewpoint viewpoint = view_->viewpoint();
    geo::Envelope extent = scene_->terrain().extent();
    if (view_->map_view()) { // what the map view shows now
        const osg::Vec3d centre = scene_->to_world(viewpoint.center);
        const double half_h = view_->metres_per_pixel() * view_->height() / 2,
                     half_w = half_h * view_->width() / view_->height();
        extent = {centre.x() - half_w, centre.y() - half_h, centre.x() + half_w, centre.y() + half_h};
    }
    const bool flat = map_2d->isChecked();
    // A 3D export shows what the 3D view shows: its camera, at its vertical exaggeration.
    std::optional<briefing::View::Camera> camera;
    if (!flat && !view_->map_view())
        camera =
            briefing::View::Camera{scene_->to_world(viewpoint.eye), scene_->to_world(viewpoint.center), viewpoint.up};
    const float exaggeration = scene_->exaggeration();
    statusBar()->showMessage(tr("Exporting %1...").arg(path));
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        const QString error = watcher->result();
        statusBar()->showMessage(error.isEmpty() ? tr("Exported %1").arg(path) : error, 15000);
        watcher->deleteLater();
    });
    watcher->setFuture(
        QtConcurrent::run([options, content, pixels, extent, flat, camera, exaggeration, path]() mutable -> QString {
            try {
                scene::LoadedCounty county = scene::load_county(options);
                auto own_scene = scene::assemble_scene(county);
                own_scene->set_exaggeration(exaggeration);
                content.legend = briefing::legend_for(*own_scene);
                briefing::render_map(*own_scene, {extent, flat, camera}, pixels.width(), pixels.height(), content);
                const bool ok = path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)
                                    ? briefing::write_pdf(content, path)
                                    : briefing::compose(content).save(path, "PNG");
                return ok ? QString() : QObject::tr("Cannot write %1").arg(path);
            } catch (const std::exception& e) {
                return QString::fromUtf8(e.what());
            }
        }));
}

bool MainWindow::is_loading() const
{
    return loading_.isRunning() || analysing_.isRunning();
}

void MainWindow::open(const QStringList& sources, const QString& dem)
{
    if (is_loading())
        return;
    ++county_generation_;
    cancel_requested_ = false;
    progress_->setValue(0);
    progress_->show();
    cancel_->show();
    scene::LoadOptions options;
    for (const auto& s : sources)
        options.sources.push_back(s.toStdString());
    options.dem = dem.toStdString();
    options.attributes_later = true; // draw first; the rest is read by analyse()
    options.cancel = &cancel_requested_;
    options.progress = [this](const std::string& stage, double fraction) {
        QMetaObject::invokeMethod(
            progress_,
            [this, stage = QString::fromStdString(stage), fraction] {
                progress_->setValue(static_cast<int>(fraction * 1000));
                progress_->setFormat(stage + QStringLiteral(" %p%"));
            },
            Qt::QueuedConnection);
    };
    loading_.setFuture(QtConcurrent::run([options] {
        auto result = std::make_shared<LoadResult>();
        try {
            result->county = scene::load_county(options);
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
    std::shared_ptr<LoadResult> shown = data_;
    analysing_.setFuture(QtConcurrent::run([this, shown]() -> std::shared_ptr<scene::CountyAnalysis> {
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
    if (!analysis || !data_) {
        // Cancelled, or failed (the status bar says why): the county stays, without the other
        // attributes, the overlaps and the targets.
        pending_click_.reset();
        emit loaded();
        return;
    }
    data_->analysis = analysis;
    // The complete tables (every attribute) take the place of the ones drawn from.
    for (std::size_t i = 0; i < analysis->tables.size(); ++i) {
        data_->county.layers[i].table = analysis->tables[i];
        if (auto* layer = scene_->layer(analysis->tables[i]->name()))
            layer->table = analysis->tables[i];
    }
    layers_->set_scene(scene_.get());
    if (!attributes_->current_layer().isEmpty())
        attributes_->show_layer(attributes_->current_layer());
    targets_->set_ledger(analysis->ledger.get(), geo::parse_source_spec(data_->county.sources.front()).path);
    place_overlays();
    if (pending_click_) {
        const auto [x, y] = *pending_click_;
        pending_click_.reset();
        identify_at(x, y);
    }
    emit loaded();
}

void MainWindow::finish_load()
{
    progress_->hide();
    cancel_->hide();
    std::shared_ptr<LoadResult> result = loading_.result();
    if (!result->error.isEmpty()) {
        statusBar()->showMessage(result->error);
        emit load_failed(result->error);
        return;
    }
    view_->set_scene(nullptr);
    data_ = result;
    scene_ = scene::assemble_scene(data_->county);
    to_lonlat_ = geo::make_transform(*data_->county.working, *geo::srs_from_epsg(geo::kCgcs2000Geographic));
    view_->set_scene(scene_.get());
    layers_->set_scene(scene_.get());
    QStringList names;
    for (const auto& layer : data_->county.layers)
        names << QString::fromStdString(layer.table->name());
    attributes_->set_layers(
        names,
        [this](const QString& name) -> std::shared_ptr<const geo::FeatureTable> {
            auto* layer = scene_ ? scene_->layer(name.toStdString()) : nullptr;
            return layer ? layer->table : nullptr;
        },
        [this](const QString& layer, const QString& where) { return rows_matching(layer, where); });
    query_->set_source(QString::fromStdString(geo::parse_source_spec(data_->county.sources.front()).path), names);
    rebuild_bookmarks();
    place_overlays();
    for (const auto& warning : data_->county.warnings)
        statusBar()->showMessage(QString::fromStdString(warning), 10000);
    setWindowTitle(tr("PlanView - %1").arg(QString::fromStdString(data_->county.sources.front())));
    emit scene_shown();
    analyse();
}

std::vector<std::size_t> MainWindow::rows_matching(const QString& layer_name, const QString& where) const
{
    // GDAL evaluates the WHERE on the source layer; its FIDs map back to table rows.
    auto* layer = scene_ ? scene_->layer(layer_name.toStdString()) : nullptr;
    if (layer == nullptr)
        return {};
    for (const auto& source_text : data_->county.sources) {
        const geo::SourceSpec spec = geo::parse_source_spec(source_text);
        geo::VectorSource source = geo::VectorSource::open(spec.path);
        OGRLayer* ogr = source.dataset().GetLayerByName(layer->name.c_str());
        if (ogr == nullptr)
            continue;
        return layer->table->rows_of(geo::fids_matching(*ogr, where.toStdString()));
    }
    return {};
}

void MainWindow::identify_at(double x, double y)
{
    if (!scene_)
        return;
    if (analysing_.isRunning()) {
        // Picking needs the spatial indexes, still being built: answer when they are ready
        // rather than freeze the window.
        pending_click_ = {x, y};
        statusBar()->showMessage(tr("Still indexing; the feature will be identified in a moment"), 3000);
        return;
    }
    const double tolerance = 4 * view_->metres_per_pixel();
    auto& layers = scene_->layers();
    for (auto it = layers.rbegin(); it != layers.rend(); ++it) { // topmost first
        scene::SceneLayer& layer = **it;
        if (!layer.visible || layer.name == "county_boundary" || layer.name == "towns")
            continue;
        const auto type = layer.table->geometry_type();
        const bool areal = (type == wkbPolygon || type == wkbMultiPolygon) && layer.style.filled;
        auto rows = layer.table->rows_at(x, y, areal ? 0.0 : tolerance);
        if (!layer.style.filled) // an outline is picked on its line, not inside it
            std::erase_if(rows,
                          [&](std::size_t row) { return !near_outline(*layer.table->geometry(row), x, y, tolerance); });
        if (rows.empty())
            continue;
        const std::size_t row = rows.front();
        std::optional<geo::ParcelCheck> check;
        if (layer.name == "parcels" && data_->analysis && data_->analysis->overlays) {
            // A GEOS failure on one parcel is said in the status bar; it never leaves this slot.
            try {
                check.emplace();
                check_parcel(*check, geo::clone(*layer.table->geometry(row)), *data_->analysis->overlays,
                             geo::CheckOptions{});
            } catch (const std::exception& e) {
                check.reset();
                statusBar()->showMessage(
                    tr("Overlaps of this parcel could not be computed: %1").arg(QString::fromUtf8(e.what())), 8000);
            }
        }
        identify_->show_feature(*layer.table, row, check ? &*check : nullptr);
        select(QString::fromStdString(layer.name), {row});
        return;
    }
    identify_->clear();
    for (auto& layer : layers)
        scene_->set_selection(*layer, {});
    attributes_->select_rows({}); // the table forgets it too, as the map did
    view_->update();
}

void MainWindow::select(const QString& layer_name, const std::vector<std::size_t>& rows)
{
    for (auto& layer : scene_->layers())
        scene_->set_selection(*layer, layer->name == layer_name.toStdString() ? rows : std::vector<std::size_t>{});
    if (attributes_->current_layer() == layer_name)
        attributes_->select_rows(rows);
    view_->update();
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
                              .arg(QString::fromStdString(geo::describe(*data_->county.working).authority_code))
                              .arg(point->x(), 0, 'f', 1)
                              .arg(point->y(), 0, 'f', 1)
                              .arg(lon, 0, 'f', 6)
                              .arg(lat, 0, 'f', 6)
                              .arg(scene_->terrain().height_at(point->x(), point->y()), 0, 'f', 1));
}

} // namespace ui
