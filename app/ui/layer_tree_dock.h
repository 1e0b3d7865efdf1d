#pragma once
// The layer tree: every layer top (drawn last) to bottom, with a visibility check box, its
// legend (a swatch per class), opacity, draw order, and the fields it is coloured and labelled by.
#include <QDockWidget>

class QComboBox;
class QTreeWidget;
class QTreeWidgetItem;
class QSlider;

#include <string>
#include <utility>
#include <vector>

#include "style.h"

namespace scene {
class CountyScene;
struct SceneLayer;
} // namespace scene

#include "translated_texts.h"

namespace ui {

class LayerTreeDock : public QDockWidget {
    Q_OBJECT
public:
    explicit LayerTreeDock(QWidget* parent = nullptr);
    void set_scene(scene::CountyScene* scene);
    // The layers of a county viewed as pictures (too large to hold), bottom to top with their
    // styles: each can be hidden (picture_layer_visible); nothing else is changed there.
    void set_picture_layers(const std::vector<std::pair<std::string, scene::LayerStyle>>& layers);
    scene::SceneLayer* current_layer() const;
    // Sets a layer's visibility as the check box would (used by menus and tests).
    void set_layer_visible(const QString& name, bool visible);

signals:
    void scene_changed(); // something visible changed: redraw
    // A layer of the pictures was shown or hidden with its check box.
    void picture_layer_visible(const QString& name, bool visible);
    void current_layer_changed(const QString& name);
    void zoom_to_layer(const QString& name);
    // The user chose the field `layer` is coloured by (empty: its default style) and the one it
    // is labelled by (empty: none).
    void style_chosen(const QString& layer, const QString& style_field, const QString& label_field);

protected:
    void changeEvent(QEvent* event) override; // retranslates on LanguageChange

private:
    TranslatedTexts texts_;
    void rebuild();
    void add_item(const QString& name, const QString& count, const scene::LayerStyle& style, bool visible);
    void move_current(int delta);
    void fill_field_choices(); // the current layer's fields, its style and label fields chosen

    scene::CountyScene* scene_ = nullptr;
    QTreeWidget* tree_;
    QSlider* opacity_;
    QComboBox* style_field_;
    QComboBox* label_field_;
    bool rebuilding_ = false;
    bool pictures_ = false;                // set_picture_layers: names and check boxes only
    std::vector<QWidget*> layer_controls_; // what changes a meshed layer: off for pictures
    bool filling_ = false;                 // filling the field choices: not the user's choice
};

} // namespace ui
