#include "export_controller.h"

#include <filesystem>

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QLineEdit>
#include <QtConcurrent/QtConcurrent>

#include "county_session.h"
#include "geo/vector_source.h"
#include "osg_view.h"
#include "scene_briefing.h"
#include "target_hud.h"

namespace ui {
namespace {

// What the dialog asked for.
struct ExportRequest {
    QSize pixels;
    QString title, subtitle, path;
    bool map_2d = false;
};

// Everything the background render needs, copied off the GUI thread's objects.
struct ExportJob {
    scene::LoadOptions options;
    briefing::Content content;
    QSize pixels;
    briefing::View view;
    float exaggeration = 1;
    QString path;
};

QString render(ExportJob job)
{
    try {
        scene::LoadedCounty county = scene::load_county(job.options);
        auto own_scene = scene::assemble_scene(county);
        own_scene->set_exaggeration(job.exaggeration);
        job.content.legend = briefing::legend_for(*own_scene);
        briefing::render_map(*own_scene, job.view, job.pixels.width(), job.pixels.height(), job.content);
        const bool ok = job.path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)
                            ? briefing::write_pdf(job.content, job.path)
                            : briefing::write_png(job.content, job.path);
        return ok ? QString() : QObject::tr("Cannot write %1").arg(job.path);
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
}

std::optional<ExportRequest> ask(QWidget& window, const QString& default_title, bool map_view)
{
    QDialog dialog(&window);
    dialog.setWindowTitle(ExportController::tr("Export briefing image"));
    auto* form = new QFormLayout(&dialog);
    auto* size = new QComboBox(&dialog);
    size->addItem(QStringLiteral("1920 × 1080"), QSize(1920, 1080));
    size->addItem(QStringLiteral("3840 × 2160 (4K)"), QSize(3840, 2160));
    size->addItem(QStringLiteral("A4 300 dpi (3508 × 2480)"), QSize(3508, 2480));
    size->setCurrentIndex(1);
    auto* title = new QLineEdit(default_title, &dialog);
    auto* subtitle = new QLineEdit(&dialog);
    auto* map_2d = new QCheckBox(ExportController::tr("2D map (north up, with scale bar)"), &dialog);
    map_2d->setChecked(map_view);
    form->addRow(ExportController::tr("Size"), size);
    form->addRow(ExportController::tr("Title"), title);
    form->addRow(ExportController::tr("Subtitle"), subtitle);
    form->addRow(map_2d);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    const QString path = QFileDialog::getSaveFileName(&window, ExportController::tr("Export briefing image"),
                                                      QStringLiteral("briefing.png"),
                                                      ExportController::tr("PNG image (*.png);;PDF (*.pdf)"));
    if (path.isEmpty())
        return std::nullopt;
    return ExportRequest{size->currentData().toSize(), title->text(), subtitle->text(), path, map_2d->isChecked()};
}

} // namespace

ExportController::ExportController(CountySession& session, OsgView& view, const TargetHud& hud, QWidget& window)
    : QObject(&window), session_(session), view_(view), hud_(hud), window_(window)
{}

void ExportController::export_briefing()
{
    auto* scene = session_.scene();
    if (scene == nullptr)
        return;
    const auto* analysis = session_.analysis();
    const QString county_name = analysis && analysis->targets && !analysis->targets->county.empty()
                                    ? QString::fromStdString(analysis->targets->county)
                                    : briefing::county_name_of(*scene);
    const auto request = ask(window_, tr("%1 territorial spatial plan").arg(county_name).trimmed(), view_.map_view());
    if (!request)
        return;

    ExportJob job;
    job.options.sources = session_.county().sources;
    job.options.dem = session_.county().dem_path;
    for (const auto& layer : scene->layers())
        if (layer->visible)
            job.options.only_layers.push_back(layer->name);
    job.content.title = request->title;
    job.content.subtitle = request->subtitle;
    job.content.targets = hud_.bars();
    job.content.what_if = hud_.what_if();
    job.content.source_line =
        tr("Data: %1   CRS: %2   Made with PlanView")
            .arg(QString::fromStdString(geo::source_display_name(session_.primary_path())), session_.crs_code());
    job.pixels = request->pixels;
    job.path = request->path;
    job.exaggeration = scene->exaggeration();
    // The image shows what the view shows: in 2D its extent, in 3D its camera.
    const scene::Viewpoint viewpoint = view_.viewpoint();
    job.view.extent = scene->terrain().extent();
    if (view_.map_view()) {
        const osg::Vec3d centre = scene->to_world(viewpoint.center);
        const double half_h = view_.metres_per_pixel() * view_.height() / 2,
                     half_w = half_h * view_.width() / std::max(1, view_.height());
        job.view.extent = {centre.x() - half_w, centre.y() - half_h, centre.x() + half_w, centre.y() + half_h};
    }
    job.view.map_2d = request->map_2d;
    if (!request->map_2d && !view_.map_view())
        job.view.camera =
            briefing::View::Camera{scene->to_world(viewpoint.eye), scene->to_world(viewpoint.center), viewpoint.up};

    emit message(tr("Exporting %1...").arg(job.path), 0);
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path = job.path] {
        const QString error = watcher->result();
        emit message(error.isEmpty() ? tr("Exported %1").arg(path) : error, 15000);
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(render, std::move(job)));
}

} // namespace ui
