#pragma once
// Helpers shared by the tests: the sample county made by the ctest fixture, temporary
// directories, running the real planview binary, and asking GDAL's SQLite/SpatiaLite
// dialect for figures to compare against.
#include <filesystem>
#include <string>
#include <vector>

#include "geo/gdal_ptr.h"

namespace test {

std::string sample_gpkg();
std::string sample_dem();

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

struct ProcessResult {
    int exit_code = -1;    // valid when !signaled
    bool signaled = false; // ended by a signal (a crash)
    bool timed_out = false;
    std::string out, err;
};

// Runs the built planview with `args`; kills it after `timeout_s` seconds.
// With `without_display`, DISPLAY is unset for it (as on a server with no X).
ProcessResult run_planview(const std::vector<std::string>& args, int timeout_s = 120, bool without_display = false);
// The same for any `program`.
ProcessResult run_program(const std::string& program, const std::vector<std::string>& args, int timeout_s = 120,
                          bool without_display = false);

// One number from an SQL statement in GDAL's SQLite dialect (SpatiaLite functions) on `path`.
double sql_number(const std::string& path, const std::string& sql);
// `geometry` made valid as the engines under test do (MakeValid's polygonal part), in SQL.
std::string spatialite_valid(const std::string& geometry);
// The first column of every row of such a statement, as text.
std::vector<std::string> sql_strings(const std::string& path, const std::string& sql);

std::vector<std::string> lines_of(const std::string& text);

// GDAL's ogr2ogr, as a user runs it: `from` written to `to` with `arguments` (options, then the
// layers to copy); the written dataset, still open. Throws std::runtime_error with GDAL's message
// when it fails.
geo::DatasetPtr ogr2ogr(const std::string& from, const std::string& to, const std::vector<std::string>& arguments);

// An SQL condition (GDAL's SQLite dialect on a GeoPackage): `alias`.fid is one of `table`'s
// features whose R-tree box meets `geometry`'s. The index a join needs over tens of thousands of
// farmland patches; without it SQLite compares every pair.
std::string rtree_meets(const std::string& table, const std::string& alias, const std::string& geometry);

} // namespace test
