#pragma once
// Parcel review (审查) records: per parcel a status, an opinion, who decided and when, and the
// compliance figures at the time of the decision, with an append-only history of every change.
// Kept in tables of their own beside the county's layers (which are never modified): in the
// county's GeoPackage, or in a PostgreSQL/PostGIS database for a team — one schema, one code
// path through GDAL/OGR. A save is one transaction, acknowledged only once committed, and is
// refused when the record changed since the caller read it (optimistic concurrency on a
// version number): never a lost update.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/gdal_ptr.h"

namespace geo {

enum class ReviewStatus { Pending, Approved, Returned, Amend };

// 待审, 通过, 退回, 需补正: what the records and the bureau's sheets say.
const char* status_label(ReviewStatus status);
// pending, approved, returned, amend.
const char* status_name(ReviewStatus status);
// Either form, or nullopt.
std::optional<ReviewStatus> parse_status(std::string_view text);

struct ReviewFigures {
    double area_m2 = 0;
    double farmland_m2 = 0;
    double redline_m2 = 0;
    double outside_ucb_m2 = 0;
    std::string conflict; // "", or ";"-joined farmland, redline, outside_ucb
};

struct ReviewRecord {
    std::string parcel_id;
    ReviewStatus status = ReviewStatus::Pending;
    std::string opinion;
    std::string reviewer;
    std::string reviewed_at;  // ISO 8601, UTC, set by the save
    std::int64_t version = 0; // 0: never saved; each save adds one
    std::optional<ReviewFigures> figures;
};

// One change, as the history keeps it.
struct ReviewChange {
    std::string parcel_id;
    std::int64_t version = 0; // the version this change made
    std::string from_status;  // label; empty for the first decision
    std::string to_status;    // label
    std::string opinion;
    std::string reviewer;
    std::string changed_at;
    std::optional<ReviewFigures> figures;
};

class ReviewStore {
public:
    // `target`: a GeoPackage (the county's own, or one of its own) or a "PG:..." connection
    // string. Opening changes nothing: the tables are made, and a GeoPackage switched to WAL, by
    // the first save. A read-only GeoPackage opens for reading (saves throw). Throws geo::Error
    // naming the target when it cannot be opened.
    explicit ReviewStore(const std::string& target);
    ~ReviewStore();
    ReviewStore(ReviewStore&&) noexcept;
    ReviewStore& operator=(ReviewStore&&) noexcept;

    const std::string& target() const { return target_; }
    bool is_postgres() const { return postgres_; }

    std::optional<ReviewRecord> record(const std::string& parcel_id) const;
    std::vector<ReviewRecord> records() const; // every reviewed parcel, by id
    // Every change to `parcel_id` (all parcels when empty), oldest first.
    std::vector<ReviewChange> history(const std::string& parcel_id = {}) const;

    struct SaveResult {
        bool saved = false;
        // Saved: the record as committed. Refused: the version someone else saved since
        // `expected_version`, to show the user.
        ReviewRecord record;
    };
    // Saves `change` (parcel_id, status, opinion, reviewer, figures) over the version the
    // caller read (`expected_version`, 0 for a parcel never reviewed). One transaction; a busy
    // database is retried for up to `busy_timeout_ms`, then geo::Error. Returns only after the
    // commit, or with the other version when the record changed meanwhile.
    SaveResult save(const ReviewRecord& change, std::int64_t expected_version, int busy_timeout_ms = 30000);

    // SQLite's PRAGMA integrity_check ("ok" when sound); "ok" for PostgreSQL.
    std::string integrity_check() const;

private:
    void prepare_for_writing();
    void ensure_schema();
    // Runs one SQL statement, calling `on_row` for each row it returns. Throws geo::Error with
    // GDAL's message when it fails (a busy database as a retryable kind); with
    // `missing_table_is_empty`, a review table not made yet reads as no rows.
    void query(const std::string& sql, const std::function<void(OGRFeature&)>& on_row,
               bool missing_table_is_empty = true) const;
    void execute(const std::string& sql) const; // query() of a statement without rows

    std::vector<ReviewRecord> select_records(const std::string& where, bool for_update = false) const;

    std::string target_;
    bool postgres_ = false;
    bool read_only_ = false;
    bool prepared_ = false;
    DatasetPtr dataset_;
};

// The compliance figures of one parcel of `county` now (the check's rules, reading only the
// overlay features near it): what a decision records. Throws geo::Error naming the county when
// the parcel is not there or the county has no farmland, red line or boundary layer.
ReviewFigures review_figures(const std::string& county, const std::string& parcel_id);

} // namespace geo
