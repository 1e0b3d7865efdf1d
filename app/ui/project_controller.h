#pragma once
// File > Open project / Save project: a .pvproj (geo/project.h) records the county on screen —
// its files, each layer's visibility, opacity, order, style and label fields, and the camera —
// and opening one puts all of that back once its county is shown.
#include <QObject>
#include <functional>
#include <optional>

#include "geo/project.h"

class QWidget;

namespace scene {
struct LoadOptions;
}

namespace ui {

class CountySession;
class OsgView;

class ProjectController : public QObject {
    Q_OBJECT
public:
    // `open_county` starts loading a county with the given options (the window's loader).
    ProjectController(CountySession& session, OsgView& view, QWidget& window,
                      std::function<void(scene::LoadOptions)> open_county);

    void open_dialog();
    void save_dialog();
    // Loads `path` and opens its county; false (and a message) when the file is not a project.
    bool open(const QString& path);
    // Writes the county on screen as a project; false (and a message) on failure.
    bool save(const QString& path);
    // Called once the county is on screen: the opened project's layers and camera, once.
    void apply_pending();

    // Where reviews go, for the project saved (empty: the county's GeoPackage).
    void set_review_db_source(std::function<QString()> review_db) { review_db_ = std::move(review_db); }

signals:
    void message(const QString& text, int timeout_ms);
    // An opened project names where its reviews are kept (before its county loads).
    void review_db_opened(const QString& target);

private:
    geo::Project current() const;

    CountySession& session_;
    OsgView& view_;
    QWidget& window_;
    std::function<void(scene::LoadOptions)> open_county_;
    std::function<QString()> review_db_;
    std::optional<geo::Project> pending_;
};

} // namespace ui
