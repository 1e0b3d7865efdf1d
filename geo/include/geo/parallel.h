#pragma once
// Runs `work(worker, index)` for every index in [0, count) on `threads` threads (the
// caller's included), worker w taking indexes w, w + threads, ... Each worker index is stable
// for the call, so callers keep per-worker state (GEOS prepared geometries) in a vector.
// An exception in any worker is rethrown on the calling thread as geo::Error, after all joined.
#include <cstddef>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "geo/error.h"

namespace geo {

int default_thread_count();

template <typename Work> void parallel_for(std::size_t count, int threads, Work&& work)
{
    std::vector<std::string> errors(static_cast<std::size_t>(threads));
    auto run = [&](int worker) {
        try {
            for (std::size_t i = static_cast<std::size_t>(worker); i < count; i += static_cast<std::size_t>(threads))
                work(worker, i);
        } catch (const std::exception& e) {
            errors[static_cast<std::size_t>(worker)] = e.what();
        }
    };
    std::vector<std::thread> pool;
    for (int w = 1; w < threads; ++w)
        pool.emplace_back(run, w);
    run(0);
    for (auto& t : pool)
        t.join();
    for (const auto& error : errors)
        if (!error.empty())
            throw Error(error);
}

} // namespace geo
