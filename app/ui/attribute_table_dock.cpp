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
#include <algorithm>

#include "feature_table_model.h"
#include "geo/error.h"
#include "geo/feature_table.h"
#include "source_table_model.h"

namespace ui {
namespace {

// Ids are told apart by their end (330723-0000743): their columns show them whole.
const QStringList kWholeFields{QStringLiteral("parcel_id"), QStringLiteral("patch_id"), QStringLiteral("name")};

} // namespace

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
    source_model_ = new SourceTableModel(this);
    use_model(model_);
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
    connect(source_model_, &SourceTableModel::rows_read, this, &AttributeTableDock::show_source_rows);
    connect(view_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (from_sources_ && index.isValid())
            emit source_feature_activated(source_model_->path(index.row()), source_model_->layer(),
                                          source_model_->fid(index.row()));
    });
    connect(view_->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, [this](int column) {
        if (from_sources_ && column >= 0) // the sources sort it: a second or more at a million rows
            status_->setText(tr("Sorting..."));
    });
    connect(this, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && from_sources_ && source_pending_)
            show_source_layer(layers_->currentText());
    });
}

void AttributeTableDock::use_model(QAbstractItemModel* model)
{
    if (view_->model() == model)
        return;
    view_->setSortingEnabled(false);
    view_->setModel(model);     // a new selection model
    if (model == source_model_) // read in the sources' order until a column is clicked
        view_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    view_->setSortingEnabled(true);
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (syncing_)
            return;
        if (from_sources_) {
            std::vector<int> rows;
            for (const QModelIndex& index : view_->selectionModel()->selectedRows())
                rows.push_back(index.row());
            emit source_selection_changed(source_model_->features(rows));
            return;
        }
        std::vector<std::size_t> rows;
        for (const QModelIndex& index : view_->selectionModel()->selectedRows())
            rows.push_back(model_->table_row(index.row()));
        emit selection_changed(current_layer(), rows);
    });
}

void AttributeTableDock::set_source_layers(std::vector<SourceLayer> layers)
{
    from_sources_ = true;
    source_layers_ = std::move(layers);
    lookup_ = nullptr;
    model_->set_table(nullptr);
    use_model(source_model_);
    QStringList labels;
    for (const auto& l : source_layers_)
        labels << l.label;
    layers_->blockSignals(true);
    layers_->clear();
    layers_->addItems(labels);
    layers_->blockSignals(false);
    const auto parcels = std::find_if(source_layers_.begin(), source_layers_.end(),
                                      [](const SourceLayer& l) { return l.layer == "parcels"; });
    if (parcels != source_layers_.end())
        layers_->setCurrentText(parcels->label);
    show_source_layer(layers_->currentText());
}

void AttributeTableDock::show_source_layer(const QString& label)
{
    const auto found = std::find_if(source_layers_.begin(), source_layers_.end(),
                                    [&](const SourceLayer& l) { return l.label == label; });
    if (found == source_layers_.end())
        return;
    // Read when looked at: the ids of a million rows are a second of a core.
    source_rows_why_.clear();
    source_pending_ = !isVisible();
    if (source_pending_)
        return;
    status_->setToolTip({});
    try {
        view_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
        source_model_->set_layer(found->paths, found->layer);
        status_->setText(tr("Reading the features of %1 from its source...").arg(label));
    } catch (const std::exception& e) {
        status_->setText(QString::fromUtf8(e.what()));
        status_->setToolTip(status_->text());
    }
}

void AttributeTableDock::show_source_features(const SourceSelection& features, const QString& why)
{
    const auto found = std::find_if(source_layers_.begin(), source_layers_.end(),
                                    [&](const SourceLayer& l) { return l.layer == features.layer; });
    if (!from_sources_ || found == source_layers_.end())
        return;
    ++filter_request_;
    where_->clear();
    layers_->blockSignals(true);
    layers_->setCurrentText(found->label);
    layers_->blockSignals(false);
    source_pending_ = false;
    status_->setToolTip({});
    try {
        if (source_model_->paths() != found->paths || source_model_->layer() != found->layer) {
            view_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
            source_model_->set_layer(found->paths, found->layer);
        }
        source_model_->show_features(features);
        source_rows_why_ = why;
        show_count();
    } catch (const std::exception& e) {
        status_->setText(QString::fromUtf8(e.what()));
    }
    status_->setToolTip(status_->text());
}

void AttributeTableDock::show_source_rows(const QString& error)
{
    if (error.isEmpty()) {
        show_count();
        for (int c = 0; c < source_model_->columnCount(); ++c)
            if (kWholeFields.contains(source_model_->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString()))
                view_->resizeColumnToContents(c);
    } else {
        status_->setText(error);
        status_->setToolTip(error);
    }
    emit filtered();
}

void AttributeTableDock::show_count()
{
    if (from_sources_ && !source_rows_why_.isEmpty())
        status_->setText(tr("%n feature(s): %1", nullptr, source_model_->rowCount()).arg(source_rows_why_));
    else if (from_sources_)
        status_->setText(tr("%n feature(s), read from the sources as they are shown (viewed as pictures)", nullptr,
                            source_model_->rowCount()));
    else
        status_->setText(tr("%n feature(s)", nullptr, model_->rowCount()));
}

void AttributeTableDock::set_layers(const QStringList& names,
                                    std::function<std::shared_ptr<const geo::FeatureTable>(const QString&)> lookup,
                                    WhereEvaluator where)
{
    from_sources_ = false;
    source_layers_.clear();
    use_model(model_);
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
    if (from_sources_) {
        ++filter_request_;
        show_source_layer(name);
        return;
    }
    if (!lookup_)
        return;
    if (layers_->currentText() != name)
        layers_->setCurrentText(name);
    ++filter_request_; // a filter still running was for the previous layer
    model_->set_table(lookup_(name));
    status_->setText(tr("%n feature(s)", nullptr, model_->rowCount()));
    if (const auto* table = model_->table())
        for (const QString& id : kWholeFields)
            if (auto column = table->field_index(id.toStdString()))
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
    if (from_sources_) {
        status_->setText(tr("Filtering..."));
        source_rows_why_.clear();
        source_model_->set_where(where);
        return;
    }
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
    if (from_sources_) // rows of a table in memory; there is none
        return;
    where_->clear();
    model_->set_filter(rows);
    status_->setText(tr("%n feature(s): %1", nullptr, model_->rowCount()).arg(why));
    status_->setToolTip(status_->text());
}

void AttributeTableDock::select_rows(const std::vector<std::size_t>& rows)
{
    if (from_sources_)
        return;
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
        if (model_->table() != nullptr || (from_sources_ && !source_model_->reading()))
            show_count();
        QAbstractItemModel* shown = view_->model();
        emit shown->headerDataChanged(Qt::Horizontal, 0, std::max(0, shown->columnCount() - 1)); // field labels
    }
    QDockWidget::changeEvent(event);
}

} // namespace ui
