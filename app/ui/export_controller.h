#pragma once
// File > Export briefing image: asks for size, title and 2D/3D, then renders what the view
// shows (its extent in 2D, its camera in 3D) with `planview snapshot`'s code on a scene of its
// own in the background, so the window stays responsive.
#include <QObject>

class QWidget;

namespace ui {

class CountySession;
class OsgView;
class TargetHud;

class ExportController : public QObject {
    Q_OBJECT
public:
    // `window` parents the dialogs.
    ExportController(CountySession& session, OsgView& view, const TargetHud& hud, QWidget& window);
    // Runs the dialogs and starts the export; returns at once.
    void export_briefing();

signals:
    void message(const QString& text, int timeout_ms);

private:
    CountySession& session_;
    OsgView& view_;
    const TargetHud& hud_;
    QWidget& window_;
};

} // namespace ui
