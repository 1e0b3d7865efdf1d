#pragma once
#include <cstdint>

#include "county_plan.h"
#include "sample/generator.h"

namespace sample {

struct ParcelStats {
    std::int64_t written = 0;
    std::int64_t invalid = 0;
};

// Writes `count` parcels (地块): mostly inside the urban development boundary, some sticking
// out of it, some on farmland, a few on the red line, ~0.5% with invalid geometry.
ParcelStats write_parcels(GpkgWriter& out, const Landscape& land, const CountyPlan& plan, std::int64_t count,
                          const Progress& progress);

} // namespace sample
