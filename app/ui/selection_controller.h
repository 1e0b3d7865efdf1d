#pragma once
// The one selection of the viewer, shared by the map, the attribute table, the query, the
// targets and the identify panel: rows of one layer at a time. Separate from it, a highlight
// (what a target counts) that add/drop never act on. Stored in the scene's selection texture,
// so what is drawn is what is selected. GUI thread only.
#include <QObject>
#include <optional>
#include <vector>

#include "geo/geos.h"

namespace ui {

class CountySession;
class OsgView;

class SelectionController : public QObject {
    Q_OBJECT
public:
    SelectionController(CountySession& session, OsgView& view, QObject* parent = nullptr);

    // Makes `rows` of `layer` the selection (every other layer's cleared) and says so.
    void select(const QString& layer, const std::vector<std::size_t>& rows);
    void clear();
    // Whether anything can be selected: a meshed county is shown (not one viewed as pictures).
    bool available() const;
    // Selected rows of `layer`, ascending.
    std::vector<std::size_t> rows(const QString& layer) const;
    // Bounds of what is selected, if anything with a geometry is.
    std::optional<geo::Envelope> extent() const;
    // Marks `rows` of `layer` (and nothing elsewhere) as highlighted; the selection is untouched.
    void highlight(const QString& layer, const std::vector<std::size_t>& rows);

signals:
    // The selection is now `rows` of `layer` (empty `layer`: nothing selected).
    void changed(const QString& layer, const std::vector<std::size_t>& rows);

private:
    CountySession& session_;
    OsgView& view_;
};

} // namespace ui
