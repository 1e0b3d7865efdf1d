#pragma once
// The land-supply targets over a city: each county's progress against its own work report
// (targets.toml beside it), one county's ledger in memory at a time, and what the counties add up
// to. A city has no work report of its counties' targets here: the sums are the counties' own.
#include <cstddef>
#include <string>
#include <vector>

#include "geo/ledger.h"
#include "geo/targets.h"

namespace geo {

struct CountyTargets {
    std::string source;                   // the county's GeoPackage
    std::string name;                     // 武义县, else the file's stem
    TargetsFile targets;                  // what `progress` points to
    std::vector<TargetProgress> progress; // in the file's order, with contributions when asked
    std::string error;                    // one line when this county's targets could not be followed
};

// Each county's progress as of `as_of` (empty: each file's date, else today). A county without a
// targets.toml beside it, or whose data its targets do not fit, says so in its `error`; the
// others go on.
std::vector<CountyTargets> follow_city_targets(const std::vector<std::string>& counties, const std::string& as_of,
                                               bool with_contributions = false);

// One target (by name) over the counties that have it.
struct CityTarget {
    std::string name;
    Measure measure = Measure::AreaMu;
    const char* unit = "";
    // Sums of the counties' figures and targets (mu, counts); for a share the counties' parts over
    // their wholes, and the counties' target when they all set the same one (else negative).
    double achieved = 0, target = 0;
    double part = 0, whole = 0; // a share's, summed
    std::size_t counties = 0, met = 0;
};

// The targets in the order the first county's file names them, then any others.
std::vector<CityTarget> sum_city_targets(const std::vector<CountyTargets>& counties);

} // namespace geo
