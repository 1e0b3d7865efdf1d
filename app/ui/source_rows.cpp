#include "source_rows.h"

#include <algorithm>
#include <memory>
#include <queue>
#include <unordered_set>

#include "geo/error.h"
#include "geo/gdal_ptr.h"
#include "geo/ignored_fields.h"
#include "geo/sql.h"
#include "geo/vector_source.h"

namespace ui {
namespace {

constexpr SourceRow kFidLimit = SourceRow{1} << 48;
// A query's result up to this size is read by its ids (fid IN (...), well under SQLite's 1 MB
// statement); a larger one is picked out of all the rows read in order.
constexpr std::size_t kMostListed = 50000;

// Thrown out of a read a newer request has made pointless.
struct Stale {};

// Every so many rows a read asks whether it is still wanted.
constexpr std::size_t kRowsBetweenChecks = 65536;

void stop_if_stale(const RowsRequest& request, std::size_t rows)
{
    if (rows % kRowsBetweenChecks == 0 && request.latest && request.latest->load() != request.request)
        throw Stale();
}

[[noreturn]] void refuse_where()
{
    throw geo::Error(geo::last_gdal_error("GDAL cannot evaluate this WHERE"));
}

// Sources whose driver hands SQL to a database of its own, which sorts and filters by index.
bool has_own_sql(const geo::VectorSource& source)
{
    const std::string driver = source.driver_name();
    return driver == "GPKG" || driver == "SQLite" || driver == "PostgreSQL";
}

// A field's value as the sort compares it: nulls first, numbers as numbers, text byte by byte
// (SQLite's BINARY collation, PostgreSQL's "C").
struct SortKey {
    bool null = true;
    double number = 0;
    std::string text;
};

bool before(const SortKey& a, const SortKey& b, bool numeric)
{
    if (a.null != b.null)
        return a.null;
    if (a.null)
        return false;
    return numeric ? a.number < b.number : a.text < b.text;
}

bool is_numeric(OGRFieldType type)
{
    return type == OFTInteger || type == OFTInteger64 || type == OFTReal;
}

// The rows of one source, those the request keeps, read one at a time: in the order of the
// sort field as the source's database sorts them (ORDER BY), else in the source's own order.
class SourceCursor {
public:
    // `fids`: only these features of the source (a query's result), else every one the WHERE keeps.
    SourceCursor(const std::string& path, std::size_t index, const RowsRequest& request,
                 const std::vector<GIntBig>* fids)
        : source_(geo::VectorSource::open(path)), index_(index)
    {
        OGRLayer& layer = source_.layer(request.layer);
        const OGRFeatureDefn& definition = *layer.GetLayerDefn();
        const int field = request.sort_field.empty() ? -1 : definition.GetFieldIndex(request.sort_field.c_str());
        // Read by GDAL when there is nothing to sort by and no database to ask, or when this
        // county lacks the field (its rows then sort as nulls, in its order).
        if (field < 0 && (!has_own_sql(source_) || !request.sort_field.empty())) {
            read_in_order(layer, request.where, fids);
            return;
        }
        if (field >= 0)
            numeric_ = is_numeric(definition.GetFieldDefn(field)->GetType());
        execute(statement(layer, request, field >= 0, fids));
    }
    ~SourceCursor()
    {
        if (result_ != nullptr)
            source_.dataset().ReleaseResultSet(result_);
    }
    SourceCursor(const SourceCursor&) = delete;
    SourceCursor& operator=(const SourceCursor&) = delete;

    // The next row and its key; false at the end.
    bool next()
    {
        if (result_ == nullptr) {
            if (next_read_ == read_.size())
                return false;
            row_ = read_[next_read_++];
            return true;
        }
        const CPLErrorHandlerPusher quiet(CPLQuietErrorHandler);
        const geo::FeaturePtr feature{result_->GetNextFeature()};
        if (!feature) {
            if (CPLGetLastErrorType() == CE_Failure)
                refuse_where();
            return false;
        }
        row_ = source_row(index_, fid_field_ >= 0 ? feature->GetFieldAsInteger64(fid_field_) : feature->GetFID());
        key_.null = key_field_ < 0 || !feature->IsFieldSetAndNotNull(key_field_);
        if (!key_.null && numeric_)
            key_.number = feature->GetFieldAsDouble(key_field_);
        else if (!key_.null)
            key_.text = feature->GetFieldAsString(key_field_);
        return true;
    }
    SourceRow row() const { return row_; }
    const SortKey& key() const { return key_; }
    bool numeric() const { return numeric_; }

private:
    // The features the WHERE keeps, read with every field and the geometry ignored.
    void read_in_order(OGRLayer& layer, const std::string& where, const std::vector<GIntBig>* fids)
    {
        geo::IgnoredFields ignored(layer);
        ignored.add("OGR_GEOMETRY");
        ignored.keep_only({});
        ignored.apply();
        CPLErrorReset();
        if (!where.empty() && layer.SetAttributeFilter(where.c_str()) != OGRERR_NONE)
            refuse_where();
        const std::unordered_set<GIntBig> kept =
            fids ? std::unordered_set<GIntBig>(fids->begin(), fids->end()) : std::unordered_set<GIntBig>();
        layer.ResetReading();
        while (const geo::FeaturePtr feature{layer.GetNextFeature()})
            if (!fids || kept.contains(feature->GetFID()))
                read_.push_back(source_row(index_, feature->GetFID()));
        // A GeoPackage hands the WHERE to SQLite, which refuses it only once read.
        if (CPLGetLastErrorType() == CE_Failure)
            refuse_where();
        layer.SetAttributeFilter(nullptr);
    }

    // SELECT fid [, field] FROM layer [WHERE ...] ORDER BY field, fid: SQLite's or PostgreSQL's
    // own SQL, else GDAL's OGR SQL.
    std::string statement(OGRLayer& layer, const RowsRequest& request, bool keyed, const std::vector<GIntBig>* fids)
    {
        const bool postgres = source_.driver_name() == "PostgreSQL";
        const bool own_sql = has_own_sql(source_);
        const std::string fid_column = layer.GetFIDColumn();
        const std::string fid = fid_column.empty() ? std::string("FID") : geo::sql_identifier(fid_column);
        const std::string column = geo::sql_identifier(request.sort_field);
        std::string conditions = request.where.empty() ? "" : "(" + request.where + ")";
        if (fids != nullptr) {
            std::string list;
            for (const GIntBig id : *fids) {
                if (!list.empty())
                    list += ',';
                list += std::to_string(id);
            }
            conditions += (conditions.empty() ? "" : " AND ") + fid + " IN (" + list + ")";
        }
        std::string order = fid;
        if (keyed) {
            order = column;
            if (postgres) // as SQLite orders: bytes, nulls lowest
                order += std::string(numeric_ ? "" : " COLLATE \"C\"") +
                         (request.descending ? " DESC NULLS LAST" : " ASC NULLS FIRST");
            else
                order += request.descending ? " DESC" : " ASC";
            if (own_sql) // ties in one order whatever the database
                order += ", " + fid;
        }
        return "SELECT " + fid + " AS pv_fid" + (keyed ? ", " + column + " AS pv_key" : std::string()) + " FROM " +
               (postgres ? geo::postgresql_table(layer.GetName()) : geo::sql_identifier(layer.GetName())) +
               (conditions.empty() ? "" : " WHERE " + conditions) + " ORDER BY " + order;
    }

    void execute(const std::string& sql)
    {
        const CPLErrorHandlerPusher quiet(CPLQuietErrorHandler);
        CPLErrorReset();
        result_ = source_.dataset().ExecuteSQL(sql.c_str(), nullptr, nullptr);
        if (result_ == nullptr)
            refuse_where();
        const OGRFeatureDefn& columns = *result_->GetLayerDefn();
        fid_field_ = columns.GetFieldIndex("pv_fid"); // -1: the driver took it for the result's FID
        key_field_ = columns.GetFieldIndex("pv_key");
    }

    geo::VectorSource source_;
    std::size_t index_;
    OGRLayer* result_ = nullptr;
    int fid_field_ = -1, key_field_ = -1;
    bool numeric_ = false;
    std::vector<SourceRow> read_; // read by GDAL, not by a statement
    std::size_t next_read_ = 0;
    SourceRow row_ = 0;
    SortKey key_;
};

// The cursors of every source (of those holding a row of `only`, when given).
std::vector<std::unique_ptr<SourceCursor>> cursors(const RowsRequest& request)
{
    std::vector<std::vector<GIntBig>> listed(request.paths.size());
    const bool by_list = request.only && request.only->size() <= kMostListed;
    if (by_list)
        for (const SourceRow row : *request.only)
            listed[source_of(row)].push_back(fid_of(row));
    std::vector<std::unique_ptr<SourceCursor>> all;
    for (std::size_t i = 0; i < request.paths.size(); ++i)
        if (!by_list || !listed[i].empty())
            all.push_back(std::make_unique<SourceCursor>(request.paths[i], i, request, by_list ? &listed[i] : nullptr));
    return all;
}

// Every source's rows merged into the order of the sort field (ties: the earlier source first).
std::vector<SourceRow> merged_rows(const RowsRequest& request)
{
    std::vector<std::unique_ptr<SourceCursor>> sources = cursors(request);
    const bool numeric = std::any_of(sources.begin(), sources.end(), [](const auto& s) { return s->numeric(); });
    // The queue's top is the source whose current row comes next.
    auto later = [&](std::size_t a, std::size_t b) {
        const SortKey& ka = sources[a]->key();
        const SortKey& kb = sources[b]->key();
        const bool a_first = request.descending ? before(kb, ka, numeric) : before(ka, kb, numeric);
        const bool b_first = request.descending ? before(ka, kb, numeric) : before(kb, ka, numeric);
        return a_first == b_first ? a > b : b_first;
    };
    std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> next(later);
    for (std::size_t i = 0; i < sources.size(); ++i)
        if (sources[i]->next())
            next.push(i);
    std::vector<SourceRow> rows;
    while (!next.empty()) {
        stop_if_stale(request, rows.size());
        const std::size_t i = next.top();
        next.pop();
        rows.push_back(sources[i]->row());
        if (sources[i]->next())
            next.push(i);
    }
    return rows;
}

// Every source's rows, one source after the other.
std::vector<SourceRow> rows_in_source_order(const RowsRequest& request)
{
    if (request.only)
        return *request.only;
    std::vector<SourceRow> rows;
    for (const auto& source : cursors(request))
        while (source->next()) {
            stop_if_stale(request, rows.size());
            rows.push_back(source->row());
        }
    return rows;
}

} // namespace

SourceRow source_row(std::size_t source, GIntBig fid)
{
    if (fid < 0 || static_cast<SourceRow>(fid) >= kFidLimit || source >= (SourceRow{1} << 16))
        throw geo::Error("feature id " + std::to_string(fid) + " is beyond what the attribute table can show");
    return (static_cast<SourceRow>(source) << 48) | static_cast<SourceRow>(fid);
}

Rows read_rows(const RowsRequest& request)
{
    Rows answer;
    answer.request = request.request;
    try {
        if (request.by_source) {
            answer.rows = rows_in_source_order(request);
            std::stable_sort(answer.rows.begin(), answer.rows.end(), [&](SourceRow a, SourceRow b) {
                const std::string& na = request.source_names[source_of(a)];
                const std::string& nb = request.source_names[source_of(b)];
                return request.descending ? nb < na : na < nb;
            });
        } else if (request.sort_field.empty()) {
            answer.rows = rows_in_source_order(request);
        } else {
            answer.rows = merged_rows(request);
            if (request.only && request.only->size() > kMostListed) { // picked out of all the rows
                const std::unordered_set<SourceRow> kept(request.only->begin(), request.only->end());
                std::erase_if(answer.rows, [&](SourceRow row) { return !kept.contains(row); });
            }
        }
    } catch (const Stale&) {
        answer.rows.clear();
        answer.stale = true;
    } catch (const std::exception& e) {
        answer.rows.clear();
        answer.error = QString::fromUtf8(e.what());
    }
    return answer;
}

} // namespace ui
