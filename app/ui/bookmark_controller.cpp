#include "bookmark_controller.h"

#include <QAction>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>

#include "county_session.h"
#include "geo/error.h"
#include "osg_view.h"

namespace ui {

BookmarkController::BookmarkController(CountySession& session, OsgView& view, QMenu& menu, QAction& map_view,
                                       QWidget& window)
    : QObject(&window), session_(session), view_(view), menu_(menu), map_view_(map_view), window_(window)
{
    connect(&session_, &CountySession::shown, this, &BookmarkController::rebuild);
}

void BookmarkController::rebuild()
{
    menu_.clear();
    bookmarks_.clear();
    if (!session_.has_county())
        return; // nothing to bookmark yet
    try {
        bookmarks_ = geo::load_bookmarks(geo::bookmarks_path(session_.primary_path()));
    } catch (const geo::Error& e) {
        emit message(QString::fromUtf8(e.what()), 10000);
    }
    for (const auto& bookmark : bookmarks_)
        menu_.addAction(QString::fromStdString(bookmark.name), this, [this, bookmark] { go_to(bookmark); });
    menu_.addSeparator();
    menu_.addAction(tr("&Add bookmark for this view..."), this, &BookmarkController::add_current_view);
}

void BookmarkController::go_to(const geo::Bookmark& bookmark)
{
    // Through the action, so the menu's check mark and Home follow the bookmark's view.
    if (map_view_.isChecked() != bookmark.map_2d)
        map_view_.setChecked(bookmark.map_2d);
    else
        view_.set_map_view(bookmark.map_2d);
    view_.fit_extent(bookmark.extent);
}

void BookmarkController::add_current_view()
{
    auto* scene = session_.scene();
    if (scene == nullptr)
        return;
    bool ok = false;
    const QString name =
        QInputDialog::getText(&window_, tr("Add bookmark"), tr("Name:"), QLineEdit::Normal, {}, &ok).trimmed();
    if (!ok || name.isEmpty())
        return;
    const scene::Viewpoint v = view_.viewpoint();
    const osg::Vec3d centre = scene->to_world(v.center);
    const double half_h = view_.metres_per_pixel() * view_.height() / 2;
    const double half_w = half_h * view_.width() / std::max(1, view_.height());
    auto bookmarks = bookmarks_;
    bookmarks.push_back({name.toStdString(),
                         {centre.x() - half_w, centre.y() - half_h, centre.x() + half_w, centre.y() + half_h},
                         view_.map_view()});
    try {
        geo::save_bookmarks(bookmarks, geo::bookmarks_path(session_.primary_path()));
    } catch (const geo::Error& e) {
        QMessageBox::warning(&window_, tr("Add bookmark"), QString::fromUtf8(e.what()));
        return;
    }
    rebuild();
}

} // namespace ui
