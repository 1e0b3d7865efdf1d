#include "offscreen_qt.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>
#include <cstdio>

namespace cli {

void prepare_offscreen_qt()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("PLANVIEW_DEBUG"))
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
            if (type == QtCriticalMsg || type == QtFatalMsg)
                std::fprintf(stderr, "planview: Qt: %s\n", message.toUtf8().constData());
        });
}

} // namespace cli
