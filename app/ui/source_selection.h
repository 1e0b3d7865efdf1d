#pragma once
// Features of one layer across the sources that hold it (a county's file, or each county of a
// city side by side): a query's result or rows of the attribute table, where the county is
// viewed as pictures and its features are known by their sources' feature ids.
#include <cstdint>
#include <string>
#include <vector>

namespace ui {

struct SourceFeatures {
    std::string path;               // a source holding the layer
    std::vector<std::int64_t> fids; // its features chosen
};

struct SourceSelection {
    std::string layer;
    std::vector<SourceFeatures> sources; // each source at most once

    std::size_t size() const
    {
        std::size_t n = 0;
        for (const SourceFeatures& s : sources)
            n += s.fids.size();
        return n;
    }
};

} // namespace ui
