#include "geo/review.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <thread>

#include <cpl_error.h>
#include <sys/vfs.h>

#include "geo/error.h"
#include "geo/sql.h"

namespace geo {
namespace {

constexpr const char* kRecords = "parcel_review";
constexpr const char* kHistory = "parcel_review_history";

struct StatusText {
    ReviewStatus status;
    const char* label;
    const char* name;
};
constexpr std::array<StatusText, 4> kStatuses{{{ReviewStatus::Pending, "待审", "pending"},
                                               {ReviewStatus::Approved, "通过", "approved"},
                                               {ReviewStatus::Returned, "退回", "returned"},
                                               {ReviewStatus::Amend, "需补正", "amend"}}};

std::string now_utc()
{
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

// SQLite's WAL needs shared memory between the processes, which network file systems do not
// give: a GeoPackage on such a share keeps its rollback journal.
bool on_network_share(const std::string& path)
{
    struct statfs info {};
    if (statfs(path.c_str(), &info) != 0)
        return false;
    constexpr long kNfs = 0x6969, kSmb = 0x517B, kCifs = 0xFF534D42, kSmb2 = 0xFE534D42;
    const long type = static_cast<long>(info.f_type);
    return type == kNfs || type == kSmb || type == kCifs || type == kSmb2;
}

// Whether a failed statement is worth running again: another writer holds the lock, or (for
// PostgreSQL) a concurrent insert of the same parcel or a serialisation conflict.
// The review tables are made by the first save: before it, reading finds nothing.
bool is_missing_table(const std::string& message)
{
    return message.find("no such table") != std::string::npos ||
           (message.find("does not exist") != std::string::npos && message.find("relation") != std::string::npos);
}

bool is_transient(const std::string& message)
{
    for (const char* word : {"locked", "busy", "BUSY", "could not serialize", "deadlock", "duplicate key", "UNIQUE"})
        if (message.find(word) != std::string::npos)
            return true;
    return false;
}

class TransientError : public Error {
public:
    using Error::Error;
};

std::string number(double value)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

std::optional<ReviewFigures> figures_of(OGRFeature& f)
{
    const int area = f.GetFieldIndex("area_m2");
    if (area < 0 || !f.IsFieldSetAndNotNull(area))
        return std::nullopt;
    ReviewFigures figures;
    figures.area_m2 = f.GetFieldAsDouble(area);
    figures.farmland_m2 = f.GetFieldAsDouble("farmland_m2");
    figures.redline_m2 = f.GetFieldAsDouble("redline_m2");
    figures.outside_ucb_m2 = f.GetFieldAsDouble("outside_ucb_m2");
    figures.conflict = f.GetFieldAsString("conflict");
    return figures;
}

// The figure columns' names and, for an INSERT, their values (NULL without figures).
std::string figure_columns()
{
    return "area_m2, farmland_m2, redline_m2, outside_ucb_m2, conflict";
}
std::string figure_values(const std::optional<ReviewFigures>& f)
{
    if (!f)
        return "NULL, NULL, NULL, NULL, NULL";
    return number(f->area_m2) + ", " + number(f->farmland_m2) + ", " + number(f->redline_m2) + ", " +
           number(f->outside_ucb_m2) + ", " + sql_literal(f->conflict);
}

} // namespace

const char* status_label(ReviewStatus status)
{
    for (const auto& s : kStatuses)
        if (s.status == status)
            return s.label;
    return "";
}

const char* status_name(ReviewStatus status)
{
    for (const auto& s : kStatuses)
        if (s.status == status)
            return s.name;
    return "";
}

std::optional<ReviewStatus> parse_status(std::string_view text)
{
    for (const auto& s : kStatuses)
        if (text == s.label || text == s.name)
            return s.status;
    return std::nullopt;
}

ReviewStore::ReviewStore(const std::string& target) : target_(target)
{
    ensure_gdal_registered();
    postgres_ = target.rfind("PG:", 0) == 0;
    const char* drivers[] = {postgres_ ? "PostgreSQL" : "GPKG", nullptr};
    const CPLErrorHandlerPusher quiet(CPLQuietErrorHandler); // said in the exception
    CPLErrorReset();
    dataset_.reset(GDALDataset::Open(target.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr));
    if (!dataset_ && !postgres_) { // a read-only file still shows its reviews
        dataset_.reset(GDALDataset::Open(target.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
        read_only_ = dataset_ != nullptr;
    }
    if (!dataset_)
        throw Error(target + ": " +
                    last_gdal_error(postgres_
                                        ? "cannot connect to the review database"
                                        : "cannot open as a GeoPackage (missing, unreadable or not a GeoPackage)"));
    if (!postgres_) {
        // Per connection, no change to the file: a writer waits for another rather than
        // failing at once, and a commit reaches the disk before it is acknowledged.
        execute("PRAGMA busy_timeout = 5000");
        execute("PRAGMA synchronous = FULL");
    }
}

void ReviewStore::prepare_for_writing()
{
    if (prepared_)
        return;
    if (read_only_)
        throw Error(target_ + ": the file is read-only; reviews cannot be saved in it");
    // Readers never block the writer under WAL. Set at the first save, not on opening: viewing
    // a county changes nothing in its file.
    if (!postgres_) {
        try {
            execute(on_network_share(target_) ? "PRAGMA journal_mode = DELETE" : "PRAGMA journal_mode = WAL");
        } catch (const Error&) {
            // Another process holds the file open in a transaction: the rollback journal it has
            // is as safe (synchronous=FULL), only readers wait on the writer. WAL next time.
        }
    }
    ensure_schema();
    prepared_ = true;
}

ReviewStore::~ReviewStore() = default;
ReviewStore::ReviewStore(ReviewStore&&) noexcept = default;
ReviewStore& ReviewStore::operator=(ReviewStore&&) noexcept = default;

void ReviewStore::query(const std::string& sql, const std::function<void(OGRFeature&)>& on_row,
                        bool missing_table_is_empty) const
{
    const std::string message = run_sql(*dataset_, sql, on_row);
    if (message.empty() || (missing_table_is_empty && is_missing_table(message)))
        return;
    if (is_transient(message))
        throw TransientError(target_ + ": " + message);
    throw Error(target_ + ": " + message);
}

void ReviewStore::execute(const std::string& sql) const
{
    query(sql, {}, false);
}

void ReviewStore::ensure_schema()
{
    auto create = [&](const char* name, bool history) {
        const CPLErrorHandlerPusher quiet(CPLQuietErrorHandler); // a concurrent creator's clash is retried
        if (dataset_->GetLayerByName(name) != nullptr)
            return;
        char* options[] = {const_cast<char*>("DESCRIPTION=PlanView parcel review"), nullptr};
        CPLErrorReset();
        OGRLayer* layer = dataset_->CreateLayer(name, nullptr, wkbNone, postgres_ ? nullptr : options);
        if (layer == nullptr)
            throw Error(last_gdal_error(target_ + ": cannot create the table " + std::string(name)));
        auto field = [&](const char* field_name, OGRFieldType type) {
            OGRFieldDefn defn(field_name, type);
            if (layer->CreateField(&defn) != OGRERR_NONE)
                throw Error(last_gdal_error(target_ + ": cannot create the column " + std::string(field_name)));
        };
        field("parcel_id", OFTString);
        if (history)
            field("from_status", OFTString);
        field(history ? "to_status" : "status", OFTString);
        field("opinion", OFTString);
        field("reviewer", OFTString);
        field(history ? "changed_at" : "reviewed_at", OFTString);
        field("version", OFTInteger64);
        for (const char* figure : {"area_m2", "farmland_m2", "redline_m2", "outside_ucb_m2"})
            field(figure, OFTReal);
        field("conflict", OFTString);
        // One record per parcel, one change per version: a second writer of the same version
        // fails here even if everything above it went wrong.
        execute(history ? "CREATE UNIQUE INDEX IF NOT EXISTS parcel_review_history_version ON " +
                              std::string(kHistory) + " (parcel_id, version)"
                        : "CREATE UNIQUE INDEX IF NOT EXISTS parcel_review_parcel ON " + std::string(kRecords) +
                              " (parcel_id)");
    };
    // Both tables, their columns and indexes in one transaction: a process killed while making
    // them leaves none of it. Two processes may make them at once: the loser finds them made.
    for (int attempt = 0;; ++attempt) {
        bool in_transaction = false;
        try {
            if (dataset_->StartTransaction() != OGRERR_NONE)
                throw Error(target_ + ": " + last_gdal_error("cannot begin a transaction"));
            in_transaction = true;
            create(kRecords, false);
            create(kHistory, true);
            in_transaction = false;
            if (dataset_->CommitTransaction() != OGRERR_NONE)
                throw Error(target_ + ": " + last_gdal_error("cannot commit the review tables"));
            return;
        } catch (const Error&) {
            if (in_transaction)
                dataset_->RollbackTransaction();
            if (attempt >= 20)
                throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            dataset_.reset(GDALDataset::Open(target_.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
            if (!dataset_)
                throw Error(target_ + ": " + last_gdal_error("cannot open again"));
            if (!postgres_) // per connection
                for (const char* pragma : {"PRAGMA busy_timeout = 5000", "PRAGMA synchronous = FULL"})
                    execute(pragma);
        }
    }
}

std::vector<ReviewRecord> ReviewStore::select_records(const std::string& where, bool for_update) const
{
    const std::string sql = "SELECT parcel_id, status, opinion, reviewer, reviewed_at, version, " + figure_columns() +
                            " FROM " + kRecords + (where.empty() ? "" : " WHERE " + where) + " ORDER BY parcel_id" +
                            (for_update && postgres_ ? " FOR UPDATE" : "");
    std::vector<ReviewRecord> records;
    query(sql, [&](OGRFeature& f) {
        ReviewRecord r;
        r.parcel_id = f.GetFieldAsString("parcel_id");
        r.status = parse_status(f.GetFieldAsString("status")).value_or(ReviewStatus::Pending);
        r.opinion = f.GetFieldAsString("opinion");
        r.reviewer = f.GetFieldAsString("reviewer");
        r.reviewed_at = f.GetFieldAsString("reviewed_at");
        r.version = f.GetFieldAsInteger64("version");
        r.figures = figures_of(f);
        records.push_back(std::move(r));
    });
    return records;
}

std::optional<ReviewRecord> ReviewStore::record(const std::string& parcel_id) const
{
    auto found = select_records("parcel_id = " + sql_literal(parcel_id));
    if (found.empty())
        return std::nullopt;
    return std::move(found.front());
}

std::vector<ReviewRecord> ReviewStore::records() const
{
    return select_records({});
}

std::vector<ReviewChange> ReviewStore::history(const std::string& parcel_id) const
{
    const std::string sql = "SELECT parcel_id, version, from_status, to_status, opinion, reviewer, changed_at, " +
                            figure_columns() + " FROM " + kHistory +
                            (parcel_id.empty() ? "" : " WHERE parcel_id = " + sql_literal(parcel_id)) +
                            " ORDER BY changed_at, parcel_id, version";
    std::vector<ReviewChange> changes;
    query(sql, [&](OGRFeature& f) {
        ReviewChange c;
        c.parcel_id = f.GetFieldAsString("parcel_id");
        c.version = f.GetFieldAsInteger64("version");
        c.from_status = f.GetFieldAsString("from_status");
        c.to_status = f.GetFieldAsString("to_status");
        c.opinion = f.GetFieldAsString("opinion");
        c.reviewer = f.GetFieldAsString("reviewer");
        c.changed_at = f.GetFieldAsString("changed_at");
        c.figures = figures_of(f);
        changes.push_back(std::move(c));
    });
    return changes;
}

ReviewStore::SaveResult ReviewStore::save(const ReviewRecord& change, std::int64_t expected_version,
                                          int busy_timeout_ms)
{
    if (change.parcel_id.empty())
        throw Error("a review needs a parcel id");
    prepare_for_writing();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
    for (int attempt = 0;; ++attempt) {
        bool in_transaction = false;
        const CPLErrorHandlerPusher quiet(CPLQuietErrorHandler); // a busy retry is no error to print
        try {
            CPLErrorReset();
            if (dataset_->StartTransaction() != OGRERR_NONE)
                throw TransientError(target_ + ": " + last_gdal_error("cannot begin a transaction"));
            in_transaction = true;
            // Under PostgreSQL the row is locked until the commit (FOR UPDATE); under SQLite the
            // first write takes the database's write lock, and a writer whose snapshot went stale
            // fails and starts again, reading the newer version.
            const auto current = select_records("parcel_id = " + sql_literal(change.parcel_id), true);
            const std::int64_t current_version = current.empty() ? 0 : current.front().version;
            if (current_version != expected_version) {
                dataset_->RollbackTransaction();
                if (!current.empty())
                    return {false, current.front()};
                ReviewRecord never; // the caller expected a version of a parcel never reviewed
                never.parcel_id = change.parcel_id;
                return {false, never};
            }
            ReviewRecord saved = change;
            saved.version = expected_version + 1;
            saved.reviewed_at = now_utc();
            const std::string status = sql_literal(status_label(saved.status));
            if (current.empty())
                execute(std::string("INSERT INTO ") + kRecords +
                        " (parcel_id, status, opinion, reviewer, reviewed_at, version, " + figure_columns() +
                        ") VALUES (" + sql_literal(saved.parcel_id) + ", " + status + ", " +
                        sql_literal(saved.opinion) + ", " + sql_literal(saved.reviewer) + ", " +
                        sql_literal(saved.reviewed_at) + ", 1, " + figure_values(saved.figures) + ")");
            else
                execute(std::string("UPDATE ") + kRecords + " SET status = " + status +
                        ", opinion = " + sql_literal(saved.opinion) + ", reviewer = " + sql_literal(saved.reviewer) +
                        ", reviewed_at = " + sql_literal(saved.reviewed_at) +
                        ", version = " + std::to_string(saved.version) +
                        (saved.figures ? ", area_m2 = " + number(saved.figures->area_m2) +
                                             ", farmland_m2 = " + number(saved.figures->farmland_m2) +
                                             ", redline_m2 = " + number(saved.figures->redline_m2) +
                                             ", outside_ucb_m2 = " + number(saved.figures->outside_ucb_m2) +
                                             ", conflict = " + sql_literal(saved.figures->conflict)
                                       : std::string()) +
                        " WHERE parcel_id = " + sql_literal(saved.parcel_id) +
                        " AND version = " + std::to_string(expected_version));
            if (!saved.figures && !current.empty())
                saved.figures = current.front().figures; // kept from the earlier decision
            execute(std::string("INSERT INTO ") + kHistory +
                    " (parcel_id, version, from_status, to_status, opinion, reviewer, changed_at, " + figure_columns() +
                    ") VALUES (" + sql_literal(saved.parcel_id) + ", " + std::to_string(saved.version) + ", " +
                    (current.empty() ? std::string("NULL") : sql_literal(status_label(current.front().status))) + ", " +
                    status + ", " + sql_literal(saved.opinion) + ", " + sql_literal(saved.reviewer) + ", " +
                    sql_literal(saved.reviewed_at) + ", " + figure_values(saved.figures) + ")");
            CPLErrorReset();
            if (dataset_->CommitTransaction() != OGRERR_NONE) {
                in_transaction = false; // a failed COMMIT ends the transaction in both engines
                const std::string message = CPLGetLastErrorMsg();
                if (is_transient(message))
                    throw TransientError(target_ + ": " + message);
                throw Error(target_ + ": the save was not committed: " + message);
            }
            return {true, saved};
        } catch (const TransientError& busy) {
            if (in_transaction)
                dataset_->RollbackTransaction();
            if (std::chrono::steady_clock::now() >= deadline)
                throw Error(target_ + ": the database stayed busy for " + std::to_string(busy_timeout_ms / 1000) +
                            " s; nothing was saved (" + busy.what() + ")");
            // Back off a little, differently for each writer, then read and try again.
            std::this_thread::sleep_for(std::chrono::milliseconds(5 + (attempt * 7 + std::rand() % 20) % 50));
        } catch (...) {
            if (in_transaction)
                dataset_->RollbackTransaction();
            throw;
        }
    }
}

std::string ReviewStore::integrity_check() const
{
    if (postgres_)
        return "ok";
    CPLErrorReset();
    OGRLayer* result = dataset_->ExecuteSQL("PRAGMA integrity_check", nullptr, nullptr);
    std::string answer = "no answer";
    if (result != nullptr) {
        answer.clear();
        for (FeaturePtr f(result->GetNextFeature()); f; f.reset(result->GetNextFeature()))
            answer += (answer.empty() ? "" : "; ") + std::string(f->GetFieldAsString(0));
        dataset_->ReleaseResultSet(result);
    }
    return answer;
}

} // namespace geo
