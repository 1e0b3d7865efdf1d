#pragma once
// Targets files: the work report's targets written as TOML (sample_data/targets.toml is the
// documented example). Every error names the file and line and says what is wrong; no target
// is ever skipped silently.
#include <string>
#include <vector>

namespace geo {

enum class Measure { AreaMu, Count, Share };
enum class Comparator { AtLeast, Above, AtMost, Below, Equal };

struct Target {
    std::string name;
    std::string layer;
    std::string filter; // OGR SQL WHERE; empty: all features
    Measure measure = Measure::AreaMu;
    std::string subfilter; // Share: the part
    bool share_by_count = false;
    Comparator comparator = Comparator::AtLeast;
    double value = 0;
    std::string period; // "2023" or "2023Q2"
    std::string source;
    int line = 0; // where it stands in the file
};

struct TargetsFile {
    std::string path;
    std::string county;
    std::string report;
    std::string as_of; // YYYY-MM-DD; empty: today
    std::vector<Target> targets;
};

// Throws geo::Error("FILE:LINE: problem") for a missing file, a TOML syntax error or a target
// that is incomplete or wrong.
TargetsFile load_targets(const std::string& path);

// Where a county's work report lies by default: targets.toml in its file's folder (whether there
// or not).
std::string targets_path_beside(const std::string& county_path);

bool compare(double achieved, Comparator comparator, double value);
const char* comparator_text(Comparator comparator);
const char* measure_name(Measure measure);

// First and last day ("2023-04-01", "2023-06-30") of a period "2023" or "2023Q2".
std::pair<std::string, std::string> period_bounds(const std::string& period);

} // namespace geo
