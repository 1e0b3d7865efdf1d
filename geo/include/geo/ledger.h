#pragma once
// The land-supply target ledger: each target's progress computed from the layers (achieved,
// target, ratio, status), the features that contribute, and parcels that count towards supply
// while conflicting with farmland or the red line, flagged. Filters are evaluated once by GDAL;
// a what-if scenario then only moves parcels in or out, so figures update in microseconds.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "geo/compliance.h"
#include "geo/geos.h"
#include "geo/targets.h"

namespace geo {

class FeatureTable;

// A named change to this year's supply plan, saved beside the data (never in the source
// layers): parcels added to or dropped from what the targets count.
struct Scenario {
    std::string name;
    std::string layer = "parcels";
    std::string id_field = "parcel_id";
    std::set<std::string> added, dropped;
};

// DIR/STEM.scenarios/NAME.json for a county DIR/STEM.gpkg.
std::string scenario_path(const std::string& county_path, const std::string& name);
// Throws geo::Error naming the file when it is missing or malformed.
Scenario load_scenario(const std::string& path);
// Writes atomically (temporary file, then rename). Throws geo::Error on failure.
void save_scenario(const Scenario& scenario, const std::string& path);

enum class TargetStatus { Met, OnTrack, Behind };
const char* status_name(TargetStatus status); // "met", "on track", "behind"

// A figure as tables show it: "2517.13 亩", "43.6%" (a share in [0, 1]), "3" (a count).
std::string format_figure(double value, const char* unit);

struct Contribution {
    std::size_t row = 0;
    std::string id;       // the feature's id (parcel_id, name, or fid)
    double value = 0;     // mu, or 1 for a count
    bool in_part = false; // inside the share's subfilter
    std::string conflict; // from the compliance check, for parcels
    bool flagged = false; // counted, but on farmland or the red line
};

struct TargetProgress {
    const Target* target = nullptr;
    double achieved = 0; // mu, a count, or a share in [0, 1]
    double ratio = 0;    // achieved / target value
    TargetStatus status = TargetStatus::Behind;
    const char* unit = "";      // "亩", "个", "%"
    double whole = 0, part = 0; // for shares: the filter's total and the subfilter's part
    std::size_t features = 0;
    std::size_t flagged = 0;
    std::vector<Contribution> contributions; // when asked for
};

class Ledger {
public:
    struct Layer {
        std::shared_ptr<const FeatureTable> table;
        std::string source_path; // where GDAL evaluates the filters
        std::string source_layer;
        // A feature's geometry read again from the source, in the table's CRS and valid, for
        // the rows whose geometry the table does not keep (FeatureTable::LoadOptions::
        // keep_geometry): a parcel a plan adds, its area and conflicts. Called under the
        // ledger's lock. Unset: every row's geometry is in the table.
        std::function<GeomPtr(std::int64_t fid)> read_geometry;
        // FIDs that filters (as the targets file writes them) matched when GDAL was asked
        // already, by load_ledger: each is a scan of the whole layer, not to be asked twice.
        std::map<std::string, std::vector<std::int64_t>> matched;
    };

    // Evaluates every target's filter and subfilter on its layer. `overlays` (may be null)
    // flags parcels that conflict. Throws geo::Error naming the targets file and line for an
    // unknown layer or a filter GDAL rejects.
    Ledger(const TargetsFile& targets, std::map<std::string, Layer> layers, const Overlays* overlays);
    ~Ledger();

    // Progress of every target, in file order. `as_of` YYYY-MM-DD (empty: the file's, else
    // today). Cheap: no I/O, no geometry, except the first time a parcel's conflict is needed.
    std::vector<TargetProgress> evaluate(const Scenario* scenario = nullptr, bool with_contributions = false,
                                         const std::string& as_of = {}) const;

    const TargetsFile& targets() const { return targets_; }
    // The rows of a target's layer that count towards it (for highlighting on the map).
    std::vector<std::size_t> counted_rows(std::size_t target, const Scenario* scenario = nullptr) const;
    const FeatureTable& table_of(std::size_t target) const;
    // Whether the targets on `layer` count `row` without any plan: every one of them (`all`)
    // or at least one. False when no target is on `layer`. Lets a plan record only real changes.
    bool counted_without_plan(const std::string& layer, std::size_t row, bool all) const;

private:
    struct Evaluated;
    std::vector<char> counted(std::size_t target, const Scenario* scenario) const;
    const std::string& conflict_of(const std::string& layer, std::size_t row) const;
    // The row's area in mu, from the table's geometry or, not held there, the source's.
    double area_mu_of(const std::string& layer, std::size_t row) const;
    // A row's geometry the table does not hold, read from the source (null: none, or no reader).
    GeomPtr read_geometry(const Layer& layer, std::size_t row) const;

    TargetsFile targets_;
    std::map<std::string, Layer> layers_;
    const Overlays* overlays_;
    std::vector<std::unique_ptr<Evaluated>> evaluated_;
    // Conflicts computed on demand. evaluate() is const and may run on a background thread
    // (the viewer's analysis) while the GUI thread asks too: the cache is guarded, and the
    // overlays are queried as worker 0 under the same lock. Callers outside the ledger that
    // query the overlays as worker 0 (the viewer's identify) must not run at the same time:
    // the viewer answers a click only once its analysis is done.
    mutable std::mutex conflicts_mutex_;
    mutable std::map<std::pair<std::string, std::size_t>, std::string> conflicts_;
    mutable std::map<std::pair<std::string, std::size_t>, double> areas_read_; // mu
};

std::string today();

} // namespace geo
