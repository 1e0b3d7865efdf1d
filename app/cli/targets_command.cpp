#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include <cpl_json.h>

#include "args.h"
#include "commands.h"
#include "geo/city_check.h"
#include "geo/city_targets.h"
#include "geo/crs.h"
#include "geo/feature_table.h"
#include "geo/ledger.h"
#include "geo/ledger_loader.h"
#include "geo/targets.h"
#include "geo/text_values.h"
#include "geo/units.h"
#include "geo/vector_source.h"

namespace cli {
namespace {

// Each target's figures, and the parcels flagged (every contribution with `detail`).
CPLJSONArray progress_json(const std::vector<geo::TargetProgress>& progress, bool detail)
{
    CPLJSONArray list;
    for (const auto& p : progress) {
        CPLJSONObject t;
        t.Add("name", p.target->name);
        t.Add("layer", p.target->layer);
        t.Add("measure", geo::measure_name(p.target->measure));
        t.Add("achieved", p.achieved);
        t.Add("target", p.target->value);
        t.Add("comparator", geo::comparator_text(p.target->comparator));
        t.Add("unit", p.unit);
        t.Add("ratio", p.ratio);
        t.Add("status", geo::status_name(p.status));
        t.Add("period", p.target->period);
        t.Add("source", p.target->source);
        t.Add("features", static_cast<GInt64>(p.features));
        if (p.target->measure == geo::Measure::Share) {
            t.Add("whole", p.whole);
            t.Add("part", p.part);
        }
        CPLJSONArray flagged;
        for (const auto& c : p.contributions)
            if (c.flagged) {
                CPLJSONObject f;
                f.Add("id", c.id);
                f.Add("value", c.value);
                f.Add("conflict", c.conflict);
                flagged.Add(f);
            }
        t.Add("flagged", flagged);
        if (detail) {
            CPLJSONArray contributions;
            for (const auto& c : p.contributions) {
                CPLJSONObject f;
                f.Add("id", c.id);
                f.Add("value", c.value);
                f.Add("in_part", c.in_part);
                f.Add("conflict", c.conflict);
                contributions.Add(f);
            }
            t.Add("contributions", contributions);
        }
        list.Add(t);
    }
    return list;
}

// One line a target (and its flagged count; every contribution with `detail`).
void print_progress(const std::vector<geo::TargetProgress>& progress, bool detail)
{
    for (const auto& p : progress) {
        std::printf("%-32s %16s %s %-12s %6.1f%%  %-8s %s\n", p.target->name.c_str(),
                    geo::format_figure(p.achieved, p.unit).c_str(), geo::comparator_text(p.target->comparator),
                    geo::format_figure(p.target->value, p.unit).c_str(), p.ratio * 100, geo::status_name(p.status),
                    p.target->period.c_str());
        if (p.flagged > 0)
            std::printf("    %zu counted feature(s) conflict with farmland or the red line: the figure includes them\n",
                        p.flagged);
        if (detail)
            for (const auto& c : p.contributions)
                std::printf("    %-20s %12.4f%s%s\n", c.id.c_str(), c.value, c.in_part ? "  (part)" : "",
                            c.flagged ? ("  CONFLICT " + c.conflict).c_str() : "");
    }
}

// `planview targets CITY_DIR`: each county against its own targets, then the counties summed.
int run_city_targets(const std::string& city, const Args& args)
{
    if (args.has("--targets"))
        throw UsageError("each county of a city follows the targets.toml beside it: --targets is for one county");
    if (args.has("--scenario") || args.has("--add") || args.has("--drop"))
        throw UsageError("a scenario belongs to one county: give its GeoPackage, not the city folder");
    const std::string as_of = args.value_or("--as-of", "");
    const bool detail = args.has("--contributions");
    const bool json = args.has("--json");
    const std::vector<geo::CountyTargets> counties =
        geo::follow_city_targets(geo::find_county_sources(city), as_of, detail || json);
    const std::vector<geo::CityTarget> sums = geo::sum_city_targets(counties);
    int failed = 0;
    for (const auto& county : counties)
        if (!county.error.empty()) {
            std::fprintf(stderr, "planview: %s\n", county.error.c_str());
            ++failed;
        }
    if (json) {
        CPLJSONObject root;
        root.Add("city", city);
        CPLJSONArray list;
        for (const auto& county : counties) {
            CPLJSONObject c;
            c.Add("county", county.source);
            c.Add("name", county.name);
            if (county.error.empty()) {
                c.Add("targets_file", county.targets.path);
                c.Add("targets", progress_json(county.progress, detail));
            } else {
                c.Add("error", county.error);
            }
            list.Add(c);
        }
        root.Add("counties", list);
        CPLJSONArray summed;
        for (const auto& t : sums) {
            CPLJSONObject o;
            o.Add("name", t.name);
            o.Add("measure", geo::measure_name(t.measure));
            o.Add("unit", t.unit);
            o.Add("achieved", t.achieved);
            if (t.target >= 0)
                o.Add("target", t.target);
            o.Add("counties", static_cast<GInt64>(t.counties));
            o.Add("met", static_cast<GInt64>(t.met));
            summed.Add(o);
        }
        root.Add("city_sums", summed);
        std::printf("%s\n", root.Format(CPLJSONObject::PrettyFormat::Pretty).c_str());
        return failed > 0 ? 1 : 0;
    }
    for (const auto& county : counties) {
        if (!county.error.empty())
            continue;
        std::printf("%s (%s) — %s\n", county.name.c_str(), county.source.c_str(), county.targets.report.c_str());
        print_progress(county.progress, detail);
        std::printf("\n");
    }
    std::printf("The city's %zu count%s summed (each against its own targets):\n", counties.size() - failed,
                counties.size() - failed == 1 ? "y" : "ies");
    for (const auto& t : sums)
        std::printf(
            "%-32s %16s of %-16s  met in %zu of %zu\n", t.name.c_str(), geo::format_figure(t.achieved, t.unit).c_str(),
            t.target >= 0 ? geo::format_figure(t.target, t.unit).c_str() : "(targets differ)", t.met, t.counties);
    return failed > 0 ? 1 : 0;
}

} // namespace

int run_targets(int argc, char** argv)
{
    const Args args(argc, argv, 2,
                    {{"--targets"},
                     {"--scenario"},
                     {"--add"},
                     {"--drop"},
                     {"--as-of"},
                     {"--json", false},
                     {"--contributions", false}});
    const std::string county =
        args.single_positional("the county data or a city folder (planview targets COUNTY.gpkg|CITY_DIR)");
    if (geo::is_city_folder(county))
        return run_city_targets(county, args);
    if (geo::is_postgresql(county) && !args.has("--targets"))
        throw UsageError("a county in a database has no targets.toml beside it: give --targets FILE.toml");
    const std::string targets_path = args.value_or("--targets", geo::targets_path_beside(county));
    const geo::TargetsFile targets = geo::load_targets(targets_path);
    const std::string as_of = args.value_or("--as-of", "");
    if (!as_of.empty() && !geo::parse_date(as_of))
        throw UsageError("option --as-of needs a date like 2023-06-30, not '" + as_of + "'");
    if (auto name = args.value("--scenario"); name && !geo::is_safe_file_stem(*name))
        throw UsageError("scenario name '" + *name +
                         "' cannot be a file name (no '/', '\\', leading '.' or control characters)");

    const auto data = geo::load_ledger(county, targets);
    const geo::Ledger& ledger = *data->ledger;

    std::optional<geo::Scenario> scenario;
    std::string scenario_file;
    if (auto name = args.value("--scenario")) {
        scenario_file = geo::scenario_path(county, *name);
        scenario = std::filesystem::exists(scenario_file) ? geo::load_scenario(scenario_file)
                                                          : geo::Scenario{*name, "parcels", "parcel_id", {}, {}};
        const bool changed = args.has("--add") || args.has("--drop");
        for (const auto& id : split_list(args.value_or("--add", ""))) {
            scenario->dropped.erase(id);
            scenario->added.insert(id);
        }
        for (const auto& id : split_list(args.value_or("--drop", ""))) {
            scenario->added.erase(id);
            scenario->dropped.insert(id);
        }
        if (changed)
            geo::save_scenario(*scenario, scenario_file);
        else if (!std::filesystem::exists(scenario_file))
            throw geo::file_error(scenario_file, "no such scenario (create one with --add or --drop)");
    } else if (args.has("--add") || args.has("--drop")) {
        throw UsageError("--add and --drop change a named scenario: give --scenario NAME");
    }

    const bool detail = args.has("--contributions");
    const auto progress = ledger.evaluate(scenario ? &*scenario : nullptr, detail || args.has("--json"), as_of);
    const std::string judged = !as_of.empty() ? as_of : !targets.as_of.empty() ? targets.as_of : geo::today();
    if (args.has("--json")) {
        CPLJSONObject root;
        root.Add("county", county);
        root.Add("targets_file", targets_path);
        root.Add("as_of", judged);
        if (scenario)
            root.Add("scenario", scenario->name);
        root.Add("targets", progress_json(progress, detail));
        std::printf("%s\n", root.Format(CPLJSONObject::PrettyFormat::Pretty).c_str());
        return 0;
    }
    std::printf("%s%s — progress as of %s%s\n", targets.county.c_str(),
                targets.report.empty() ? "" : (" " + targets.report).c_str(), judged.c_str(),
                scenario ? (", scenario " + scenario->name).c_str() : "");
    print_progress(progress, detail);
    if (scenario && (args.has("--add") || args.has("--drop")))
        std::printf("saved scenario %s\n", scenario_file.c_str());
    return 0;
}

} // namespace cli
