// Parcel review records: saved in the county's GeoPackage (or PostgreSQL) beside layers that stay
// untouched, with their history; a stale save refused with the other version; figures equal to
// the check's; the command line; writers killed with SIGKILL lose no acknowledged save; many
// writers at once lose no update.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "geo/compliance.h"
#include "geo/gdal_ptr.h"
#include "geo/review.h"
#include "support.h"

namespace {

// A copy of the sample county to review (the fixture's stays as generated).
std::string county_copy(const test::TempDir& dir)
{
    const std::string path = dir.file("county.gpkg");
    std::filesystem::copy_file(test::sample_gpkg(), path);
    return path;
}

std::vector<std::string> parcel_ids(const std::string& county, int n)
{
    return test::sql_strings(county, "SELECT parcel_id FROM parcels ORDER BY fid LIMIT " + std::to_string(n));
}

geo::ReviewRecord decision(const std::string& id, geo::ReviewStatus status, const std::string& opinion,
                           const std::string& reviewer)
{
    geo::ReviewRecord r;
    r.parcel_id = id;
    r.status = status;
    r.opinion = opinion;
    r.reviewer = reviewer;
    return r;
}

// What every store must do: save, refuse a stale save showing the other version, keep history.
void expect_records_and_history(geo::ReviewStore& store, const std::string& id)
{
    auto first = decision(id, geo::ReviewStatus::Approved, "符合规划，同意", "张三");
    first.figures = geo::ReviewFigures{1000, 250, 0, 10, "farmland;outside_ucb"};
    const auto saved = store.save(first, 0);
    ASSERT_TRUE(saved.saved);
    EXPECT_EQ(saved.record.version, 1);
    EXPECT_FALSE(saved.record.reviewed_at.empty());

    // A second reviewer who also saw "never reviewed" is refused and shown 张三's decision.
    const auto stale = store.save(decision(id, geo::ReviewStatus::Returned, "退回", "李四"), 0);
    EXPECT_FALSE(stale.saved);
    EXPECT_EQ(stale.record.version, 1);
    EXPECT_EQ(stale.record.reviewer, "张三");
    EXPECT_EQ(stale.record.status, geo::ReviewStatus::Approved);
    EXPECT_EQ(stale.record.opinion, "符合规划，同意");

    // Over a version that never was: refused, the record as it is.
    const auto ahead = store.save(decision(id, geo::ReviewStatus::Returned, "", "李四"), 7);
    EXPECT_FALSE(ahead.saved);
    EXPECT_EQ(ahead.record.version, 1);
    const auto never = store.save(decision("never-reviewed", geo::ReviewStatus::Returned, "", "李四"), 3);
    EXPECT_FALSE(never.saved);
    EXPECT_EQ(never.record.version, 0);

    // Over the version shown: saved, the figures of the first decision kept when none are given.
    const auto second = store.save(decision(id, geo::ReviewStatus::Amend, "补充'林地'材料", "李四"), 1);
    ASSERT_TRUE(second.saved);
    const auto now = store.record(id);
    ASSERT_TRUE(now);
    EXPECT_EQ(now->version, 2);
    EXPECT_EQ(now->status, geo::ReviewStatus::Amend);
    EXPECT_EQ(now->opinion, "补充'林地'材料"); // quotes survive the SQL
    ASSERT_TRUE(now->figures);
    EXPECT_DOUBLE_EQ(now->figures->farmland_m2, 250);
    EXPECT_EQ(now->figures->conflict, "farmland;outside_ucb");

    const auto history = store.history(id);
    ASSERT_EQ(history.size(), 2U);
    EXPECT_EQ(history[0].version, 1);
    EXPECT_EQ(history[0].from_status, "");
    EXPECT_EQ(history[0].to_status, "通过");
    EXPECT_EQ(history[1].from_status, "通过");
    EXPECT_EQ(history[1].to_status, "需补正");
    EXPECT_EQ(history[1].reviewer, "李四");
    EXPECT_EQ(store.records().size(), 1U);
}

// Several writers, each with its own connection, decide on the same few parcels, each over the
// version it has just read: every save that reported success is in the history once, versions
// run 1, 2, 3 … without a gap or a repeat, and the record is the last of them.
void expect_no_lost_update(const std::string& target, const std::vector<std::string>& ids)
{
    constexpr int kWriters = 4, kSaves = 40;
    std::vector<std::vector<std::pair<std::string, std::int64_t>>> saved(kWriters);
    std::vector<std::thread> writers;
    std::atomic<int> refused{0};
    for (int w = 0; w < kWriters; ++w)
        writers.emplace_back([&, w] {
            geo::ReviewStore store(target);
            for (int i = 0; i < kSaves; ++i) {
                const std::string& id = ids[static_cast<std::size_t>(i * 7 + w) % ids.size()];
                const auto current = store.record(id);
                const auto result =
                    store.save(decision(id, static_cast<geo::ReviewStatus>(i % 4),
                                        "writer " + std::to_string(w) + " save " + std::to_string(i), "w"),
                               current ? current->version : 0);
                if (result.saved)
                    saved[static_cast<std::size_t>(w)].emplace_back(id, result.record.version);
                else
                    ++refused;
            }
        });
    for (auto& t : writers)
        t.join();
    geo::ReviewStore store(target);
    std::map<std::string, std::int64_t> acknowledged;
    std::size_t total = 0;
    for (const auto& list : saved)
        for (const auto& [id, version] : list) {
            acknowledged[id] = std::max(acknowledged[id], version);
            ++total;
        }
    EXPECT_GT(total, static_cast<std::size_t>(kWriters * kSaves / 2)) << refused << " refused";
    std::size_t in_history = 0;
    for (const auto& id : ids) {
        const auto history = store.history(id);
        std::int64_t expected_version = 1;
        std::string previous;
        for (const auto& change : history) {
            EXPECT_EQ(change.version, expected_version++) << id;
            EXPECT_EQ(change.from_status, previous) << id << " version " << change.version;
            previous = change.to_status;
        }
        in_history += history.size();
        const auto record = store.record(id);
        ASSERT_TRUE(record) << id;
        EXPECT_EQ(record->version, static_cast<std::int64_t>(history.size()));
        EXPECT_EQ(record->opinion, history.back().opinion);
        EXPECT_GE(record->version, acknowledged[id]);
    }
    EXPECT_EQ(in_history, total) << "every acknowledged save, and nothing else, is in the history";
}

} // namespace

// Built twice: review_test (the GeoPackage) and, with PLANVIEW_TEST_PG, review_pg_test (the
// team's PostgreSQL, whose fixture starts the server once the sample county is made).
#ifndef PLANVIEW_TEST_PG

TEST(Review, GeoPackageKeepsRecordsAndHistoryBesideUntouchedLayers)
{
    test::TempDir dir;
    const std::string county = county_copy(dir);
    const std::string layers_sql = "SELECT table_name || ':' || last_change FROM gpkg_contents ORDER BY table_name";
    const auto before = test::sql_strings(county, layers_sql);
    const double parcels = test::sql_number(county, "SELECT count(*) FROM parcels");
    {
        geo::ReviewStore store(county);
        EXPECT_EQ(store.integrity_check(), "ok");
        expect_records_and_history(store, parcel_ids(county, 1).front());
    }
    // The county's own layers: the same, unchanged since they were written.
    auto after = test::sql_strings(county, layers_sql);
    std::erase_if(after, [](const std::string& row) { return row.rfind("parcel_review", 0) == 0; });
    EXPECT_EQ(after, before);
    EXPECT_EQ(test::sql_number(county, "SELECT count(*) FROM parcels"), parcels);
    EXPECT_EQ(test::sql_strings(county, "PRAGMA journal_mode"), std::vector<std::string>{"wal"});
    // And it reopens with what was saved.
    EXPECT_EQ(geo::ReviewStore(county).record(parcel_ids(county, 1).front())->version, 2);
}

TEST(Review, ManyWritersOnOneGeoPackageLoseNoUpdate)
{
    test::TempDir dir;
    const std::string county = county_copy(dir);
    expect_no_lost_update(county, parcel_ids(county, 5));
    EXPECT_EQ(geo::ReviewStore(county).integrity_check(), "ok");
}

// A decision records the parcel's figures as the check computes them (reading only the overlay
// features near the parcel), for parcels on each kind of conflict.
TEST(Review, FiguresAreTheChecksFigures)
{
    geo::CheckOptions options;
    options.parcels = options.farmland = options.redline = options.ucb = {test::sample_gpkg(), {}};
    options.measure_zones = false;
    std::map<std::string, geo::ReviewFigures> checked;
    std::map<std::string, std::string> by_kind;
    geo::CheckCallbacks callbacks;
    callbacks.on_batch = [&](std::vector<geo::ParcelCheck>& batch) {
        for (const auto& p : batch) {
            checked[p.parcel_id] = {p.area_m2, p.farmland_m2, p.redline_m2, p.outside_ucb_m2, p.conflict};
            by_kind.emplace(p.conflict, p.parcel_id);
        }
    };
    geo::run_check(options, callbacks);
    ASSERT_GE(by_kind.size(), 3U) << "the sample has too few kinds of conflict";
    for (const auto& [kind, id] : by_kind) {
        const geo::ReviewFigures figures = geo::review_figures(test::sample_gpkg(), id);
        const geo::ReviewFigures& expected = checked.at(id);
        EXPECT_NEAR(figures.area_m2, expected.area_m2, 0.01) << id;
        EXPECT_NEAR(figures.farmland_m2, expected.farmland_m2, 0.01) << id;
        EXPECT_NEAR(figures.redline_m2, expected.redline_m2, 0.01) << id;
        EXPECT_NEAR(figures.outside_ucb_m2, expected.outside_ucb_m2, 0.01) << id;
        EXPECT_EQ(figures.conflict, expected.conflict) << id;
    }
    EXPECT_THROW(geo::review_figures(test::sample_gpkg(), "no-such-parcel"), geo::Error);
}

TEST(Review, CommandLineSetsExportsAndListsTheTrail)
{
    test::TempDir dir;
    const std::string county = county_copy(dir);
    const auto ids = parcel_ids(county, 3);
    auto set = [&](const std::string& id, const std::string& status, const std::vector<std::string>& more = {}) {
        std::vector<std::string> args{"review", county, "--set", id, "--status", status, "--reviewer", "王五"};
        args.insert(args.end(), more.begin(), more.end());
        return test::run_planview(args);
    };
    auto r = set(ids[0], "通过", {"--opinion", "同意"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("saved " + ids[0] + ": 通过, version 1"), std::string::npos) << r.out;
    r = set(ids[1], "returned");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    r = set(ids[2], "amend", {"--opinion", "补正"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    // Over a version someone else has replaced: refused, exit 3, the other version named.
    r = set(ids[0], "退回", {"--expect-version", "0"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("王五"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("version 1"), std::string::npos) << r.err;
    EXPECT_EQ(test::lines_of(r.err).size(), 1U) << r.err;
    r = set(ids[0], "退回", {"--expect-version", "1", "--opinion", "再议"});
    EXPECT_EQ(r.exit_code, 0) << r.err;

    // Bad input: one line, non-zero.
    r = set(ids[0], "maybe");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("maybe"), std::string::npos) << r.err;
    r = set("no-such-parcel", "通过");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("no-such-parcel"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(county), std::string::npos) << r.err;
    EXPECT_EQ(test::lines_of(r.err).size(), 1U) << r.err;

    // Exports GDAL reads back: the three parcels with their latest decisions and figures.
    for (const std::string name : {"review.csv", "review.xlsx", "review.gpkg"}) {
        r = test::run_planview({"review", county, "--export", dir.file(name)});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const std::string table = name == "review.csv" ? "review" : "parcel_review";
        EXPECT_EQ(test::sql_strings(dir.file(name), "SELECT parcel_id || ' ' || status || ' ' || version FROM \"" +
                                                        table + "\" ORDER BY parcel_id"),
                  (std::vector<std::string>{ids[0] + " 退回 2", ids[1] + " 退回 1", ids[2] + " 需补正 1"}))
            << name;
        const geo::ReviewFigures figures = geo::review_figures(county, ids[2]);
        EXPECT_NEAR(test::sql_number(dir.file(name), "SELECT CAST(area_mu AS REAL) FROM \"" + table +
                                                         "\" WHERE parcel_id = '" + ids[2] + "'"),
                    figures.area_m2 / (2000.0 / 3.0), 1e-6)
            << name;
    }
    r = test::run_planview({"review", county, "--history", ids[0]});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(test::lines_of(r.out).size(), 2U) << r.out;
    EXPECT_NE(test::lines_of(r.out)[1].find("通过 -> 退回"), std::string::npos) << r.out;
}

// Review sheets: one A4 page per parcel, for the ids given or every reviewed parcel, with the map
// of the parcel (colour) and the text (dark) on it; an unknown parcel is a one-line error.
TEST(Review, SheetsAreOneA4PagePerParcel)
{
    test::TempDir dir;
    const std::string county = county_copy(dir);
    const auto ids = parcel_ids(county, 2);
    for (const auto& id : ids) {
        const auto r = test::run_planview({"review", county, "--set", id, "--status", "需补正", "--opinion",
                                           "请补充用地预审材料", "--reviewer", "张三"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    auto r = test::run_planview({"review", county, "--sheet", "all", "--out", dir.file("sheets")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const auto& id : ids) {
        const std::string pdf = dir.file("sheets/" + id + ".pdf");
        geo::DatasetPtr page(GDALDataset::Open(pdf.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
        ASSERT_TRUE(page) << pdf;
        EXPECT_NEAR(static_cast<double>(page->GetRasterYSize()) / page->GetRasterXSize(), 297.0 / 210.0, 0.01);
        // Read at a tenth of its size: some pixels dark (text, rules), some coloured (the map).
        const int w = page->GetRasterXSize() / 10, h = page->GetRasterYSize() / 10;
        std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * h * 3);
        int bands[3] = {1, 2, 3};
        ASSERT_EQ(page->RasterIO(GF_Read, 0, 0, page->GetRasterXSize(), page->GetRasterYSize(), rgb.data(), w, h,
                                 GDT_Byte, 3, bands, 3, 3L * w, 1, nullptr),
                  CE_None);
        int dark = 0, coloured = 0;
        for (std::size_t i = 0; i < rgb.size(); i += 3) {
            const int lo = std::min({rgb[i], rgb[i + 1], rgb[i + 2]}), hi = std::max({rgb[i], rgb[i + 1], rgb[i + 2]});
            dark += hi < 90 ? 1 : 0;
            coloured += hi - lo > 60 ? 1 : 0;
        }
        EXPECT_GT(dark, w * h / 200) << pdf << ": no text";
        EXPECT_GT(coloured, w * h / 20) << pdf << ": no map";
    }
    r = test::run_planview({"review", county, "--sheet", "no-such-parcel", "--out", dir.file("sheets")});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("no-such-parcel"), std::string::npos) << r.err;
    EXPECT_EQ(test::lines_of(r.err).size(), 1U) << r.err;
}

// Writers run `planview review --set` one after another, four at a time, on a few parcels, and
// are killed with SIGKILL at random moments. Every save acknowledged (exit 0 and its "saved" line)
// is in the history afterwards, versions have no gap, and the GeoPackage passes integrity_check.
TEST(Review, WritersKilledAtRandomLoseNoAcknowledgedSave)
{
    test::TempDir dir;
    const std::string county = county_copy(dir);
    const auto ids = parcel_ids(county, 4);
    // No tables yet: the first writers make them, and may be killed while they do.

    struct Writer {
        pid_t pid = -1;
        int out = -1;
        std::string text;
        std::chrono::steady_clock::time_point kill_at;
        bool to_kill = false;
    };
    std::mt19937 random(11);
    std::vector<Writer> running;
    std::map<std::pair<std::string, std::int64_t>, std::string> acknowledged; // (id, version) -> opinion
    int started = 0, killed = 0;
    auto start = [&] {
        const std::string id = ids[random() % ids.size()];
        const std::string opinion = "save " + std::to_string(started++);
        int pipe_fds[2];
        ASSERT_EQ(pipe(pipe_fds), 0);
        const pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            dup2(pipe_fds[1], STDOUT_FILENO);
            const int null = open("/dev/null", O_WRONLY);
            dup2(null, STDERR_FILENO);
            close(pipe_fds[0]);
            std::vector<std::string> args{PLANVIEW_EXE, "review",    county,  "--set",      id, "--status",
                                          "通过",       "--opinion", opinion, "--reviewer", "w"};
            std::vector<char*> argv;
            for (auto& a : args)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            execv(PLANVIEW_EXE, argv.data());
            _exit(127);
        }
        close(pipe_fds[1]);
        Writer w;
        w.pid = pid;
        w.out = pipe_fds[0];
        w.to_kill = random() % 3 == 0;
        w.kill_at = std::chrono::steady_clock::now() + std::chrono::milliseconds(random() % 400);
        running.push_back(w);
    };
    while (started < 120 || !running.empty()) {
        while (started < 120 && running.size() < 4)
            start();
        for (auto it = running.begin(); it != running.end();) {
            char buffer[512];
            pollfd p{it->out, POLLIN, 0};
            while (poll(&p, 1, 0) > 0 && (p.revents & POLLIN) != 0) {
                const ssize_t n = read(it->out, buffer, sizeof buffer);
                if (n <= 0)
                    break;
                it->text.append(buffer, static_cast<std::size_t>(n));
            }
            if (it->to_kill && std::chrono::steady_clock::now() >= it->kill_at) {
                kill(it->pid, SIGKILL);
                it->to_kill = false;
                ++killed;
            }
            int status = 0;
            if (waitpid(it->pid, &status, WNOHANG) != it->pid) {
                ++it;
                continue;
            }
            ssize_t n = 0;
            while ((n = read(it->out, buffer, sizeof buffer)) > 0)
                it->text.append(buffer, static_cast<std::size_t>(n));
            close(it->out);
            if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
                // "saved ID: 通过, version N, … opinion: save K"
                const std::string& t = it->text;
                const auto id_end = t.find(':');
                const auto version_at = t.find("version ");
                const auto opinion_at = t.find("opinion: ");
                EXPECT_TRUE(t.rfind("saved ", 0) == 0 && version_at != std::string::npos &&
                            opinion_at != std::string::npos)
                    << t;
                if (version_at != std::string::npos && opinion_at != std::string::npos)
                    acknowledged[{t.substr(6, id_end - 6), std::stoll(t.substr(version_at + 8))}] =
                        t.substr(opinion_at + 9, t.find('\n', opinion_at) - opinion_at - 9);
            }
            it = running.erase(it);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_GT(killed, 10);
    EXPECT_GT(acknowledged.size(), 20U);

    geo::ReviewStore store(county);
    EXPECT_EQ(store.integrity_check(), "ok");
    std::map<std::pair<std::string, std::int64_t>, std::string> recorded;
    for (const auto& id : ids) {
        std::int64_t version = 1;
        for (const auto& change : store.history(id)) {
            EXPECT_EQ(change.version, version++) << id;
            recorded[{id, change.version}] = change.opinion;
        }
    }
    for (const auto& [key, opinion] : acknowledged) {
        ASSERT_TRUE(recorded.contains(key)) << key.first << " version " << key.second << " was acknowledged, then lost";
        EXPECT_EQ(recorded[key], opinion) << key.first << " version " << key.second;
    }
}

#else

// The same records, history and concurrency on a team's PostgreSQL (a private server the
// fixture starts on 127.0.0.1), each test in a schema of its own.
class ReviewOnPostgres : public ::testing::Test {
protected:
    void SetUp() override
    {
        // Lower case: PostgreSQL folds the unquoted name, GDAL's active_schema does not.
        std::string schema = std::string("t_") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
        std::transform(schema.begin(), schema.end(), schema.begin(), [](unsigned char c) { return std::tolower(c); });
        const std::string base = PLANVIEW_TEST_PG;
        geo::ensure_gdal_registered();
        geo::DatasetPtr db(GDALDataset::Open(base.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        ASSERT_TRUE(db) << "no PostgreSQL at " << base << ": " << CPLGetLastErrorMsg();
        for (const std::string& sql : {"DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema})
            db->ReleaseResultSet(db->ExecuteSQL(sql.c_str(), nullptr, nullptr));
        target_ = base + " active_schema=" + schema;
    }
    std::string target_;
};

TEST_F(ReviewOnPostgres, KeepsRecordsAndHistory)
{
    geo::ReviewStore store(target_);
    ASSERT_TRUE(store.is_postgres());
    expect_records_and_history(store, parcel_ids(test::sample_gpkg(), 1).front());
}

TEST_F(ReviewOnPostgres, ManyWritersLoseNoUpdate)
{
    expect_no_lost_update(target_, parcel_ids(test::sample_gpkg(), 5));
}

TEST_F(ReviewOnPostgres, CommandLineSavesThereAndExports)
{
    test::TempDir dir;
    const std::string county = county_copy(dir);
    const std::string id = parcel_ids(county, 1).front();
    auto r = test::run_planview(
        {"review", county, "--set", id, "--status", "approved", "--reviewer", "赵六", "--review-db", target_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = test::run_planview({"review", county, "--export", dir.file("team.csv"), "--review-db", target_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(test::sql_strings(dir.file("team.csv"), "SELECT parcel_id || ' ' || status || ' ' || reviewer FROM team"),
              std::vector<std::string>{id + " 通过 赵六"});
    // Nothing went into the county's GeoPackage.
    EXPECT_TRUE(test::sql_strings(county, "SELECT table_name FROM gpkg_contents WHERE table_name LIKE 'parcel_review%'")
                    .empty());
}

#endif
