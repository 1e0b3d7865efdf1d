#include "attribute_table_dock.h"

#include <QComboBox>
#include <QEvent>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "feature_table_model.h"
#include "geo/error.h"
#include "geo/feature_table.h"

namespace ui {

AttributeTableDock::AttributeTableDock(QWidget* parent) : QDockWidget(parent)
{
    setObjectName("attributes");
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    auto* bar = new QHBoxLayout;
    layers_ = new QComboBox(body);
    where_ = new QLineEdit(body);
    auto* apply = new QPushButton(body);
    texts_.add(QT_TR_NOOP("Attribute table"), [this](const QString& t) { setWindowTitle(t); });
    texts_.add(QT_TR_NOOP("Filter (OGR SQL WHERE), e.g. land_use_code = '1001'"),
               [this](const QString& t) { where_->setPlaceholderText(t); });
    texts_.add(QT_TR_NOOP("Filter"), [apply](const QString& t) { apply->setText(t); });
    texts_.apply([this](const char* source) { return tr(source); });
    bar->addWidget(layers_);
    bar->addWidget(where_, 1);
    bar->addWidget(apply);
    layout->addLayout(bar);
    view_ = new QTableView(body);
    model_ = new FeatureTableModel(this);
    view_->setModel(model_);
    view_->setSortingEnabled(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->verticalHeader()->setDefaultSectionSize(22);
    // Uniform row heights: the view never measures a million rows.
    view_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    layout->addWidget(view_);
    status_ = new QLabel(body);
    // A long message (a GDAL SQL error) wraps inside the dock instead of widening the window;
    // the whole text stays in the tooltip.
    status_->setWordWrap(true);
    status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(status_);
    setWidget(body);

    connect(layers_, &QComboBox::currentTextChanged, this, &AttributeTableDock::show_layer);
    connect(apply, &QPushButton::clicked, this, &AttributeTableDock::apply_where);
    connect(where_, &QLineEdit::returnPressed, this, &AttributeTableDock::apply_where);
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (syncing_)
            return;
        std::vector<std::size_t> rows;
        for (const QModelIndex& index : view_->selectionModel()->selectedRows())
            rows.push_back(model_->table_row(index.row()));
        emit selection_changed(current_layer(), rows);
    });
}

void AttributeTableDock::set_layers(const QStringList& names,
                                    std::function<std::shared_ptr<const geo::FeatureTable>(const QString&)> lookup,
                                    WhereEvaluator where)
{
    lookup_ = std::move(lookup);
    evaluate_ = std::move(where);
    layers_->blockSignals(true);
    layers_->clear();
    layers_->addItems(names);
    layers_->blockSignals(false);
    if (names.contains(QStringLiteral("parcels")))
        layers_->setCurrentText(QStringLiteral("parcels"));
    show_layer(layers_->currentText());
}

void AttributeTableDock::show_layer(const QString& name)
{
    if (!lookup_)
        return;
    if (layers_->currentText() != name)
        layers_->setCurrentText(name);
    ++filter_request_; // a filter still running was for the previous layer
    model_->set_table(lookup_(name));
    status_->setText(tr("%n feature(s)", nullptr, model_->rowCount()));
    // Ids are told apart by their end (330723-0000743): show them whole.
    if (const auto* table = model_->table())
        for (const char* id : {"parcel_id", "patch_id", "name"})
            if (auto column = table->field_index(id))
                view_->resizeColumnToContents(static_cast<int>(*column));
}

QString AttributeTableDock::current_layer() const
{
    return layers_->currentText();
}

void AttributeTableDock::apply_where()
{
    const QString where = where_->text().trimmed();
    const unsigned request = ++filter_request_;
    status_->setToolTip({});
    if (where.isEmpty()) {
        model_->set_filter(std::nullopt);
        status_->setText(tr("%n feature(s)", nullptr, model_->rowCount()));
        emit filtered();
        return;
    }
    status_->setText(tr("Filtering..."));
    auto* watcher = new QFutureWatcher<FilterResult>(this);
    connect(watcher, &QFutureWatcher<FilterResult>::finished, this, [this, watcher, request] {
        watcher->deleteLater();
        if (request != filter_request_)
            return; // the user has asked for something else since
        const FilterResult result = watcher->result();
        if (result.error.isEmpty()) {
            model_->set_filter(result.rows);
            status_->setText(tr("%n feature(s) match", nullptr, model_->rowCount()));
        } else {
            status_->setText(result.error);
            status_->setToolTip(result.error);
        }
        emit filtered();
    });
    watcher->setFuture(evaluate_(current_layer(), where));
}

void AttributeTableDock::show_only(const std::vector<std::size_t>& rows, const QString& why)
{
    where_->clear();
    model_->set_filter(rows);
    status_->setText(tr("%n feature(s): %1", nullptr, model_->rowCount()).arg(why));
    status_->setToolTip(status_->text());
}

void AttributeTableDock::select_rows(const std::vector<std::size_t>& rows)
{
    syncing_ = true;
    view_->clearSelection();
    QItemSelection selection;
    int first = -1;
    for (std::size_t row : rows) {
        const int model_row = model_->model_row(row);
        if (model_row < 0)
            continue;
        if (first < 0)
            first = model_row;
        selection.select(model_->index(model_row, 0), model_->index(model_row, model_->columnCount() - 1));
    }
    view_->selectionModel()->select(selection, QItemSelectionModel::Select);
    if (first >= 0)
        view_->scrollTo(model_->index(first, 0));
    syncing_ = false;
}

void AttributeTableDock::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        texts_.apply([this](const char* source) { return tr(source); });
        if (model_->table() != nullptr)
            status_->setText(tr("%n feature(s)", nullptr, model_->rowCount()));
        emit model_->headerDataChanged(Qt::Horizontal, 0, std::max(0, model_->columnCount() - 1)); // field labels
    }
    QDockWidget::changeEvent(event);
}

} // namespace ui
