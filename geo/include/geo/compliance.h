#pragma once
// The red-line compliance check (合规性审查): for every parcel, how much of it lies on
// permanent basic farmland, on the ecological protection red line, and outside the urban
// development boundary, in m² and mu, and which parcels therefore conflict.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "geo/error.h"
#include "geo/geos.h"
#include "geo/vector_source.h"

namespace geo {

// Where one role's layer comes from: "FILE[:LAYER]"; without a layer, the one playing the role
// (PlanView's name, the national specification's table code or a Chinese name; roles.h).
struct LayerRef {
    std::string path;
    std::string layer;
};

// Where the check runs: PlanView's own engine (GEOS, here), or inside the PostGIS database
// that holds the layers (postgis_check.h). Automatic: PostGIS when every layer is there
// (unless overlays_near_parcels: a few parcels are quicker checked here).
enum class CheckEngine { Automatic, Local, PostGIS };

struct CheckOptions {
    LayerRef parcels, farmland, redline, ucb;
    // The three zones (三区): a parcel's m² in each is reported when a layer plays that role
    // here (roles.h); an empty path looks in the parcels' source, and a missing one is no error.
    LayerRef zones;
    bool measure_zones = true;  // false: no zone areas, even where a three-zones layer exists
    std::string id_field;       // empty: parcel_id, DKBH or another parcel-id code (roles.h)
    std::string where;          // OGR SQL filter on parcels
    std::string assigned_crs;   // --crs, for layers that have none
    std::string working_crs;    // overrides the zone chosen from the parcels
    double sliver_m2 = 1.0;     // overlaps smaller than this are reported but are not conflicts
    int threads = 0;            // 0: all cores
    bool keep_geometry = false; // keep parcel and overlap geometries for map output
    // Read only the overlay features near the parcels `where` selects (their extent): for a
    // few parcels of a large county (a review's figures), the same answers in milliseconds.
    bool overlays_near_parcels = false;
    CheckEngine engine = CheckEngine::Automatic;
};

struct ParcelCheck {
    std::int64_t fid = 0;
    std::string parcel_id;
    std::string town;          // from the town field (town, XZMC, …) when the layer has one
    std::string land_use_code; // from the land-use field (land_use_code, YDYHFLDM, …) likewise
    double area_m2 = 0;
    double farmland_m2 = 0;
    double redline_m2 = 0;
    double outside_ucb_m2 = 0;
    bool repaired = false;
    std::string conflict;                         // "", or ";"-joined farmland, redline, outside_ucb
    bool has_sliver = false;                      // an overlap above 0 but below the sliver tolerance
    std::optional<std::array<double, 3>> zone_m2; // in 农业空间, 生态空间, 城镇空间 (three_zones.h)
    GeomPtr geometry;                             // with keep_geometry: the (repaired) parcel
    std::vector<std::pair<std::string, GeomPtr>> overlaps; // with keep_geometry: (kind, piece)
};

struct SummaryRow {
    std::int64_t parcels = 0;
    std::int64_t conflicts = 0;
    double area_m2 = 0, farmland_m2 = 0, redline_m2 = 0, outside_ucb_m2 = 0;
    void add(const ParcelCheck& parcel);
    void add(const SummaryRow& other); // another row's parcels (a county's, into a city's)
};

struct CheckSummary {
    SummaryRow total;
    std::map<std::string, SummaryRow> by_town;
    std::map<std::string, SummaryRow> by_land_use;
    std::int64_t repaired_parcels = 0;
    std::int64_t slivers = 0;
    std::int64_t repaired_farmland = 0, repaired_redline = 0, repaired_ucb = 0;
    std::string working_crs;                      // "EPSG:4549"
    std::optional<std::array<double, 3>> zone_m2; // the parcels' m² per zone, when zones were found
    bool in_postgis = false;                      // run by the database (postgis_check.h)

    void add(const ParcelCheck& parcel); // into the total, its town's and its land use's rows
};

struct CheckCallbacks {
    // Called with each batch of checked parcels, in reading order, on the calling thread.
    std::function<void(std::vector<ParcelCheck>&)> on_batch;
    // Fraction done in [0, 1]; called on the calling thread.
    std::function<void(double)> on_progress;
    // Set to true (from any thread, e.g. a signal handler) to stop; run_check then throws
    // geo::Cancelled.
    const std::atomic<bool>* cancel = nullptr;
};

class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

class OverlayLayer;
class ThreeZones;

// The three overlay layers of a check.
struct Overlays {
    const OverlayLayer& farmland;
    const OverlayLayer& redline;
    const OverlayLayer& ucb;
};

// Checks one parcel (geometry in the working CRS) against the overlays: fills the figures,
// `repaired` and `conflict` of `parcel` (and its geometries when options.keep_geometry).
// `worker` is the calling thread's index into the overlays' per-worker state (0 when alone).
// `zones`, when given, fills parcel.zone_m2.
void check_parcel(ParcelCheck& parcel, GeomPtr geometry, const Overlays& overlays, const CheckOptions& options,
                  int worker = 0, const ThreeZones* zones = nullptr);

// Names the conflicts of `parcel` from its figures: an overlap of at least `sliver_m2` is a
// conflict ("farmland;redline;outside_ucb"), a smaller one only sets has_sliver; one under a
// square millimetre is rounding and does neither.
void judge_conflicts(ParcelCheck& parcel, double sliver_m2);

// Whether the check will find a three-zones layer (options.zones, else the parcels' source).
bool has_three_zones(const CheckOptions& options);

// The working CRS the check will use, as user text ("EPSG:4549"): options.working_crs when
// set, else the CGCS2000 3-degree zone of the parcels' centre. Throws like run_check.
std::string choose_working_crs(const CheckOptions& options);

// Runs the check, streaming the parcels in batches through `threads` workers. Throws
// geo::Error for bad input (missing layer, no CRS, empty overlay layer, bad filter).
CheckSummary run_check(const CheckOptions& options, const CheckCallbacks& callbacks);

} // namespace geo
