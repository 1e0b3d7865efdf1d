#pragma once
// View > Bookmarks: the county's saved views (a file beside the data), each going to its extent
// in 2D or 3D through View > 2D map view so that the menu's check mark and Home follow; and
// "Add bookmark for this view".
#include <QObject>
#include <vector>

#include "geo/bookmarks.h"

class QAction;
class QMenu;
class QWidget;

namespace ui {

class CountySession;
class OsgView;

class BookmarkController : public QObject {
    Q_OBJECT
public:
    // Fills `menu` whenever a county is shown; `map_view` is View > 2D map view; `window`
    // parents the dialogs.
    BookmarkController(CountySession& session, OsgView& view, QMenu& menu, QAction& map_view, QWidget& window);

    // Fills the menu again (the county's bookmarks file, the UI's language).
    void refresh() { rebuild(); }

signals:
    void message(const QString& text, int timeout_ms);

private:
    void rebuild();
    void go_to(const geo::Bookmark& bookmark);
    void add_current_view();

    CountySession& session_;
    OsgView& view_;
    QMenu& menu_;
    QAction& map_view_;
    QWidget& window_;
    std::vector<geo::Bookmark> bookmarks_;
};

} // namespace ui
