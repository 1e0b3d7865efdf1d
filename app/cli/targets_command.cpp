#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include <cpl_json.h>

#include "args.h"
#include "commands.h"
#include "geo/crs.h"
#include "geo/feature_table.h"
#include "geo/ledger.h"
#include "geo/ledger_loader.h"
#include "geo/text_values.h"
#include "geo/units.h"
#include "geo/vector_source.h"

namespace cli {

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
    const std::string county = args.single_positional("the county data (planview targets COUNTY.gpkg)");
    if (geo::is_postgresql(county) && !args.has("--targets"))
        throw UsageError("a county in a database has no targets.toml beside it: give --targets FILE.toml");
    const std::string targets_path =
        args.value_or("--targets", (std::filesystem::path(county).parent_path() / "targets.toml").string());
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
        root.Add("targets", list);
        std::printf("%s\n", root.Format(CPLJSONObject::PrettyFormat::Pretty).c_str());
        return 0;
    }
    std::printf("%s%s — progress as of %s%s\n", targets.county.c_str(),
                targets.report.empty() ? "" : (" " + targets.report).c_str(), judged.c_str(),
                scenario ? (", scenario " + scenario->name).c_str() : "");
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
    if (scenario && (args.has("--add") || args.has("--drop")))
        std::printf("saved scenario %s\n", scenario_file.c_str());
    return 0;
}

} // namespace cli
