#include "geo/ledger.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string_view>

#include <cpl_json.h>

#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/staging.h"
#include "geo/text_values.h"
#include "geo/units.h"
#include "geo/vector_source.h"

namespace geo {
namespace {

// Rows of `table` whose features match `where` on the source layer (GDAL's OGR SQL), asked of
// GDAL once per filter (the FIDs kept in `layer.matched`).
std::vector<char> rows_matching(Ledger::Layer& layer, const std::string& where, const Target& target,
                                const std::string& targets_path)
{
    const FeatureTable& table = *layer.table;
    std::vector<char> matched(table.size(), where.empty() ? 1 : 0);
    if (where.empty())
        return matched;
    auto known = layer.matched.find(where);
    if (known == layer.matched.end()) {
        VectorSource source = VectorSource::open(layer.source_path);
        try {
            known = layer.matched.emplace(where, fids_matching(source.layer(layer.source_layer), where)).first;
        } catch (const Error& error) {
            throw Error(targets_path + ":" + std::to_string(target.line) + ": target '" + target.name +
                        "': " + error.what());
        }
    }
    for (std::size_t row : table.rows_of(known->second))
        matched[row] = 1;
    return matched;
}

std::string id_of(const FeatureTable& table, std::size_t row)
{
    for (const char* field : {"parcel_id", "name", "id"})
        if (auto index = table.field_index(field))
            return std::string(table.value(row, *index));
    return std::to_string(table.fid(row));
}

} // namespace

// A row's area the table cannot tell: its geometry was not kept (Layer::read_geometry).
constexpr double kAreaNotRead = -1;

struct Ledger::Evaluated {
    std::vector<char> in_filter;
    std::vector<char> in_part;
    std::vector<double> area_mu; // per row, for area measures; kAreaNotRead
};

std::string today()
{
    return format_date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

const char* status_name(TargetStatus status)
{
    switch (status) {
    case TargetStatus::Met:
        return "met";
    case TargetStatus::OnTrack:
        return "on track";
    case TargetStatus::Behind:
        return "behind";
    }
    return "?";
}

std::string format_figure(double value, const char* unit)
{
    const std::string_view u(unit);
    if (u == "%")
        return format_fixed(value * 100, 1) + "%";
    if (u == "个")
        return format_fixed(value, 0);
    return format_fixed(value, 2) + " " + unit;
}

std::string scenario_path(const std::string& county_path, const std::string& name)
{
    if (!is_safe_file_stem(name))
        throw Error("scenario name '" + name +
                    "' cannot be a file name (no '/', '\\', leading '.', control characters; at most 120 bytes)");
    const std::filesystem::path county(county_path);
    return (county.parent_path() / (county.stem().string() + ".scenarios") / (name + ".json")).string();
}

Scenario load_scenario(const std::string& path)
{
    CPLJSONDocument document;
    if (!std::filesystem::exists(path))
        throw file_error(path, "no such scenario");
    if (!document.Load(path))
        throw file_error(path, "not a valid scenario file (" + last_gdal_error("JSON syntax error") + ")");
    const CPLJSONObject root = document.GetRoot();
    Scenario scenario;
    scenario.name = root.GetString("name");
    scenario.layer = root.GetString("layer", "parcels");
    scenario.id_field = root.GetString("id_field", "parcel_id");
    for (const auto& id : root.GetArray("added"))
        scenario.added.insert(id.ToString());
    for (const auto& id : root.GetArray("dropped"))
        scenario.dropped.insert(id.ToString());
    if (scenario.name.empty())
        throw file_error(path, "the scenario has no name");
    return scenario;
}

void save_scenario(const Scenario& scenario, const std::string& path)
{
    CPLJSONObject root;
    root.Add("name", scenario.name);
    root.Add("layer", scenario.layer);
    root.Add("id_field", scenario.id_field);
    CPLJSONArray added, dropped;
    for (const auto& id : scenario.added)
        added.Add(id);
    for (const auto& id : scenario.dropped)
        dropped.Add(id);
    root.Add("added", added);
    root.Add("dropped", dropped);
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    CPLJSONDocument document;
    document.SetRoot(root);
    save_json_atomically(document, path, "the scenario");
}

Ledger::Ledger(const TargetsFile& targets, std::map<std::string, Layer> layers, const Overlays* overlays)
    : targets_(targets), layers_(std::move(layers)), overlays_(overlays)
{
    for (const Target& target : targets_.targets) {
        const auto it = layers_.find(target.layer);
        if (it == layers_.end())
            throw Error(targets_.path + ":" + std::to_string(target.line) + ": target '" + target.name +
                        "': the data has no layer '" + target.layer + "'");
        auto evaluated = std::make_unique<Evaluated>();
        evaluated->in_filter = rows_matching(it->second, target.filter, target, targets_.path);
        if (target.measure == Measure::Share)
            evaluated->in_part = rows_matching(it->second, target.subfilter, target, targets_.path);
        const FeatureTable& table = *it->second.table;
        if (target.measure == Measure::AreaMu || (target.measure == Measure::Share && !target.share_by_count)) {
            evaluated->area_mu.resize(table.size());
            for (std::size_t row = 0; row < table.size(); ++row)
                evaluated->area_mu[row] = table.geometry(row) != nullptr || !it->second.read_geometry
                                              ? to_mu(table.area_m2(row))
                                              : kAreaNotRead;
        }
        evaluated_.push_back(std::move(evaluated));
    }
}

Ledger::~Ledger() = default;

const FeatureTable& Ledger::table_of(std::size_t target) const
{
    return *layers_.at(targets_.targets[target].layer).table;
}

std::vector<char> Ledger::counted(std::size_t index, const Scenario* scenario) const
{
    const Target& target = targets_.targets[index];
    std::vector<char> in = evaluated_[index]->in_filter;
    if (scenario == nullptr || scenario->layer != target.layer)
        return in;
    const FeatureTable& table = table_of(index);
    const auto id_field = table.field_index(scenario->id_field);
    if (!id_field)
        return in;
    for (std::size_t row = 0; row < table.size(); ++row) {
        const std::string id(table.value(row, *id_field));
        if (scenario->dropped.contains(id))
            in[row] = 0;
        else if (scenario->added.contains(id))
            in[row] = 1;
    }
    return in;
}

bool Ledger::counted_without_plan(const std::string& layer, std::size_t row, bool all) const
{
    bool any_target = false;
    for (std::size_t i = 0; i < targets_.targets.size(); ++i) {
        if (targets_.targets[i].layer != layer)
            continue;
        any_target = true;
        const bool in = evaluated_[i]->in_filter.at(row) != 0;
        if (all && !in)
            return false;
        if (!all && in)
            return true;
    }
    return all && any_target;
}

std::vector<std::size_t> Ledger::counted_rows(std::size_t target, const Scenario* scenario) const
{
    const std::vector<char> in = counted(target, scenario);
    std::vector<std::size_t> rows;
    for (std::size_t row = 0; row < in.size(); ++row)
        if (in[row])
            rows.push_back(row);
    return rows;
}

const std::string& Ledger::conflict_of(const std::string& layer, std::size_t row) const
{
    const auto key = std::make_pair(layer, row);
    const std::lock_guard lock(conflicts_mutex_);
    if (auto it = conflicts_.find(key); it != conflicts_.end())
        return it->second;
    std::string conflict;
    const Layer& l = layers_.at(layer);
    GeomPtr parcel;
    if (overlays_ != nullptr && layer == "parcels") {
        const GEOSGeometry* held = l.table->geometry(row);
        parcel = held != nullptr ? clone(*held) : read_geometry(l, row);
    }
    if (parcel) {
        ParcelCheck check;
        check_parcel(check, std::move(parcel), *overlays_, CheckOptions{});
        conflict = check.conflict;
    }
    return conflicts_.emplace(key, conflict).first->second;
}

GeomPtr Ledger::read_geometry(const Layer& layer, std::size_t row) const
{
    return layer.read_geometry ? layer.read_geometry(layer.table->fid(row)) : nullptr;
}

double Ledger::area_mu_of(const std::string& layer, std::size_t row) const
{
    const auto key = std::make_pair(layer, row);
    const std::lock_guard lock(conflicts_mutex_);
    if (auto it = areas_read_.find(key); it != areas_read_.end())
        return it->second;
    const GeomPtr read = read_geometry(layers_.at(layer), row);
    const double mu = read && is_polygonal(*read) ? to_mu(area(*read)) : 0.0;
    return areas_read_.emplace(key, mu).first->second;
}

std::vector<TargetProgress> Ledger::evaluate(const Scenario* scenario, bool with_contributions,
                                             const std::string& as_of_text) const
{
    const std::string as_of = !as_of_text.empty() ? as_of_text : !targets_.as_of.empty() ? targets_.as_of : today();
    const auto parsed = parse_date(as_of);
    if (!parsed)
        throw Error("'" + as_of + "' is not a date (YYYY-MM-DD)");
    const std::chrono::sys_days day = *parsed;
    std::vector<TargetProgress> result;
    for (std::size_t index = 0; index < targets_.targets.size(); ++index) {
        const Target& target = targets_.targets[index];
        const Evaluated& e = *evaluated_[index];
        const FeatureTable& table = table_of(index);
        const std::vector<char> in = counted(index, scenario);
        TargetProgress progress;
        progress.target = &target;
        for (std::size_t row = 0; row < in.size(); ++row) {
            if (!in[row])
                continue;
            const double value = e.area_mu.empty()                ? 1.0
                                 : e.area_mu[row] != kAreaNotRead ? e.area_mu[row]
                                                                  : area_mu_of(target.layer, row);
            const bool in_part = target.measure == Measure::Share && e.in_part[row];
            progress.whole += value;
            progress.part += in_part ? value : 0.0;
            ++progress.features;
            const bool may_flag = overlays_ != nullptr && target.layer == "parcels";
            const std::string* conflict = may_flag ? &conflict_of(target.layer, row) : nullptr;
            const bool flagged = conflict != nullptr && (conflict->find("farmland") != std::string::npos ||
                                                         conflict->find("redline") != std::string::npos);
            progress.flagged += flagged ? 1 : 0;
            if (with_contributions)
                progress.contributions.push_back(
                    {row, id_of(table, row), value, in_part, conflict ? *conflict : std::string(), flagged});
        }
        switch (target.measure) {
        case Measure::AreaMu:
            progress.achieved = progress.whole;
            progress.unit = "亩";
            break;
        case Measure::Count:
            progress.achieved = progress.whole;
            progress.unit = "个";
            break;
        case Measure::Share:
            progress.achieved = progress.whole > 0 ? progress.part / progress.whole : 0.0;
            progress.unit = "%";
            break;
        }
        progress.ratio = target.value != 0 ? progress.achieved / target.value : 0.0;
        const auto [first, last] = period_bounds(target.period);
        // Both come from a period that load_targets checked.
        const std::chrono::sys_days start = parse_date(first).value(), end = parse_date(last).value();
        if (compare(progress.achieved, target.comparator, target.value)) {
            progress.status = TargetStatus::Met;
        } else if (day <= end) {
            // Cumulative figures should have grown with the period; a share should be close.
            const double elapsed = std::clamp(static_cast<double>((day - start).count() + 1) /
                                                  static_cast<double>((end - start).count() + 1),
                                              0.0, 1.0);
            const bool on_track = target.measure == Measure::Share ? progress.ratio >= 0.9 : progress.ratio >= elapsed;
            progress.status = on_track ? TargetStatus::OnTrack : TargetStatus::Behind;
        } else {
            progress.status = TargetStatus::Behind;
        }
        result.push_back(std::move(progress));
    }
    return result;
}

} // namespace geo
