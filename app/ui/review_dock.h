#pragma once
// The review panel (审查): the queue of parcels with its filters (conflicts first, town,
// land-use class, status, reviewer), the current parcel's figures and its record, the decision
// (1–4 for the statuses), an opinion with templates, the reviewer, and Save (Ctrl+Enter);
// previous / next (Alt+Up / Alt+Down). A save refused because someone else changed the record
// since it was shown says so and shows their version. What it shows on the map goes through
// parcel_shown; the records through ReviewController.
#include <QDockWidget>
#include <optional>

#include "geo/review.h"
#include "translated_texts.h"

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace ui {

class ReviewController;
class ReviewQueueModel;

class ReviewDock : public QDockWidget {
    Q_OBJECT
public:
    ReviewDock(ReviewController& reviews, QWidget* parent = nullptr);

    // The parcels-table row shown, if any.
    std::optional<std::size_t> current() const { return current_; }
    // Shows queue position `position` (tests and the buttons).
    void show_position(int position);
    void next();
    void previous();
    // Decides the current parcel as the form says (what Ctrl+Enter does). True when saved.
    bool save();
    void set_status(geo::ReviewStatus status);
    void set_opinion(const QString& text);
    void set_reviewer(const QString& name);
    // The filters, as the user sets them.
    void set_filter(bool conflicts_first, const QString& town = {}, const QString& land_use = {},
                    std::optional<geo::ReviewStatus> status = std::nullopt, const QString& reviewer = {});
    int queue_size() const;
    bool status_map_on() const;
    void set_status_map(bool on);
    // The last message the panel shows (a refused save names the other version).
    QString message() const;

signals:
    // The parcel to show on the map: select it, fly to it, outline its overlap pieces.
    void parcel_shown(std::size_t row);
    void status_map_toggled(bool on);
    void sheet_requested(std::size_t row);

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild_queue();
    void refill_choices();
    void show_row(std::size_t row);
    void show_record(const std::optional<geo::ReviewRecord>& record);

    ReviewController& reviews_;
    ReviewQueueModel* model_;
    TranslatedTexts texts_;
    QLabel* unavailable_;
    QCheckBox* conflicts_first_;
    QComboBox* town_;
    QComboBox* land_use_;
    QComboBox* status_filter_;
    QComboBox* reviewer_filter_;
    QLabel* count_;
    QTableView* queue_;
    QLabel* details_;
    QLabel* record_;
    QButtonGroup* statuses_;
    QComboBox* templates_;
    QPlainTextEdit* opinion_;
    QLineEdit* reviewer_;
    QPushButton* save_;
    QPushButton* previous_;
    QPushButton* next_;
    QPushButton* status_map_;
    QPushButton* sheet_;
    QLabel* message_;
    std::optional<std::size_t> current_;
    std::int64_t shown_version_ = 0; // the version the user saw: what a save goes over
    bool filling_ = false;
};

} // namespace ui
