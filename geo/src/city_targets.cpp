#include "geo/city_targets.h"

#include <algorithm>
#include <filesystem>

#include "geo/city_check.h"
#include "geo/error.h"
#include "geo/ledger_loader.h"

namespace geo {

std::vector<CountyTargets> follow_city_targets(const std::vector<std::string>& counties, const std::string& as_of,
                                               bool with_contributions)
{
    std::vector<CountyTargets> followed;
    followed.reserve(counties.size()); // `progress` points into each one's `targets`
    for (const std::string& source : counties) {
        CountyTargets& county = followed.emplace_back();
        county.source = source;
        try {
            county.name = county_name(source);
            const std::string targets_path = targets_path_beside(source);
            if (!std::filesystem::exists(targets_path))
                throw file_error(source, "no targets.toml beside it");
            county.targets = load_targets(targets_path);
            const std::unique_ptr<LedgerData> data = load_ledger(source, county.targets);
            county.progress = data->ledger->evaluate(nullptr, with_contributions, as_of);
            for (std::size_t i = 0; i < county.progress.size(); ++i) // the ledger's copy goes with it
                county.progress[i].target = &county.targets.targets[i];
        } catch (const std::exception& e) {
            county.progress.clear();
            county.error = e.what();
        }
    }
    return followed;
}

std::vector<CityTarget> sum_city_targets(const std::vector<CountyTargets>& counties)
{
    std::vector<CityTarget> city;
    std::vector<double> parts, wholes; // of the shares, per city target
    for (const CountyTargets& county : counties)
        for (const TargetProgress& p : county.progress) {
            auto it =
                std::find_if(city.begin(), city.end(), [&](const CityTarget& t) { return t.name == p.target->name; });
            if (it == city.end()) {
                it = city.insert(city.end(), CityTarget{p.target->name, p.target->measure, p.unit, 0, p.target->value});
                parts.push_back(0);
                wholes.push_back(0);
                if (p.target->measure != Measure::Share)
                    it->target = 0;
            }
            const auto i = static_cast<std::size_t>(it - city.begin());
            ++it->counties;
            it->met += p.status == TargetStatus::Met ? 1 : 0;
            if (p.target->measure == Measure::Share) {
                parts[i] += p.part;
                wholes[i] += p.whole;
                if (p.target->value != it->target)
                    it->target = -1;
            } else {
                it->achieved += p.achieved;
                it->target += p.target->value;
            }
        }
    for (std::size_t i = 0; i < city.size(); ++i)
        if (city[i].measure == Measure::Share)
            city[i].achieved = wholes[i] > 0 ? parts[i] / wholes[i] : 0.0;
    return city;
}

} // namespace geo
