#pragma once
// Whether a county fits in memory before the viewer reads it: read, repaired and meshed, a
// feature costs the viewer about 6 KB (a million realistic parcels: 5.7 GB), and a city of ten
// million would be killed by the kernel minutes into its load. Measured, not guessed: see
// bench/README ("The viewer: scene build, frames, picks, table, ledger").
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "geo/error.h"

namespace scene {

// What check_fits_in_memory throws: the viewer then shows the county as pictures instead, and
// says why in its own language from the figures.
struct MeshCost {
    std::string source;                   // without a password
    std::size_t features, needed, budget; // needed and budget in bytes
};
class TooLargeToMesh : public geo::Error {
public:
    TooLargeToMesh(const std::string& message, MeshCost figures) : geo::Error(message), cost(std::move(figures)) {}
    MeshCost cost;
};

struct LayerToShow;

// What the viewer needs for each feature of a meshed layer, all included (GEOS geometry,
// attributes, mesh, impostors, the GL driver's copies, indexes and overlays).
inline constexpr std::size_t kViewerBytesPerFeature = 6000;

// The memory the kernel can still give (MemAvailable), or nullopt where it does not say.
std::optional<std::size_t> available_memory();

// What the viewer takes unless told (--memory-budget): the memory free, at most 3 GB. A county
// needing more than that to mesh (over half a million features) takes most of a minute to read,
// repair and mesh on a laptop's cores (a million realistic parcels: 42 s to the first frame of
// the mesh, 6.8 GB) where its pictures are whole in 3 s in 1 GB, and every tool works on them
// (identify, table, queries, selection, targets, review): it is viewed as pictures.
inline constexpr std::size_t kDefaultBudgetAtMost = 3'000'000'000;
std::size_t default_memory_budget();

// Features the viewer would mesh from `layers` (GDAL's count, without reading them), and the
// bytes that takes.
std::size_t features_to_mesh(const std::vector<const LayerToShow*>& layers);

// Throws TooLargeToMesh naming `source`, the features and the memory when `features` need more
// than `budget` bytes.
void check_fits_in_memory(const std::string& source, std::size_t features, std::size_t budget);

} // namespace scene
