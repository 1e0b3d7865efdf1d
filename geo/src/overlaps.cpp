#include "geo/overlaps.h"

#include "geo/parallel.h"

namespace geo {

std::vector<std::pair<std::size_t, std::size_t>> overlapping_pairs(const std::vector<GeomPtr>& polygons, int threads)
{
    auto ctx = geos_context();
    const std::size_t n = polygons.size();
    StrTreePtr tree(GEOSSTRtree_create_r(ctx, 10));
    std::vector<std::size_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) {
        ids[i] = i;
        GEOSSTRtree_insert_r(ctx, tree.get(), polygons[i].get(), &ids[i]);
    }
    build_now(*tree); // the workers only read it
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> found(static_cast<std::size_t>(threads));
    parallel_for(n, threads, [&](int worker, std::size_t i) {
        auto worker_ctx = geos_context();
        PreparedPtr prepared;
        for (const std::size_t j : query_indexes(*tree, *polygons[i])) {
            if (j <= i)
                continue;
            if (!prepared)
                prepared.reset(GEOSPrepare_r(worker_ctx, polygons[i].get()));
            if (GEOSPreparedIntersects_r(worker_ctx, prepared.get(), polygons[j].get()) == 1 &&
                GEOSPreparedTouches_r(worker_ctx, prepared.get(), polygons[j].get()) != 1)
                found[static_cast<std::size_t>(worker)].emplace_back(i, j);
        }
    });
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (auto& f : found)
        pairs.insert(pairs.end(), f.begin(), f.end());
    return pairs;
}

} // namespace geo
