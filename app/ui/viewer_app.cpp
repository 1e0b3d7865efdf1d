#include "viewer_app.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QStatusBar>
#include <QSurfaceFormat>
#include <QTranslator>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "geo/project.h"
#include "main_window.h"
#include "osg_view.h"
#include "picture_view_controller.h"
#include "project_controller.h"
#include "review_controller.h"

namespace ui {
namespace {

// Seconds since this process started (the kernel's record, so loading the libraries counts),
// to 10 ms; -1 where /proc cannot tell.
double seconds_since_launch()
{
    std::ifstream stat("/proc/self/stat"), uptime("/proc/uptime");
    std::string line;
    double up = 0;
    if (!std::getline(stat, line) || !(uptime >> up))
        return -1;
    // Field 22, starttime in clock ticks since boot, counted after the ")" closing the name.
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i) {
    }
    return up - std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Prints `what` with the time since launch at the first frame drawn after `signal`.
void at_next_frame(MainWindow& window, void (MainWindow::*signal)(), const char* what)
{
    auto pending = std::make_shared<bool>(false);
    QObject::connect(&window, signal, &window, [pending] { *pending = true; });
    QObject::connect(window.view(), &OsgView::frame_drawn, &window, [pending, what] {
        if (!*pending)
            return;
        *pending = false;
        std::printf("%s: %.2f s after launch\n", what, seconds_since_launch());
        std::fflush(stdout);
    });
}

void report_timing(MainWindow& window)
{
    at_next_frame(window, &MainWindow::preview_shown,
                  "first picture (the county rasterised while it loads; its dense layers fill in after)");
    at_next_frame(window, &MainWindow::preview_whole, "whole picture (its dense layers drawn too)");
    QObject::connect(&window, &MainWindow::scene_shown, &window,
                     [] { std::printf("county read and meshed: %.2f s after launch\n", seconds_since_launch()); });
    at_next_frame(window, &MainWindow::scene_shown, "first frame");
    QObject::connect(&window, &MainWindow::load_failed, &window, [] { QCoreApplication::exit(1); });
    // A county too large to mesh: its first picture, then one of the view, and that is all. Quit
    // once the frame that said so is over: Qt 6 closes the windows when asked to quit, and the
    // window painting then would flush into a closed one.
    QObject::connect(window.pictures(), &PictureViewController::drawn, &window, [] {
        std::printf("picture of the view (every tile it needs on screen): %.2f s after launch\n",
                    seconds_since_launch());
        std::fflush(stdout);
        QMetaObject::invokeMethod(qApp, &QCoreApplication::quit, Qt::QueuedConnection);
    });
    QObject::connect(&window, &MainWindow::loaded, &window, [] {
        std::printf("analysis done: %.2f s after launch\n", seconds_since_launch());
        std::fflush(stdout);
        QCoreApplication::quit();
    });
}

} // namespace

void install_translations(const std::string& language)
{
    static QTranslator translator;
    static QTranslator qt_own; // Qt's dialogs and buttons (OK, Cancel, the file dialog): qtbase_*.qm
    QCoreApplication::removeTranslator(&translator);
    QCoreApplication::removeTranslator(&qt_own);
    const QString lang = QString::fromStdString(language.empty() ? "zh_CN" : language);
    if (lang == QLatin1String("en"))
        return; // the sources are in English
    if (translator.load(QStringLiteral(":/i18n/planview_%1.qm").arg(lang)))
        QCoreApplication::installTranslator(&translator);
    if (qt_own.load(QStringLiteral("qtbase_%1").arg(lang), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qt_own);
}

int run_viewer(int argc, char** argv, const ViewerOptions& options)
{
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((display == nullptr || *display == '\0') && (wayland == nullptr || *wayland == '\0')) {
        std::fprintf(stderr, "planview: no display to open the viewer on (DISPLAY is unset); "
                             "use `planview snapshot` for an image, or run under xvfb-run\n");
        return 1;
    }
    // Before the first widget: OSG 3.6 in Debian is a GL2 build, so a compatibility context. The
    // window only shows what its widgets drew: no samples, depth or stencil of its own (the 3D
    // view has its own, below). With them, llvmpipe allocated and cleared four samples of every
    // pixel of the window before its first frame: half a second of the launch.
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setProfile(QSurfaceFormat::CompatibilityProfile);
    format.setVersion(2, 1);
    QSurfaceFormat::setDefaultFormat(format);

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PlanView"));
    QApplication::setOrganizationName(QStringLiteral("PlanView"));
    std::string language = options.language;
    if (language.empty())
        if (const char* env = std::getenv("PLANVIEW_LANG"))
            language = env;
    if (language.empty()) // the choice made in View → Language
        language = QSettings().value(QStringLiteral("language")).toString().toStdString();
    install_translations(language);

    MainWindow window;
    QSurfaceFormat view_format = format; // smooth outlines
    view_format.setDepthBufferSize(24);
    view_format.setStencilBufferSize(8);
    view_format.setSamples(4);
    window.view()->setFormat(view_format);
    if (options.report_timing)
        report_timing(window);
    if (!options.review_db.empty())
        window.reviews()->set_review_db(QString::fromStdString(options.review_db));
    QStringList sources;
    for (const auto& s : options.sources)
        sources << QString::fromStdString(s);
    int status = 0;
    QObject::connect(&window, &MainWindow::load_failed, &window, [&](const QString& message) {
        std::fprintf(stderr, "planview: %s\n", message.toUtf8().constData());
        status = 1;
    });
    QObject::connect(&window, &MainWindow::shown_as_pictures, &window, [](const QString& why) {
        std::fprintf(stderr, "planview: %s; shown as pictures of each view\n", why.toUtf8().constData());
    });
    QObject::connect(&window, &MainWindow::warned, &window, [](const QString& warning) {
        std::fprintf(stderr, "planview: warning: %s\n", warning.toUtf8().constData());
    });
    window.set_picture_cache(QString::fromStdString(options.picture_cache));
    if (options.memory_budget_gb > 0)
        window.set_memory_budget(static_cast<std::size_t>(options.memory_budget_gb * 1e9));
    if (options.sources.size() == 1 && geo::is_project_path(options.sources.front())) {
        if (!window.projects()->open(sources.front())) { // says why in the status bar
            std::fprintf(stderr, "planview: %s\n", window.statusBar()->currentMessage().toUtf8().constData());
            return 1;
        }
    } else {
        window.open(sources, QString::fromStdString(options.dem));
    }
    // Shown after the county's load has started: Qt's first layout and the GL context take a
    // core for half a second, which the load's reading needs no less.
    window.show();
    const int code = app.exec();
    return status != 0 ? status : code;
}

} // namespace ui
