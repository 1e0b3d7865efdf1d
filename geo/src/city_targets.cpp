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
    for (const CountyTargets& county : counties)
        for (const TargetProgress& p : county.progress) {
            const Target& target = *p.target;
            const bool share = target.measure == Measure::Share;
            auto it =
                std::find_if(city.begin(), city.end(), [&](const CityTarget& t) { return t.name == target.name; });
            if (it == city.end())
                it = city.insert(city.end(),
                                 CityTarget{target.name, target.measure, p.unit, 0, share ? target.value : 0});
            ++it->counties;
            it->met += p.status == TargetStatus::Met ? 1 : 0;
            if (share) {
                it->part += p.part;
                it->whole += p.whole;
                it->achieved = it->whole > 0 ? it->part / it->whole : 0.0;
                if (target.value != it->target)
                    it->target = -1;
            } else {
                it->achieved += p.achieved;
                it->target += target.value;
            }
        }
    return city;
}

} // namespace geo
