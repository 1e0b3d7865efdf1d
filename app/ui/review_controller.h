#pragma once
// The parcel review (审查) in the viewer: the review records of the county on screen (its
// GeoPackage, or the team's database a project or --review-db names), the queue of parcels to
// review with its filters, each parcel's compliance figures and overlap pieces, saves that are
// refused when someone else changed the record since it was shown, and the progress figures.
// The parcels' conflicts for "conflicts first" are computed in the background once the
// analysis is done. A county viewed as pictures (too large to mesh) is reviewed from its source:
// the parcels' ids, towns and classes read into memory, a parcel's figures and every parcel's
// conflict computed by the check from the source (geo/review_source.h). GUI thread only.
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "geo/compliance.h"
#include "geo/feature_table.h"
#include "geo/review.h"
#include "geo/review_source.h"
#include "geo/roles.h"
#include "style.h"

namespace scene {
struct SceneLayer;
}

namespace ui {

class CountySession;

struct QueueFilter {
    bool conflicts_first = true;
    QString town, land_use, reviewer; // empty: any
    std::optional<geo::ReviewStatus> status;
    bool unreviewed_only = false; // parcels with no record yet (status 待审 counts as reviewed)
};

struct ReviewProgress {
    std::size_t parcels = 0, reviewed = 0;
    std::size_t conflicts = 0, conflicts_left = 0; // left: conflicting parcels not yet decided
    bool conflicts_known = false;
};

class ReviewController : public QObject {
    Q_OBJECT
public:
    explicit ReviewController(CountySession& session, QObject* parent = nullptr);
    ~ReviewController() override;

    // Where the records go: empty for the county's own GeoPackage, else a "PG:..." string.
    // Takes effect now for the county on screen, and for the next one.
    void set_review_db(const QString& target);
    const QString& review_db() const { return review_db_; }

    // Why reviewing is not possible here (no parcels, a source that is not a GeoPackage and no
    // review database, …); empty when it is.
    const QString& unavailable() const { return unavailable_; }
    // The meshed county's parcel layer on screen; null when there is none, or the review works
    // from a source (review_source).
    const scene::SceneLayer* parcels() const;
    // The parcels reviewed (rows are this table's), or null.
    const geo::FeatureTable* table() const { return table_.get(); }

    // Reviews the parcels of `county` (a source of a county viewed as pictures) from the source,
    // rather than the meshed county's; empty: none. Its parcels are read in the background.
    void review_source(const QString& county);
    // The source reviewed that way; empty when the meshed county is.
    const std::string& source() const { return source_; }
    // Its working CRS and FID column, once its parcels are read (the queue has rows).
    const geo::SourceReview& source_review() const { return source_review_; }

    std::vector<std::size_t> queue(const QueueFilter& filter) const;
    QString parcel_id(std::size_t row) const;
    QString town(std::size_t row) const;
    QString land_use(std::size_t row) const;
    QStringList towns() const;
    QStringList land_uses() const;
    QStringList reviewers() const;
    // The conflict of a parcel ("farmland;redline", …), once the background pass has it.
    std::optional<std::string> conflict(std::size_t row) const;

    // The record as it is in the store now (read again: another reviewer may have saved).
    std::optional<geo::ReviewRecord> fresh_record(std::size_t row);
    // The record as last read (for the queue's status column and filters).
    const geo::ReviewRecord* cached_record(std::size_t row) const;
    // Figures and overlap pieces, by the check's rules (needs the analysis).
    std::optional<geo::ParcelCheck> check(std::size_t row) const;

    struct SaveOutcome {
        bool saved = false;
        geo::ReviewRecord record; // saved, or the other version that refused the save
        QString error;            // the store failed (busy too long, disk, connection)
    };
    SaveOutcome save(std::size_t row, geo::ReviewStatus status, const QString& opinion, const QString& reviewer,
                     std::int64_t shown_version);

    ReviewProgress progress() const;
    // The parcels coloured by review status (the legend lists the statuses); their style
    // before, when `on` is false.
    scene::LayerStyle status_style() const;

signals:
    void records_changed(); // saved here, or read again from the store
    void conflicts_ready(); // the queue can put conflicts first
    void availability_changed();
    void parcels_changed(); // the same rows, their table read again with more fields
    void message(const QString& text, int timeout_ms);

private:
    void county_shown();
    void set_table(std::shared_ptr<const geo::FeatureTable> table);
    void open_store();
    void start_conflicts();
    void start_source_conflicts();
    void stop_background();
    void reload_records();
    QStringList distinct_values(int field) const;

    CountySession& session_;
    QString review_db_;
    QString unavailable_;
    std::unique_ptr<geo::ReviewStore> store_;
    std::map<std::string, geo::ReviewRecord> records_;
    std::shared_ptr<const geo::FeatureTable> table_;
    std::string source_;
    geo::SourceReview source_review_; // source_'s, once its parcels are read
    int id_field_ = -1, town_field_ = -1, land_use_field_ = -1;
    std::shared_ptr<std::atomic<bool>> cancel_reading_;
    struct SourceParcels {
        std::shared_ptr<const geo::FeatureTable> table;
        geo::SourceReview review;
    };
    QFutureWatcher<std::shared_ptr<const SourceParcels>> reading_;

    // "" none, else the conflict; filled by the background pass.
    std::shared_ptr<std::vector<std::string>> conflicts_;
    std::shared_ptr<std::atomic<bool>> cancel_conflicts_;
    QFutureWatcher<std::shared_ptr<std::vector<std::string>>> computing_;
};

} // namespace ui
