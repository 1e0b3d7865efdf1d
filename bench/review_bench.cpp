// Review records benchmark: save latency (median, p99) of one reviewer saving one decision after
// another, then WRITERS reviewers at once (each its own connection, on the same few hundred
// parcels, each save over the version it has just read): throughput, saves refused as stale,
// and lost updates (acknowledged saves missing from the history, or a version chain with a gap
// or a repeat — must be 0). On a GeoPackage (WAL, synchronous=FULL) and, given one, PostgreSQL.
// Usage: review_bench TARGET [SAVES=1000] [WRITERS=4]
//   TARGET: a GeoPackage path (made empty here; removed first if it exists) or "PG:…"
// With --source COUNTY: the review of a county viewed as pictures, worked from its source
// (geo/review_source.h): reading the parcels' ids, towns and classes, one parcel's figures at 200
// random parcels, every parcel's conflict; the process's peak memory after each.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "geo/error.h"
#include "geo/gdal_ptr.h"
#include "geo/review.h"
#include "geo/review_source.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

geo::ReviewRecord decision(const std::string& id, int i, const std::string& reviewer)
{
    geo::ReviewRecord r;
    r.parcel_id = id;
    r.status = static_cast<geo::ReviewStatus>(i % 4);
    r.opinion = "意见 " + std::to_string(i);
    r.reviewer = reviewer;
    r.figures = geo::ReviewFigures{1000.0 + i, 10, 0, 5, "farmland;outside_ucb"};
    return r;
}

std::string parcel(int i)
{
    char id[32];
    std::snprintf(id, sizeof id, "330723-%07d", i);
    return id;
}

// The process's peak resident memory (VmHWM), MB.
long peak_mb()
{
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6)) / 1024;
    return -1;
}

int review_from_source(const std::string& county)
{
    auto start = Clock::now();
    const geo::FeatureTable parcels = geo::load_review_parcels(county);
    std::printf("%s: %zu parcels' ids, towns and classes read in %.2f s, peak %ld MB\n", county.c_str(), parcels.size(),
                ms_since(start) / 1000, peak_mb());
    start = Clock::now();
    const geo::SourceReview review = geo::source_review(county);
    std::printf("the check's working CRS, %s, chosen in %.0f ms\n", review.working_crs.c_str(), ms_since(start));
    std::mt19937 random(7);
    std::vector<double> latency;
    std::size_t conflicting = 0;
    for (int i = 0; i < 200 && parcels.size() > 0; ++i) {
        const std::size_t row = random() % parcels.size();
        start = Clock::now();
        const geo::ParcelCheck parcel = geo::check_source_parcel(review, parcels.fid(row));
        latency.push_back(ms_since(start));
        conflicting += parcel.conflict.empty() ? 0 : 1;
    }
    if (!latency.empty())
        std::printf("one parcel's figures, 200 random parcels (%zu conflicting): median %.1f ms, max %.1f ms\n",
                    conflicting, percentile(latency, 0.5), *std::max_element(latency.begin(), latency.end()));
    start = Clock::now();
    std::size_t checked = 0, conflicts = 0;
    geo::check_every_parcel(review, [&](std::vector<geo::ParcelCheck>& batch) {
        checked += batch.size();
        for (const auto& parcel : batch)
            conflicts += parcel.conflict.empty() ? 0 : 1;
    });
    std::printf("every parcel's conflict: %zu parcels, %zu conflicting, %.2f s, peak %ld MB\n", checked, conflicts,
                ms_since(start) / 1000, peak_mb());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 3 && std::string(argv[1]) == "--source") {
        try {
            return review_from_source(argv[2]);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "review_bench: %s\n", e.what());
            return 1;
        }
    }
    if (argc < 2) {
        std::fprintf(stderr, "usage: review_bench TARGET.gpkg|PG:... [SAVES=1000] [WRITERS=4]\n"
                             "       review_bench --source COUNTY\n");
        return 2;
    }
    const std::string target = argv[1];
    const int saves = argc > 2 ? std::stoi(argv[2]) : 1000;
    const int writers = argc > 3 ? std::stoi(argv[3]) : 4;
    try {
        if (target.rfind("PG:", 0) != 0) {
            std::filesystem::remove(target);
            geo::ensure_gdal_registered();
            geo::DatasetPtr made(
                GetGDALDriverManager()->GetDriverByName("GPKG")->Create(target.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
            if (!made)
                throw geo::Error("cannot create " + target);
        }

        // One reviewer, one decision after another, each on a new parcel and then over it again.
        std::vector<double> latency;
        {
            geo::ReviewStore store(target);
            for (int i = 0; i < saves; ++i) {
                const std::string id = parcel(1000000 + i % (saves / 2 + 1));
                const auto current = store.record(id);
                const auto start = Clock::now();
                const auto result = store.save(decision(id, i, "solo"), current ? current->version : 0);
                latency.push_back(ms_since(start));
                if (!result.saved)
                    throw geo::Error("a lone reviewer's save was refused");
            }
        }
        std::printf("%s: one reviewer, %d saves: median %.2f ms, p99 %.2f ms, max %.2f ms\n", target.c_str(), saves,
                    percentile(latency, 0.5), percentile(latency, 0.99),
                    *std::max_element(latency.begin(), latency.end()));

        // Several at once on 200 parcels: conflicts happen, and must be refused, never lost.
        constexpr int kParcels = 200;
        std::vector<std::vector<std::pair<std::string, std::int64_t>>> acknowledged(static_cast<std::size_t>(writers));
        std::atomic<long> refused{0};
        const auto start = Clock::now();
        std::vector<std::thread> threads;
        for (int w = 0; w < writers; ++w)
            threads.emplace_back([&, w] {
                geo::ReviewStore store(target);
                for (int i = 0; i < saves; ++i) {
                    const std::string id = parcel((i * 37 + w * 11) % kParcels);
                    const auto current = store.record(id);
                    const auto result =
                        store.save(decision(id, i, "writer " + std::to_string(w)), current ? current->version : 0);
                    if (result.saved)
                        acknowledged[static_cast<std::size_t>(w)].emplace_back(id, result.record.version);
                    else
                        ++refused;
                }
            });
        for (auto& t : threads)
            t.join();
        const double seconds = ms_since(start) / 1000;

        // Every acknowledged save is in the history exactly once; versions run 1, 2, 3 …
        geo::ReviewStore store(target);
        std::map<std::pair<std::string, std::int64_t>, int> in_history;
        long chain_errors = 0;
        for (int p = 0; p < kParcels; ++p) {
            std::int64_t expected = 1;
            for (const auto& change : store.history(parcel(p))) {
                chain_errors += change.version == expected++ ? 0 : 1;
                ++in_history[{change.parcel_id, change.version}];
            }
        }
        long saved = 0, lost = 0;
        for (const auto& list : acknowledged)
            for (const auto& key : list) {
                ++saved;
                lost += in_history[key] == 1 ? 0 : 1;
            }
        std::printf("%s: %d writers × %d saves on %d parcels: %ld saved, %ld refused as stale, %.1f s, "
                    "%.0f saves/s; lost updates %ld, version-chain errors %ld; integrity_check %s\n",
                    target.c_str(), writers, saves, kParcels, saved, refused.load(), seconds,
                    static_cast<double>(saved) / seconds, lost, chain_errors, store.integrity_check().c_str());
        return lost == 0 && chain_errors == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "review_bench: %s\n", e.what());
        return 1;
    }
}
