#include "viewer_app.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QStatusBar>
#include <QSurfaceFormat>
#include <QTranslator>
#include <cstdio>
#include <cstdlib>

#include "geo/project.h"
#include "main_window.h"
#include "project_controller.h"

namespace ui {

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
    // Before the first widget: OSG 3.6 in Debian is a GL2 build, so a compatibility context.
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setProfile(QSurfaceFormat::CompatibilityProfile);
    format.setVersion(2, 1);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(8);
    format.setSamples(4);
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
    window.show();
    QStringList sources;
    for (const auto& s : options.sources)
        sources << QString::fromStdString(s);
    int status = 0;
    QObject::connect(&window, &MainWindow::load_failed, &window, [&](const QString& message) {
        std::fprintf(stderr, "planview: %s\n", message.toUtf8().constData());
        status = 1;
    });
    if (options.sources.size() == 1 && geo::is_project_path(options.sources.front())) {
        if (!window.projects()->open(sources.front())) { // says why in the status bar
            std::fprintf(stderr, "planview: %s\n", window.statusBar()->currentMessage().toUtf8().constData());
            return 1;
        }
    } else {
        window.open(sources, QString::fromStdString(options.dem));
    }
    const int code = app.exec();
    return status != 0 ? status : code;
}

} // namespace ui
