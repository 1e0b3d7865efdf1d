#include "layer_tree_dock.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QSlider>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "county_scene.h"
#include "field_labels.h"
#include "geo/feature_table.h"
#include "scene_briefing.h"

namespace ui {
namespace {

constexpr int kLayerRole = Qt::UserRole + 1;

QIcon swatch(const scene::Rgba& fill, const scene::Rgba& outline, bool filled)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setPen(QPen(QColor::fromRgbF(outline.r, outline.g, outline.b), 2));
    painter.setBrush(filled ? QBrush(QColor::fromRgbF(fill.r, fill.g, fill.b, std::max(fill.a, 0.6F))) : Qt::NoBrush);
    painter.drawRect(2, 2, 12, 12);
    return QIcon(pixmap);
}

} // namespace

LayerTreeDock::LayerTreeDock(QWidget* parent) : QDockWidget(parent)
{
    setObjectName("layers");
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    tree_ = new QTreeWidget(body);
    tree_->setHeaderHidden(true);
    tree_->setColumnCount(1);
    layout->addWidget(tree_);

    auto* controls = new QHBoxLayout;
    auto* opacity_label = new QLabel(body);
    controls->addWidget(opacity_label);
    opacity_ = new QSlider(Qt::Horizontal, body);
    opacity_->setRange(0, 100);
    opacity_->setValue(100);
    controls->addWidget(opacity_);
    auto* up = new QToolButton(body);
    auto* down = new QToolButton(body);
    auto* zoom = new QToolButton(body);
    texts_.add(QT_TR_NOOP("Layers"), [this](const QString& t) { setWindowTitle(t); });
    texts_.add(QT_TR_NOOP("Opacity"), [opacity_label](const QString& t) { opacity_label->setText(t); });
    texts_.add(QT_TR_NOOP("Up"), [up](const QString& t) { up->setText(t); });
    texts_.add(QT_TR_NOOP("Draw this layer above the next one"), [up](const QString& t) { up->setToolTip(t); });
    texts_.add(QT_TR_NOOP("Down"), [down](const QString& t) { down->setText(t); });
    texts_.add(QT_TR_NOOP("Draw this layer below the previous one"), [down](const QString& t) { down->setToolTip(t); });
    texts_.add(QT_TR_NOOP("Zoom"), [zoom](const QString& t) { zoom->setText(t); });
    texts_.add(QT_TR_NOOP("Zoom to this layer"), [zoom](const QString& t) { zoom->setToolTip(t); });
    texts_.apply([this](const char* source) { return tr(source); });
    controls->addWidget(up);
    controls->addWidget(down);
    controls->addWidget(zoom);
    layout->addLayout(controls);

    auto* fields = new QHBoxLayout;
    auto* style_label = new QLabel(body);
    style_field_ = new QComboBox(body);
    auto* label_label = new QLabel(body);
    label_field_ = new QComboBox(body);
    fields->addWidget(style_label);
    fields->addWidget(style_field_, 1);
    fields->addWidget(label_label);
    fields->addWidget(label_field_, 1);
    layout->addLayout(fields);
    texts_.add(QT_TR_NOOP("Colour by"), [style_label](const QString& t) { style_label->setText(t); });
    texts_.add(QT_TR_NOOP("Labels"), [label_label](const QString& t) { label_label->setText(t); });
    texts_.add(QT_TR_NOOP("Colour this layer by a field: by class, or graduated for numbers"),
               [this](const QString& t) { style_field_->setToolTip(t); });
    texts_.add(QT_TR_NOOP("Label this layer's features by a field"),
               [this](const QString& t) { label_field_->setToolTip(t); });
    texts_.add(QT_TR_NOOP("(default)"), [this](const QString& t) {
        if (style_field_->count() > 0)
            style_field_->setItemText(0, t);
    });
    texts_.add(QT_TR_NOOP("(none)"), [this](const QString& t) {
        if (label_field_->count() > 0)
            label_field_->setItemText(0, t);
    });
    texts_.apply([this](const char* source) { return tr(source); });
    auto chosen = [this] {
        if (filling_ || current_layer() == nullptr)
            return;
        emit style_chosen(QString::fromStdString(current_layer()->name), style_field_->currentData().toString(),
                          label_field_->currentData().toString());
    };
    layer_controls_ = {opacity_, up, down, zoom, style_field_, label_field_};
    connect(style_field_, &QComboBox::activated, this, chosen);
    connect(label_field_, &QComboBox::activated, this, chosen);
    setWidget(body);

    connect(tree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int) {
        if (rebuilding_ || item->parent() != nullptr)
            return;
        if (pictures_) {
            emit picture_layer_visible(item->data(0, kLayerRole).toString(), item->checkState(0) == Qt::Checked);
            return;
        }
        if (scene_ == nullptr)
            return;
        set_layer_visible(item->data(0, kLayerRole).toString(), item->checkState(0) == Qt::Checked);
    });
    connect(tree_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem*, QTreeWidgetItem*) {
        if (auto* layer = current_layer()) {
            opacity_->blockSignals(true);
            opacity_->setValue(static_cast<int>(layer->style.opacity * 100));
            opacity_->blockSignals(false);
            fill_field_choices();
            emit current_layer_changed(QString::fromStdString(layer->name));
        }
    });
    connect(opacity_, &QSlider::valueChanged, this, [this](int value) {
        if (auto* layer = current_layer()) {
            scene_->set_opacity(*layer, static_cast<float>(value) / 100.0F);
            emit scene_changed();
        }
    });
    connect(up, &QToolButton::clicked, this, [this] { move_current(+1); });
    connect(down, &QToolButton::clicked, this, [this] { move_current(-1); });
    connect(zoom, &QToolButton::clicked, this, [this] {
        if (auto* layer = current_layer())
            emit zoom_to_layer(QString::fromStdString(layer->name));
    });
}

void LayerTreeDock::set_scene(scene::CountyScene* county)
{
    scene_ = county;
    pictures_ = false;
    for (QWidget* control : layer_controls_)
        control->setEnabled(true);
    rebuild();
}

void LayerTreeDock::set_picture_layers(const std::vector<std::pair<std::string, scene::LayerStyle>>& layers)
{
    scene_ = nullptr;
    pictures_ = true;
    for (QWidget* control : layer_controls_) // a picture's layers keep their order and style
        control->setEnabled(false);
    rebuilding_ = true;
    tree_->clear();
    for (auto it = layers.rbegin(); it != layers.rend(); ++it) // top of the list = drawn on top
        add_item(QString::fromStdString(it->first), QString(), it->second, true);
    rebuilding_ = false;
}

void LayerTreeDock::add_item(const QString& name, const QString& count, const scene::LayerStyle& style, bool visible)
{
    auto* item = new QTreeWidgetItem(tree_);
    const QString label = briefing::display_name(name.toStdString());
    const QString suffix = count.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(count);
    item->setText(0, (label == name ? name : QStringLiteral("%1 %2").arg(label, name)) + suffix);
    item->setData(0, kLayerRole, name);
    item->setCheckState(0, visible ? Qt::Checked : Qt::Unchecked);
    item->setIcon(0, swatch(style.fill, style.outline, style.filled));
    for (const auto& c : style.classes) {
        auto* child = new QTreeWidgetItem(item);
        child->setText(0, QString::fromStdString(c.label));
        child->setIcon(0, swatch(c.color, style.outline, true));
    }
}

void LayerTreeDock::rebuild()
{
    rebuilding_ = true;
    const QString current = current_layer() ? QString::fromStdString(current_layer()->name) : QString();
    tree_->clear();
    if (scene_ != nullptr) {
        auto& layers = scene_->layers();
        for (auto it = layers.rbegin(); it != layers.rend(); ++it) { // top of the list = drawn on top
            const scene::SceneLayer& layer = **it;
            const QString name = QString::fromStdString(layer.name);
            add_item(name, QString::number(layer.table->size()), layer.style, layer.visible);
            if (name == current)
                tree_->setCurrentItem(tree_->topLevelItem(tree_->topLevelItemCount() - 1));
        }
    }
    rebuilding_ = false;
    fill_field_choices();
}

void LayerTreeDock::fill_field_choices()
{
    filling_ = true;
    style_field_->clear();
    label_field_->clear();
    style_field_->addItem(tr("(default)"), QString());
    label_field_->addItem(tr("(none)"), QString());
    if (const scene::SceneLayer* layer = current_layer()) {
        for (const auto& field : layer->table->field_names()) {
            const QString name = QString::fromStdString(field);
            const QString label = field_label(field);
            const QString shown = label.isEmpty() ? name : label + QStringLiteral(" ") + name;
            style_field_->addItem(shown, name);
            label_field_->addItem(shown, name);
        }
        const int style = style_field_->findData(QString::fromStdString(layer->style.field));
        style_field_->setCurrentIndex(std::max(style, 0));
        const int label = label_field_->findData(QString::fromStdString(layer->style.label_field));
        label_field_->setCurrentIndex(std::max(label, 0));
    }
    filling_ = false;
}

scene::SceneLayer* LayerTreeDock::current_layer() const
{
    if (scene_ == nullptr || tree_->currentItem() == nullptr)
        return nullptr;
    QTreeWidgetItem* item = tree_->currentItem();
    while (item->parent() != nullptr)
        item = item->parent();
    return scene_->layer(item->data(0, kLayerRole).toString().toStdString());
}

void LayerTreeDock::set_layer_visible(const QString& name, bool visible)
{
    if (scene_ == nullptr)
        return;
    if (auto* layer = scene_->layer(name.toStdString())) {
        scene_->set_visible(*layer, visible);
        for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
            QTreeWidgetItem* item = tree_->topLevelItem(i);
            if (item->data(0, kLayerRole).toString() == name && (item->checkState(0) == Qt::Checked) != visible) {
                rebuilding_ = true;
                item->setCheckState(0, visible ? Qt::Checked : Qt::Unchecked);
                rebuilding_ = false;
            }
        }
        emit scene_changed();
    }
}

void LayerTreeDock::move_current(int delta)
{
    scene::SceneLayer* layer = current_layer();
    if (layer == nullptr)
        return;
    auto& layers = scene_->layers();
    std::size_t index = 0;
    while (index < layers.size() && layers[index].get() != layer)
        ++index;
    const auto target = static_cast<long>(index) + delta;
    if (target < 0 || target >= static_cast<long>(layers.size()))
        return;
    scene_->set_order(*layer, static_cast<std::size_t>(target));
    rebuild();
    emit scene_changed();
}

void LayerTreeDock::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        texts_.apply([this](const char* source) { return tr(source); });
        set_scene(scene_); // layer names in the language
    }
    QDockWidget::changeEvent(event);
}

} // namespace ui
