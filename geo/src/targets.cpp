#include "geo/targets.h"

#include <cstdio>
#include <filesystem>
#include <set>

#include <toml++/toml.h>

#include "geo/error.h"
#include "geo/text_values.h"

namespace geo {
namespace {

[[noreturn]] void fail(const std::string& path, int line, const std::string& problem)
{
    throw Error(path + ":" + std::to_string(line) + ": " + problem);
}

int line_of(const toml::node& node)
{
    return static_cast<int>(node.source().begin.line);
}

std::string text_field(const std::string& path, const toml::table& table, const char* key, bool required,
                       const std::string& what)
{
    const toml::node* node = table.get(key);
    if (node == nullptr) {
        if (required)
            fail(path, line_of(table), what + " has no '" + key + "'");
        return {};
    }
    if (!node->is_string())
        fail(path, line_of(*node), what + ": '" + key + "' must be text in quotes");
    return node->value<std::string>().value_or("");
}

bool valid_period(const std::string& period)
{
    int year = 0, quarter = 0;
    char q = 0, extra = 0;
    if (std::sscanf(period.c_str(), "%4d%c", &year, &extra) == 1 && period.size() == 4)
        return year >= 1900 && year <= 2200;
    return std::sscanf(period.c_str(), "%4d%c%d%c", &year, &q, &quarter, &extra) == 3 && (q == 'Q' || q == 'q') &&
           quarter >= 1 && quarter <= 4 && period.size() == 6;
}

} // namespace

const char* comparator_text(Comparator comparator)
{
    switch (comparator) {
    case Comparator::AtLeast:
        return ">=";
    case Comparator::Above:
        return ">";
    case Comparator::AtMost:
        return "<=";
    case Comparator::Below:
        return "<";
    case Comparator::Equal:
        return "==";
    }
    return "?";
}

const char* measure_name(Measure measure)
{
    switch (measure) {
    case Measure::AreaMu:
        return "area_mu";
    case Measure::Count:
        return "count";
    case Measure::Share:
        return "share";
    }
    return "?";
}

bool compare(double achieved, Comparator comparator, double value)
{
    // Figures are sums of floating areas: allow for rounding far below what is reported.
    const double eps = 1e-9 * std::max(1.0, std::fabs(value));
    switch (comparator) {
    case Comparator::AtLeast:
        return achieved >= value - eps;
    case Comparator::Above:
        return achieved > value + eps;
    case Comparator::AtMost:
        return achieved <= value + eps;
    case Comparator::Below:
        return achieved < value - eps;
    case Comparator::Equal:
        return std::fabs(achieved - value) <= eps;
    }
    return false;
}

std::pair<std::string, std::string> period_bounds(const std::string& period)
{
    const std::string year = period.substr(0, 4);
    if (period.size() == 4)
        return {year + "-01-01", year + "-12-31"};
    static const char* const starts[] = {"-01-01", "-04-01", "-07-01", "-10-01"};
    static const char* const ends[] = {"-03-31", "-06-30", "-09-30", "-12-31"};
    const int q = period[5] - '1';
    return {year + starts[q], year + ends[q]};
}

std::string targets_path_beside(const std::string& county_path)
{
    return (std::filesystem::path(county_path).parent_path() / "targets.toml").string();
}

TargetsFile load_targets(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw file_error(path, "no such file");
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& error) {
        fail(path, static_cast<int>(error.source().begin.line), std::string(error.description()));
    }
    TargetsFile file;
    file.path = path;
    if (const toml::table* meta = root["meta"].as_table()) {
        file.county = text_field(path, *meta, "county", false, "[meta]");
        file.report = text_field(path, *meta, "report", false, "[meta]");
        file.as_of = text_field(path, *meta, "as_of", false, "[meta]");
        if (!file.as_of.empty() && !parse_date(file.as_of))
            fail(path, line_of(*meta->get("as_of")), "[meta]: as_of must be a date like 2023-12-31");
    }
    const toml::node* list = root.get("target");
    if (list == nullptr)
        throw file_error(path, "no [[target]] entries");
    const toml::array* targets = list->as_array();
    if (targets == nullptr)
        fail(path, line_of(*list), "'target' must be a list of [[target]] tables");
    for (const toml::node& node : *targets) {
        const toml::table* t = node.as_table();
        if (t == nullptr)
            fail(path, line_of(node), "each target must be a [[target]] table");
        Target target;
        target.line = line_of(*t);
        // A misspelt key ("fliter") would silently count everything: refuse unknown keys.
        static const std::set<std::string> kKeys = {"name",     "layer",      "filter", "measure", "subfilter",
                                                    "share_by", "comparator", "value",  "period",  "source"};
        for (const auto& [key, value] : *t)
            if (!kKeys.contains(std::string(key.str())))
                fail(path, line_of(value),
                     "unknown key '" + std::string(key.str()) +
                         "' (a target takes name, layer, filter, measure, subfilter, share_by, "
                         "comparator, value, period, source)");
        target.name = text_field(path, *t, "name", true, "a target");
        const std::string what = "target '" + target.name + "'";
        target.layer = text_field(path, *t, "layer", true, what);
        target.filter = text_field(path, *t, "filter", false, what);
        target.subfilter = text_field(path, *t, "subfilter", false, what);
        target.source = text_field(path, *t, "source", false, what);
        target.period = text_field(path, *t, "period", true, what);
        if (!valid_period(target.period))
            fail(path, line_of(*t->get("period")),
                 what + ": period must be a year (2023) or a quarter (2023Q2), not '" + target.period + "'");

        const std::string measure = text_field(path, *t, "measure", true, what);
        if (measure == "area_mu")
            target.measure = Measure::AreaMu;
        else if (measure == "count")
            target.measure = Measure::Count;
        else if (measure == "share")
            target.measure = Measure::Share;
        else
            fail(path, line_of(*t->get("measure")),
                 what + ": measure must be area_mu, count or share, not '" + measure + "'");
        if (target.measure == Measure::Share && target.subfilter.empty())
            fail(path, target.line, what + ": a share needs a 'subfilter' for its part");
        const std::string share_by = text_field(path, *t, "share_by", false, what);
        if (!share_by.empty() && share_by != "area" && share_by != "count")
            fail(path, line_of(*t->get("share_by")), what + ": share_by must be area or count");
        target.share_by_count = share_by == "count";

        const std::string comparator = text_field(path, *t, "comparator", true, what);
        static const std::pair<const char*, Comparator> kComparators[] = {{">=", Comparator::AtLeast},
                                                                          {">", Comparator::Above},
                                                                          {"<=", Comparator::AtMost},
                                                                          {"<", Comparator::Below},
                                                                          {"==", Comparator::Equal}};
        bool known = false;
        for (const auto& [text, c] : kComparators)
            if (comparator == text) {
                target.comparator = c;
                known = true;
            }
        if (!known)
            fail(path, line_of(*t->get("comparator")), what + ": comparator must be one of >=, >, <=, <, ==");

        const toml::node* value = t->get("value");
        if (value == nullptr)
            fail(path, target.line, what + " has no 'value'");
        if (!value->is_number())
            fail(path, line_of(*value), what + ": value must be a number");
        target.value = value->value<double>().value_or(0);
        if (target.measure == Measure::Share && (target.value < 0 || target.value > 1))
            fail(path, line_of(*value), what + ": a share's value is between 0 and 1 (0.5 for 50%)");
        file.targets.push_back(std::move(target));
    }
    if (file.targets.empty())
        throw file_error(path, "no [[target]] entries");
    return file;
}

} // namespace geo
