#pragma once
// Colouring and labelling a layer by a field the user chooses (the layer dock): the layer's mesh
// is built again in the background with the new style and takes the old one's place.
#include <QFutureWatcher>
#include <QObject>
#include <memory>

#include "style.h"

class QWidget;

namespace ui {

class CountySession;
struct Restyled;

class StyleController : public QObject {
    Q_OBJECT
public:
    StyleController(CountySession& session, QWidget& window);

    // Draws `layer` coloured by `style_field` (empty: its default style) and labelled by
    // `label_field` (empty: no labels), once its mesh is built; a request made meanwhile waits
    // for the one before it.
    void restyle(const QString& layer, const QString& style_field, const QString& label_field);
    // Draws `layer` with `style` (a mode that colours by something outside the table, such as
    // the review status), the same way.
    void restyle_with(const QString& layer, scene::LayerStyle style);
    bool busy() const { return building_.isRunning(); }

signals:
    void restyled(const QString& layer); // the scene shows the new style
    void message(const QString& text, int timeout_ms);

private:
    void finish();

    CountySession& session_;
    QFutureWatcher<std::shared_ptr<Restyled>> building_;
};

} // namespace ui
