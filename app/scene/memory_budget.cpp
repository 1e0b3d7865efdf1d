#include "memory_budget.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <ogrsf_frmts.h>

#include "county_loader.h"

namespace scene {

std::optional<std::size_t> available_memory()
{
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::size_t kilobytes = 0;
    std::string unit;
    while (meminfo >> key >> kilobytes >> unit)
        if (key == "MemAvailable:")
            return kilobytes * 1024;
    return std::nullopt;
}

std::size_t default_memory_budget()
{
    return std::min(available_memory().value_or(kDefaultBudgetAtMost), kDefaultBudgetAtMost);
}

std::size_t features_to_mesh(const std::vector<const LayerToShow*>& layers)
{
    std::size_t features = 0;
    for (const LayerToShow* layer : layers) {
        const GIntBig count = layer->layer->GetFeatureCount(TRUE);
        features += count > 0 ? static_cast<std::size_t>(count) : 0;
    }
    return features;
}

void check_fits_in_memory(const std::string& source, std::size_t features, std::size_t budget)
{
    const std::size_t needed = features * kViewerBytesPerFeature;
    if (needed <= budget)
        return;
    auto gigabytes = [](std::size_t bytes) {
        char text[32];
        std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / 1e9);
        return std::string(text);
    };
    std::ostringstream message;
    message << source << ": " << features << " features need about " << gigabytes(needed)
            << " of memory to mesh in 3D, more than the " << gigabytes(budget)
            << " the viewer takes (the memory free up to 3 GB, or --memory-budget)";
    throw TooLargeToMesh(geo::without_password(message.str()),
                         {geo::without_password(source), features, needed, budget});
}

} // namespace scene
