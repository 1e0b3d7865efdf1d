#include "review_dock.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>
#include <array>

#include "geo/units.h"
#include "review_controller.h"
#include "review_queue_model.h"

namespace ui {
namespace {

constexpr std::array<geo::ReviewStatus, 4> kStatuses{geo::ReviewStatus::Pending, geo::ReviewStatus::Approved,
                                                     geo::ReviewStatus::Returned, geo::ReviewStatus::Amend};

// Opinions officers write again and again; chosen, then edited.
constexpr const char* kTemplates[] = {
    QT_TRANSLATE_NOOP("ui::ReviewDock", "Consistent with the plan; approved."),
    QT_TRANSLATE_NOOP("ui::ReviewDock", "Occupies permanent basic farmland; returned."),
    QT_TRANSLATE_NOOP("ui::ReviewDock", "Lies on the ecological protection red line; returned."),
    QT_TRANSLATE_NOOP("ui::ReviewDock", "Lies outside the urban development boundary; explain and amend."),
    QT_TRANSLATE_NOOP("ui::ReviewDock", "Supplement the land pre-examination documents."),
};

QString area_line(const QString& what, double m2)
{
    return QStringLiteral("<tr><td>%1</td><td align=right>%2 m²</td><td align=right>%3 %4</td></tr>")
        .arg(what, QString::number(m2, 'f', 1), QString::number(geo::to_mu(m2), 'f', 2), ReviewDock::tr("mu"));
}

} // namespace

ReviewDock::ReviewDock(ReviewController& reviews, QWidget* parent)
    : QDockWidget(parent), reviews_(reviews), model_(new ReviewQueueModel(reviews, this))
{
    setObjectName(QStringLiteral("review"));
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    unavailable_ = new QLabel(body);
    unavailable_->setWordWrap(true);
    layout->addWidget(unavailable_);

    auto* filters = new QGridLayout;
    conflicts_first_ = new QCheckBox(body);
    conflicts_first_->setChecked(true);
    town_ = new QComboBox(body);
    land_use_ = new QComboBox(body);
    status_filter_ = new QComboBox(body);
    reviewer_filter_ = new QComboBox(body);
    count_ = new QLabel(body);
    auto* town_label = new QLabel(body);
    auto* use_label = new QLabel(body);
    auto* status_label = new QLabel(body);
    auto* reviewer_label = new QLabel(body);
    filters->addWidget(conflicts_first_, 0, 0, 1, 2);
    filters->addWidget(count_, 0, 2, 1, 2, Qt::AlignRight);
    filters->addWidget(town_label, 1, 0);
    filters->addWidget(town_, 1, 1);
    filters->addWidget(use_label, 1, 2);
    filters->addWidget(land_use_, 1, 3);
    filters->addWidget(status_label, 2, 0);
    filters->addWidget(status_filter_, 2, 1);
    filters->addWidget(reviewer_label, 2, 2);
    filters->addWidget(reviewer_filter_, 2, 3);
    layout->addLayout(filters);

    queue_ = new QTableView(body);
    queue_->setModel(model_);
    queue_->setSelectionBehavior(QAbstractItemView::SelectRows);
    queue_->setSelectionMode(QAbstractItemView::SingleSelection);
    queue_->verticalHeader()->hide();
    // Columns as wide as their texts, measured on the first rows only (a queue may be a million).
    queue_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    queue_->horizontalHeader()->setResizeContentsPrecision(200);
    layout->addWidget(queue_, 1);

    details_ = new QLabel(body);
    details_->setTextFormat(Qt::RichText);
    details_->setWordWrap(true);
    record_ = new QLabel(body);
    record_->setWordWrap(true);
    layout->addWidget(details_);
    layout->addWidget(record_);

    auto* status_row = new QHBoxLayout;
    statuses_ = new QButtonGroup(this);
    for (std::size_t i = 0; i < kStatuses.size(); ++i) {
        auto* button = new QRadioButton(QStringLiteral("%1 %2").arg(i + 1).arg(geo::status_label(kStatuses[i])), body);
        statuses_->addButton(button, static_cast<int>(i));
        status_row->addWidget(button);
    }
    layout->addLayout(status_row);
    templates_ = new QComboBox(body);
    layout->addWidget(templates_);
    opinion_ = new QPlainTextEdit(body);
    opinion_->setMaximumHeight(80);
    layout->addWidget(opinion_);
    auto* reviewer_row = new QHBoxLayout;
    auto* signed_by = new QLabel(body);
    reviewer_ = new QLineEdit(body);
    reviewer_->setText(QSettings().value(QStringLiteral("reviewer"), qEnvironmentVariable("USER")).toString());
    reviewer_row->addWidget(signed_by);
    reviewer_row->addWidget(reviewer_, 1);
    layout->addLayout(reviewer_row);
    auto* buttons = new QHBoxLayout;
    previous_ = new QPushButton(body);
    next_ = new QPushButton(body);
    save_ = new QPushButton(body);
    save_->setDefault(true);
    buttons->addWidget(previous_);
    buttons->addWidget(next_);
    buttons->addStretch(1);
    buttons->addWidget(save_);
    layout->addLayout(buttons);
    auto* more = new QHBoxLayout;
    status_map_ = new QPushButton(body);
    status_map_->setCheckable(true);
    sheet_ = new QPushButton(body);
    more->addWidget(status_map_);
    more->addWidget(sheet_);
    layout->addLayout(more);
    message_ = new QLabel(body);
    message_->setWordWrap(true);
    layout->addWidget(message_);
    setWidget(body);

    texts_.add(QT_TR_NOOP("Review"), [this](const QString& t) { setWindowTitle(t); });
    texts_.add(QT_TR_NOOP("Conflicts first"), [this](const QString& t) { conflicts_first_->setText(t); });
    texts_.add(QT_TR_NOOP("Town"), [town_label](const QString& t) { town_label->setText(t); });
    texts_.add(QT_TR_NOOP("Land use"), [use_label](const QString& t) { use_label->setText(t); });
    texts_.add(QT_TR_NOOP("Status"), [status_label](const QString& t) { status_label->setText(t); });
    texts_.add(QT_TR_NOOP("Reviewer"), [reviewer_label](const QString& t) { reviewer_label->setText(t); });
    texts_.add(QT_TR_NOOP("Signed by"), [signed_by](const QString& t) { signed_by->setText(t); });
    texts_.add(QT_TR_NOOP("Previous (Alt+Up)"), [this](const QString& t) { previous_->setText(t); });
    texts_.add(QT_TR_NOOP("Next (Alt+Down)"), [this](const QString& t) { next_->setText(t); });
    texts_.add(QT_TR_NOOP("Save (Ctrl+Enter)"), [this](const QString& t) { save_->setText(t); });
    texts_.add(QT_TR_NOOP("Colour parcels by review status"), [this](const QString& t) { status_map_->setText(t); });
    texts_.add(QT_TR_NOOP("Review sheet (PDF)..."), [this](const QString& t) { sheet_->setText(t); });
    texts_.apply([this](const char* source) { return tr(source); });
    refill_choices();

    // Keys work anywhere in the panel; digits only where no text is being typed (the editors
    // take them first).
    auto shortcut = [this](const QKeySequence& keys, auto slot) {
        auto* s = new QShortcut(keys, this, slot);
        s->setContext(Qt::WidgetWithChildrenShortcut);
    };
    for (std::size_t i = 0; i < kStatuses.size(); ++i)
        shortcut(QKeySequence(Qt::Key_1 + static_cast<int>(i)), [this, i] { set_status(kStatuses[i]); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { save(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), [this] { save(); });
    shortcut(QKeySequence(Qt::ALT | Qt::Key_Down), [this] { next(); });
    shortcut(QKeySequence(Qt::ALT | Qt::Key_Up), [this] { previous(); });

    connect(previous_, &QPushButton::clicked, this, &ReviewDock::previous);
    connect(next_, &QPushButton::clicked, this, &ReviewDock::next);
    connect(save_, &QPushButton::clicked, this, [this] { save(); });
    connect(status_map_, &QPushButton::toggled, this, &ReviewDock::status_map_toggled);
    connect(sheet_, &QPushButton::clicked, this, [this] {
        if (current_)
            emit sheet_requested(*current_);
    });
    connect(templates_, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            opinion_->setPlainText(templates_->itemText(index));
    });
    for (QComboBox* box : {town_, land_use_, status_filter_, reviewer_filter_})
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            if (!filling_)
                rebuild_queue();
        });
    connect(conflicts_first_, &QCheckBox::toggled, this, &ReviewDock::rebuild_queue);
    connect(queue_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& index) {
        if (index.isValid() && static_cast<std::size_t>(index.row()) < model_->rows().size())
            show_row(model_->rows()[static_cast<std::size_t>(index.row())]);
    });
    connect(&reviews_, &ReviewController::availability_changed, this, [this] {
        unavailable_->setText(reviews_.unavailable());
        unavailable_->setVisible(!reviews_.unavailable().isEmpty());
        current_.reset();
        details_->clear();
        record_->clear();
        message_->clear();
        refill_choices();
        rebuild_queue();
    });
    connect(&reviews_, &ReviewController::parcels_changed, this, [this] {
        refill_choices(); // the towns and classes the complete table has
        rebuild_queue();  // the parcel shown stays
    });
    connect(&reviews_, &ReviewController::conflicts_ready, this, [this] {
        rebuild_queue();
        if (current_ && message_->text().isEmpty()) // the figures are there now
            show_row(*current_);
    });
    connect(&reviews_, &ReviewController::records_changed, model_, &ReviewQueueModel::refresh);
    unavailable_->hide();
}

void ReviewDock::refill_choices()
{
    filling_ = true;
    auto fill = [](QComboBox* box, const QStringList& items, const QString& any) {
        const QString kept = box->currentIndex() > 0 ? box->currentText() : QString();
        box->clear();
        box->addItem(any);
        box->addItems(items);
        box->setCurrentIndex(std::max(0, box->findText(kept)));
    };
    fill(town_, reviews_.towns(), tr("all"));
    fill(land_use_, reviews_.land_uses(), tr("all"));
    fill(reviewer_filter_, reviews_.reviewers(), tr("all"));
    const int status_kept = status_filter_->currentIndex();
    status_filter_->clear();
    status_filter_->addItem(tr("all"));
    for (auto status : kStatuses)
        status_filter_->addItem(QString::fromUtf8(geo::status_label(status)));
    status_filter_->addItem(tr("not reviewed"));
    status_filter_->setCurrentIndex(std::max(0, status_kept));
    templates_->clear();
    templates_->addItem(tr("Opinion templates..."));
    for (const char* text : kTemplates)
        templates_->addItem(tr(text));
    filling_ = false;
}

void ReviewDock::rebuild_queue()
{
    QueueFilter filter;
    filter.conflicts_first = conflicts_first_->isChecked();
    filter.town = town_->currentIndex() > 0 ? town_->currentText() : QString();
    filter.land_use = land_use_->currentIndex() > 0 ? land_use_->currentText() : QString();
    filter.reviewer = reviewer_filter_->currentIndex() > 0 ? reviewer_filter_->currentText() : QString();
    const int status = status_filter_->currentIndex();
    if (status >= 1 && status <= static_cast<int>(kStatuses.size()))
        filter.status = kStatuses[static_cast<std::size_t>(status - 1)];
    filter.unreviewed_only = status == static_cast<int>(kStatuses.size()) + 1;
    const auto kept = current_;
    model_->set_rows(reviews_.queue(filter));
    count_->setText(tr("%n parcel(s)", nullptr, model_->rowCount()));
    const int position = kept ? model_->position_of(*kept) : -1;
    // The parcel shown stays shown; nothing is shown (nor flown to) until the user picks one.
    if (position >= 0) {
        QSignalBlocker quiet(queue_->selectionModel());
        queue_->selectRow(position);
    }
}

void ReviewDock::show_position(int position)
{
    if (position < 0 || position >= model_->rowCount())
        return;
    queue_->selectRow(position); // → show_row
    queue_->scrollTo(model_->index(position, 0));
}

void ReviewDock::next()
{
    const int at = current_ ? model_->position_of(*current_) : -1;
    show_position(at + 1);
}

void ReviewDock::previous()
{
    const int at = current_ ? model_->position_of(*current_) : model_->rowCount();
    show_position(at - 1);
}

void ReviewDock::show_row(std::size_t row)
{
    current_ = row;
    message_->clear();
    QString html =
        QStringLiteral("<b>%1</b> %2 %3").arg(reviews_.parcel_id(row), reviews_.town(row), reviews_.land_use(row));
    try {
        if (const auto parcel = reviews_.check(row)) {
            html += QStringLiteral("<table>") + area_line(tr("Area"), parcel->area_m2) +
                    area_line(tr("On permanent basic farmland"), parcel->farmland_m2) +
                    area_line(tr("On the ecological red line"), parcel->redline_m2) +
                    area_line(tr("Outside the urban boundary"), parcel->outside_ucb_m2) + QStringLiteral("</table>");
            html += tr("Conflict: %1").arg(conflict_text(parcel->conflict));
        } else {
            html += QStringLiteral("<br>") + tr("Figures follow once the county is analysed.");
        }
    } catch (const std::exception& e) {
        html += QStringLiteral("<br>") + tr("Figures could not be computed: %1").arg(QString::fromUtf8(e.what()));
    }
    details_->setText(html);
    show_record(reviews_.fresh_record(row));
    opinion_->clear();
    emit parcel_shown(row);
}

void ReviewDock::show_record(const std::optional<geo::ReviewRecord>& record)
{
    shown_version_ = record ? record->version : 0;
    if (!record) {
        record_->setText(tr("Not reviewed yet."));
        set_status(geo::ReviewStatus::Pending);
        return;
    }
    record_->setText(
        tr("Now: %1 by %2 at %3 (version %4)%5")
            .arg(QString::fromUtf8(geo::status_label(record->status)), QString::fromStdString(record->reviewer),
                 QString::fromStdString(record->reviewed_at))
            .arg(record->version)
            .arg(record->opinion.empty() ? QString() : QStringLiteral(": ") + QString::fromStdString(record->opinion)));
    set_status(record->status);
}

bool ReviewDock::save()
{
    if (!current_)
        return false;
    if (reviewer_->text().trimmed().isEmpty()) {
        message_->setText(tr("A decision is signed: enter the reviewer's name."));
        return false;
    }
    const auto status = kStatuses[static_cast<std::size_t>(std::max(0, statuses_->checkedId()))];
    const auto outcome = reviews_.save(*current_, status, opinion_->toPlainText().trimmed(),
                                       reviewer_->text().trimmed(), shown_version_);
    if (!outcome.error.isEmpty()) {
        message_->setText(tr("Not saved: %1").arg(outcome.error));
        return false;
    }
    if (!outcome.saved) {
        // Someone saved since this was shown: theirs is shown now; saving again goes over it.
        const auto& other = outcome.record;
        message_->setText(
            tr("Not saved: %1 changed this parcel at %2 (version %3: %4%5). Their decision is shown "
               "now; save again to replace it.")
                .arg(QString::fromStdString(other.reviewer), QString::fromStdString(other.reviewed_at))
                .arg(other.version)
                .arg(QString::fromUtf8(geo::status_label(other.status)),
                     other.opinion.empty() ? QString() : QStringLiteral(", ") + QString::fromStdString(other.opinion)));
        const QString typed = opinion_->toPlainText();
        show_record(other);
        set_status(status); // the user's choice stays in the form
        opinion_->setPlainText(typed);
        return false;
    }
    QSettings().setValue(QStringLiteral("reviewer"), reviewer_->text().trimmed());
    show_record(outcome.record);
    message_->setText(tr("Saved: %1, version %2").arg(reviews_.parcel_id(*current_)).arg(outcome.record.version));
    return true;
}

void ReviewDock::set_status(geo::ReviewStatus status)
{
    for (std::size_t i = 0; i < kStatuses.size(); ++i)
        if (kStatuses[i] == status)
            statuses_->button(static_cast<int>(i))->setChecked(true);
}

void ReviewDock::set_opinion(const QString& text)
{
    opinion_->setPlainText(text);
}

void ReviewDock::set_reviewer(const QString& name)
{
    reviewer_->setText(name);
}

void ReviewDock::set_filter(bool conflicts_first, const QString& town, const QString& land_use,
                            std::optional<geo::ReviewStatus> status, const QString& reviewer)
{
    filling_ = true;
    conflicts_first_->setChecked(conflicts_first);
    town_->setCurrentIndex(town.isEmpty() ? 0 : std::max(0, town_->findText(town)));
    land_use_->setCurrentIndex(land_use.isEmpty() ? 0 : std::max(0, land_use_->findText(land_use)));
    reviewer_filter_->setCurrentIndex(reviewer.isEmpty() ? 0 : std::max(0, reviewer_filter_->findText(reviewer)));
    int status_index = 0;
    for (std::size_t i = 0; status && i < kStatuses.size(); ++i)
        if (kStatuses[i] == *status)
            status_index = static_cast<int>(i) + 1;
    status_filter_->setCurrentIndex(status_index);
    filling_ = false;
    rebuild_queue();
}

bool ReviewDock::status_map_on() const
{
    return status_map_->isChecked();
}

void ReviewDock::set_status_map(bool on)
{
    status_map_->setChecked(on);
}

int ReviewDock::queue_size() const
{
    return model_->rowCount();
}

QString ReviewDock::message() const
{
    return message_->text();
}

void ReviewDock::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        texts_.apply([this](const char* source) { return tr(source); });
        refill_choices();
    }
    QDockWidget::changeEvent(event);
}

} // namespace ui
