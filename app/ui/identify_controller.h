#pragma once
// What a click on the map means: the topmost visible, pickable feature under it is shown in the
// identify panel (a parcel with its overlaps of the 三区三线) and becomes the selection; empty
// ground clears both. A click while the indexes are still built is answered when they are.
#include <QObject>
#include <optional>
#include <utility>

namespace ui {

class CountySession;
class IdentifyDock;
class OsgView;
class SelectionController;

class IdentifyController : public QObject {
    Q_OBJECT
public:
    IdentifyController(CountySession& session, OsgView& view, IdentifyDock& dock, SelectionController& selection,
                       QObject* parent = nullptr);

    // Identifies at a working-CRS point, as a click does. Never throws.
    void identify_at(double x, double y);

signals:
    void message(const QString& text, int timeout_ms);

private:
    void answer_pending();

    CountySession& session_;
    OsgView& view_;
    IdentifyDock& dock_;
    SelectionController& selection_;
    std::optional<std::pair<double, double>> pending_click_; // clicked while indexes were built
};

} // namespace ui
