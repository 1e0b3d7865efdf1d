#include "review_controller.h"

#include <QSet>
#include <QtConcurrent>
#include <algorithm>

#include "background_priority.h"
#include "county_scene.h"
#include "county_session.h"
#include "geo/city_check.h"
#include "geo/feature_table.h"
#include "geo/parallel.h"
#include "geo/roles.h"

namespace ui {
namespace {

int field_of(const geo::FeatureTable& table, geo::FieldRole role)
{
    const auto match = geo::find_field(table.field_names(), role);
    if (!match)
        return -1;
    const auto index = table.field_index(match->name);
    return index ? static_cast<int>(*index) : -1;
}

QString text_of(const geo::FeatureTable& table, int field, std::size_t row)
{
    if (field < 0 || row >= table.size() || table.is_null(row, static_cast<std::size_t>(field)))
        return {};
    const std::string_view v = table.value(row, static_cast<std::size_t>(field));
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

} // namespace

ReviewController::ReviewController(CountySession& session, QObject* parent) : QObject(parent), session_(session)
{
    connect(&session_, &CountySession::shown, this, &ReviewController::county_shown);
    connect(&session_, &CountySession::analysed, this, &ReviewController::start_conflicts);
    connect(&computing_, &QFutureWatcher<std::shared_ptr<std::vector<std::string>>>::finished, this, [this] {
        if (auto result = computing_.result(); result && table_ && result->size() == table_->size()) {
            conflicts_ = result;
            emit conflicts_ready();
        }
    });
    connect(&reading_, &QFutureWatcher<std::shared_ptr<const SourceParcels>>::finished, this, [this] {
        const auto read = reading_.result();
        if (!read) // stopped, or it failed and said why
            return;
        source_review_ = read->review;
        set_table(read->table);
        open_store();
        start_source_conflicts();
    });
}

ReviewController::~ReviewController()
{
    stop_background();
}

void ReviewController::stop_background()
{
    if (cancel_conflicts_)
        *cancel_conflicts_ = true;
    if (cancel_reading_)
        *cancel_reading_ = true;
    computing_.waitForFinished();
    reading_.waitForFinished();
}

const scene::SceneLayer* ReviewController::parcels() const
{
    auto* scene = session_.scene();
    return scene != nullptr && source_.empty() ? scene->layer_playing("parcels") : nullptr;
}

void ReviewController::set_review_db(const QString& target)
{
    review_db_ = target;
    if (table_)
        open_store(); // the same county: its conflicts stay
}

void ReviewController::set_table(std::shared_ptr<const geo::FeatureTable> table)
{
    table_ = std::move(table);
    id_field_ = table_ ? field_of(*table_, geo::FieldRole::ParcelId) : -1;
    town_field_ = table_ ? field_of(*table_, geo::FieldRole::Town) : -1;
    land_use_field_ = table_ ? field_of(*table_, geo::FieldRole::LandUseCode) : -1;
}

void ReviewController::county_shown()
{
    stop_background();
    conflicts_.reset();
    source_.clear();
    const auto* layer = parcels();
    set_table(layer ? layer->table : nullptr);
    open_store();
}

void ReviewController::review_source(const QString& county)
{
    stop_background();
    conflicts_.reset();
    set_table(nullptr);
    store_.reset();
    records_.clear();
    source_ = county.toStdString();
    unavailable_.clear();
    if (source_.empty()) { // another county is on its way
        emit availability_changed();
        emit records_changed();
        return;
    }
    unavailable_ = tr("Reading the parcels of %1...").arg(QString::fromStdString(geo::county_name(source_)));
    emit availability_changed();
    emit records_changed();
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    cancel_reading_ = cancel;
    reading_.setFuture(QtConcurrent::run([this, cancel, county = source_]() -> std::shared_ptr<const SourceParcels> {
        const scene::BackgroundPriority below_the_pictures(scene::kIdleNice);
        try {
            auto table = std::make_shared<const geo::FeatureTable>(geo::load_review_parcels(county, cancel.get()));
            return std::make_shared<const SourceParcels>(SourceParcels{std::move(table), geo::source_review(county)});
        } catch (const std::exception& e) {
            if (!cancel->load())
                QMetaObject::invokeMethod(
                    this,
                    [this, why = QString::fromUtf8(e.what())] {
                        unavailable_ = tr("No review here: %1").arg(why);
                        emit availability_changed();
                    },
                    Qt::QueuedConnection);
            return nullptr;
        }
    }));
}

void ReviewController::open_store()
{
    store_.reset();
    records_.clear();
    unavailable_.clear();
    if (!table_) {
        unavailable_ = tr("This county has no parcel layer to review");
    } else if (id_field_ < 0) {
        unavailable_ = tr("The parcels have no parcel id field (parcel_id, DKBH, …)");
    } else {
        const std::string target =
            !review_db_.isEmpty() ? review_db_.toStdString() : (source_.empty() ? session_.primary_path() : source_);
        try {
            store_ = std::make_unique<geo::ReviewStore>(target);
            reload_records();
        } catch (const std::exception& e) {
            unavailable_ = tr("Reviews cannot be kept here: %1. Open a GeoPackage, or name a review database in "
                              "the project.")
                               .arg(QString::fromUtf8(e.what()));
        }
    }
    emit availability_changed();
    emit records_changed();
}

void ReviewController::reload_records()
{
    if (!store_)
        return;
    records_.clear();
    for (auto& record : store_->records())
        records_.emplace(record.parcel_id, std::move(record));
}

void ReviewController::start_conflicts()
{
    const auto* layer = parcels();
    // The meshed county's complete table (every attribute) has taken the place of the one drawn
    // from: the rows are the same, the fields maybe more.
    if (layer != nullptr && layer->table != table_) {
        set_table(layer->table);
        if (store_)
            emit parcels_changed();
        else
            open_store(); // its id field may have come with the other fields
    }
    const auto* analysis = session_.analysis();
    if (layer == nullptr || analysis == nullptr || !analysis->overlays)
        return;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    cancel_conflicts_ = cancel;
    // Holds what it reads (the county's data), whatever the user opens meanwhile.
    computing_.setFuture(QtConcurrent::run([cancel, data = session_.data(), table = layer->table] {
        auto conflicts = std::make_shared<std::vector<std::string>>(table->size());
        const auto& overlays = *data->analysis->overlays;
        geo::parallel_for(table->size(), scene::CountyAnalysis::kBackgroundWorkers, [&](int worker, std::size_t row) {
            if (cancel->load() || table->geometry(row) == nullptr)
                return;
            geo::ParcelCheck parcel;
            try {
                check_parcel(parcel, geo::clone(*table->geometry(row)), overlays, geo::CheckOptions{}, worker + 1);
                (*conflicts)[row] = parcel.conflict;
            } catch (const std::exception&) {
                (*conflicts)[row] = "?"; // said when the parcel is shown
            }
        });
        return cancel->load() ? nullptr : conflicts;
    }));
}

// A county reviewed from its source: every parcel checked as `planview check` checks it (here,
// streamed from PostGIS when the county is there: review_source.h), its conflict put in its row.
void ReviewController::start_source_conflicts()
{
    if (!table_ || source_.empty())
        return;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    cancel_conflicts_ = cancel;
    computing_.setFuture(QtConcurrent::run([this, cancel, table = table_, review = source_review_] {
        const scene::BackgroundPriority below_the_pictures(scene::kIdleNice);
        std::unordered_map<std::int64_t, std::size_t> row_of_fid;
        for (std::size_t row = 0; row < table->size(); ++row)
            row_of_fid.emplace(table->fid(row), row);
        auto conflicts = std::make_shared<std::vector<std::string>>(table->size());
        try {
            geo::check_every_parcel(
                review,
                [&](std::vector<geo::ParcelCheck>& batch) {
                    for (const auto& parcel : batch)
                        if (const auto it = row_of_fid.find(parcel.fid); it != row_of_fid.end())
                            (*conflicts)[it->second] = parcel.conflict;
                },
                cancel.get());
        } catch (const std::exception& e) {
            if (!cancel->load())
                QMetaObject::invokeMethod(
                    this,
                    [this, why = QString::fromUtf8(e.what())] {
                        emit message(tr("The parcels' conflicts could not be computed: %1").arg(why), 8000);
                    },
                    Qt::QueuedConnection);
            return std::shared_ptr<std::vector<std::string>>();
        }
        return cancel->load() ? nullptr : conflicts;
    }));
}

std::vector<std::size_t> ReviewController::queue(const QueueFilter& filter) const
{
    std::vector<std::size_t> rows;
    if (!table_ || !store_)
        return rows;
    const geo::FeatureTable& table = *table_;
    const std::string town_wanted = filter.town.toStdString(), use_wanted = filter.land_use.toStdString();
    const std::string reviewer_wanted = filter.reviewer.toStdString();
    rows.reserve(table.size());
    for (std::size_t row = 0; row < table.size(); ++row) {
        if (!town_wanted.empty() &&
            (town_field_ < 0 || table.value(row, static_cast<std::size_t>(town_field_)) != town_wanted))
            continue;
        if (!use_wanted.empty() &&
            (land_use_field_ < 0 || table.value(row, static_cast<std::size_t>(land_use_field_)) != use_wanted))
            continue;
        if (filter.status || !reviewer_wanted.empty() || filter.unreviewed_only) {
            const auto it = records_.find(std::string(table.value(row, static_cast<std::size_t>(id_field_))));
            const geo::ReviewRecord* record = it == records_.end() ? nullptr : &it->second;
            if (filter.unreviewed_only && record != nullptr)
                continue;
            // A parcel never reviewed is pending.
            if (filter.status && (record ? record->status : geo::ReviewStatus::Pending) != *filter.status)
                continue;
            if (!reviewer_wanted.empty() && (record == nullptr || record->reviewer != reviewer_wanted))
                continue;
        }
        rows.push_back(row);
    }
    if (filter.conflicts_first && conflicts_)
        std::stable_partition(rows.begin(), rows.end(), [&](std::size_t row) { return !(*conflicts_)[row].empty(); });
    return rows;
}

QString ReviewController::parcel_id(std::size_t row) const
{
    return table_ ? text_of(*table_, id_field_, row) : QString();
}

QString ReviewController::town(std::size_t row) const
{
    return table_ ? text_of(*table_, town_field_, row) : QString();
}

QString ReviewController::land_use(std::size_t row) const
{
    return table_ ? text_of(*table_, land_use_field_, row) : QString();
}

QStringList ReviewController::distinct_values(int field) const
{
    QSet<QString> seen;
    for (std::size_t row = 0; table_ && field >= 0 && row < table_->size(); ++row)
        seen.insert(text_of(*table_, field, row));
    QStringList list(seen.begin(), seen.end());
    list.removeAll(QString());
    list.sort();
    return list;
}

QStringList ReviewController::towns() const
{
    return distinct_values(town_field_);
}

QStringList ReviewController::land_uses() const
{
    return distinct_values(land_use_field_);
}

QStringList ReviewController::reviewers() const
{
    QSet<QString> seen;
    for (const auto& [id, record] : records_)
        seen.insert(QString::fromStdString(record.reviewer));
    QStringList list(seen.begin(), seen.end());
    list.sort();
    return list;
}

std::optional<std::string> ReviewController::conflict(std::size_t row) const
{
    if (!conflicts_ || row >= conflicts_->size())
        return std::nullopt;
    return (*conflicts_)[row];
}

std::optional<geo::ReviewRecord> ReviewController::fresh_record(std::size_t row)
{
    if (!store_)
        return std::nullopt;
    const std::string id = parcel_id(row).toStdString();
    try {
        auto record = store_->record(id);
        if (record)
            records_[id] = *record;
        else
            records_.erase(id);
        return record;
    } catch (const std::exception& e) {
        emit message(
            tr("Cannot read the review of %1: %2").arg(QString::fromStdString(id), QString::fromUtf8(e.what())), 8000);
        const auto it = records_.find(id);
        return it == records_.end() ? std::nullopt : std::optional<geo::ReviewRecord>(it->second);
    }
}

const geo::ReviewRecord* ReviewController::cached_record(std::size_t row) const
{
    const auto it = records_.find(parcel_id(row).toStdString());
    return it == records_.end() ? nullptr : &it->second;
}

std::optional<geo::ParcelCheck> ReviewController::check(std::size_t row) const
{
    if (!table_ || row >= table_->size())
        return std::nullopt;
    if (!source_.empty()) // milliseconds: the overlays near the parcel, read from the source
        return geo::check_source_parcel(source_review_, table_->fid(row));
    const auto* analysis = session_.analysis();
    if (analysis == nullptr || !analysis->overlays || table_->geometry(row) == nullptr)
        return std::nullopt;
    geo::CheckOptions options;
    options.keep_geometry = true; // the overlap pieces, to outline on the map
    geo::ParcelCheck parcel;
    parcel.parcel_id = parcel_id(row).toStdString();
    check_parcel(parcel, geo::clone(*table_->geometry(row)), *analysis->overlays, options, 0);
    return parcel;
}

ReviewController::SaveOutcome ReviewController::save(std::size_t row, geo::ReviewStatus status, const QString& opinion,
                                                     const QString& reviewer, std::int64_t shown_version)
{
    SaveOutcome outcome;
    if (!store_) {
        outcome.error = unavailable_;
        return outcome;
    }
    geo::ReviewRecord change;
    change.parcel_id = parcel_id(row).toStdString();
    change.status = status;
    change.opinion = opinion.toStdString();
    change.reviewer = reviewer.toStdString();
    try {
        if (auto parcel = check(row))
            change.figures = geo::ReviewFigures{parcel->area_m2, parcel->farmland_m2, parcel->redline_m2,
                                                parcel->outside_ucb_m2, parcel->conflict};
        else // the county is still being analysed: its figures from the file, as the command line has them
            change.figures = geo::review_figures(source_.empty() ? session_.primary_path() : source_, change.parcel_id);
        const auto result = store_->save(change, shown_version);
        outcome.saved = result.saved;
        outcome.record = result.record;
        records_[change.parcel_id] = result.record; // ours, or the newer one that refused it
    } catch (const std::exception& e) {
        outcome.error = QString::fromUtf8(e.what());
    }
    emit records_changed();
    return outcome;
}

ReviewProgress ReviewController::progress() const
{
    ReviewProgress p;
    if (!table_ || !store_)
        return p;
    p.parcels = table_->size();
    p.conflicts_known = conflicts_ != nullptr;
    for (std::size_t row = 0; row < p.parcels; ++row) {
        const auto it = records_.find(std::string(table_->value(row, static_cast<std::size_t>(id_field_))));
        const bool decided = it != records_.end() && it->second.status != geo::ReviewStatus::Pending;
        p.reviewed += it != records_.end() ? 1 : 0;
        if (conflicts_ && !(*conflicts_)[row].empty()) {
            ++p.conflicts;
            p.conflicts_left += decided ? 0 : 1;
        }
    }
    return p;
}

scene::LayerStyle ReviewController::status_style() const
{
    const auto* layer = parcels();
    scene::LayerStyle style = layer ? layer->style : scene::LayerStyle{};
    style.kind = scene::StyleKind::Categorised;
    style.field.clear();
    style.fill = {0.75F, 0.75F, 0.75F, 0.55F}; // not reviewed
    style.classes.clear();
    const std::array<std::pair<geo::ReviewStatus, scene::Rgba>, 4> colours{{
        {geo::ReviewStatus::Pending, {0.98F, 0.75F, 0.15F, 0.8F}},
        {geo::ReviewStatus::Approved, {0.15F, 0.70F, 0.30F, 0.8F}},
        {geo::ReviewStatus::Returned, {0.85F, 0.15F, 0.15F, 0.8F}},
        {geo::ReviewStatus::Amend, {0.25F, 0.40F, 0.90F, 0.8F}},
    }};
    for (const auto& [status, colour] : colours)
        style.classes.push_back({geo::status_name(status), geo::status_label(status), colour});
    if (layer == nullptr)
        return style;
    auto row_class = std::make_shared<std::vector<std::uint8_t>>(layer->table->size(), scene::LayerStyle::kNoClass);
    for (std::size_t row = 0; id_field_ >= 0 && row < row_class->size(); ++row) {
        const auto it = records_.find(std::string(layer->table->value(row, static_cast<std::size_t>(id_field_))));
        if (it != records_.end())
            (*row_class)[row] = static_cast<std::uint8_t>(it->second.status);
    }
    style.row_class = row_class;
    return style;
}

} // namespace ui
