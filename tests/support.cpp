#include "support.h"

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

#include <gdal_utils.h>

#include "geo/error.h"
#include "geo/gdal_ptr.h"

namespace test {

std::string sample_gpkg()
{
    return std::string(PLANVIEW_TEST_SAMPLE_DIR) + "/wuyi.gpkg";
}
std::string sample_dem()
{
    return std::string(PLANVIEW_TEST_SAMPLE_DIR) + "/wuyi_dem.tif";
}

TempDir::TempDir()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "planview-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir()
{
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

namespace {
std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
} // namespace

ProcessResult run_planview(const std::vector<std::string>& args, int timeout_s, bool without_display)
{
    return run_program(PLANVIEW_EXE, args, timeout_s, without_display);
}

ProcessResult run_program(const std::string& program, const std::vector<std::string>& args, int timeout_s,
                          bool without_display)
{
    TempDir dir;
    const std::string out_path = dir.file("stdout"), err_path = dir.file("stderr");
    const pid_t pid = fork();
    if (pid == 0) {
        const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(out, 1);
        dup2(err, 2);
        if (without_display)
            unsetenv("DISPLAY");
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(program.c_str()));
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(program.c_str(), argv.data());
        _exit(127);
    }
    ProcessResult result;
    int status = 0;
    for (int waited_ms = 0;; waited_ms += 20) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            break;
        if (waited_ms > timeout_s * 1000) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            result.timed_out = true;
            break;
        }
        usleep(20000);
    }
    result.signaled = WIFSIGNALED(status);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = slurp(out_path);
    result.err = slurp(err_path);
    return result;
}

namespace {

// Runs `sql` (GDAL's SQLite dialect) on `path` and hands each result row to `row`.
template <typename Row> void for_each_sql_row(const std::string& path, const std::string& sql, Row&& row)
{
    geo::ensure_gdal_registered();
    geo::DatasetPtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!dataset)
        throw std::runtime_error("cannot open " + path);
    OGRLayer* result = dataset->ExecuteSQL(sql.c_str(), nullptr, "SQLite");
    if (result == nullptr)
        throw std::runtime_error("SQL failed: " + geo::last_gdal_error(sql));
    const std::unique_ptr<OGRLayer, std::function<void(OGRLayer*)>> release(
        result, [&](OGRLayer* layer) { dataset->ReleaseResultSet(layer); });
    for (geo::FeaturePtr feature(result->GetNextFeature()); feature; feature.reset(result->GetNextFeature()))
        row(*feature);
}

} // namespace

double sql_number(const std::string& path, const std::string& sql)
{
    std::optional<double> value;
    for_each_sql_row(path, sql, [&](OGRFeature& row) {
        if (!value)
            value = row.GetFieldAsDouble(0);
    });
    return value.value_or(0.0);
}

geo::DatasetPtr ogr2ogr(const std::string& from, const std::string& to, const std::vector<std::string>& arguments)
{
    geo::ensure_gdal_registered();
    std::vector<char*> argv;
    for (const auto& a : arguments)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::unique_ptr<GDALVectorTranslateOptions, decltype(&GDALVectorTranslateOptionsFree)> options(
        GDALVectorTranslateOptionsNew(argv.data(), nullptr), GDALVectorTranslateOptionsFree);
    geo::DatasetPtr source(GDALDataset::Open(from.c_str(), GDAL_OF_VECTOR));
    if (!options || !source)
        throw std::runtime_error("ogr2ogr " + from + ": " + geo::last_gdal_error("cannot open"));
    GDALDatasetH handle = GDALDataset::ToHandle(source.get());
    geo::DatasetPtr written(
        GDALDataset::FromHandle(GDALVectorTranslate(to.c_str(), nullptr, 1, &handle, options.get(), nullptr)));
    if (!written)
        throw std::runtime_error("ogr2ogr " + from + " " + to + ": " + geo::last_gdal_error("failed"));
    return written;
}

std::string spatialite_valid(const std::string& g)
{
    return "(CASE WHEN ST_IsValid(" + g + ") THEN " + g + " ELSE CollectionExtract(ST_MakeValid(" + g + "),3) END)";
}

std::vector<std::string> sql_strings(const std::string& path, const std::string& sql)
{
    std::vector<std::string> values;
    for_each_sql_row(path, sql, [&](OGRFeature& row) { values.emplace_back(row.GetFieldAsString(0)); });
    return values;
}

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            lines.push_back(line);
    return lines;
}

std::string rtree_meets(const std::string& table, const std::string& alias, const std::string& geometry)
{
    return alias + ".fid IN (SELECT id FROM rtree_" + table + "_geom WHERE minx <= MbrMaxX(" + geometry +
           ") AND maxx >= MbrMinX(" + geometry + ") AND miny <= MbrMaxY(" + geometry + ") AND maxy >= MbrMinY(" +
           geometry + "))";
}

} // namespace test
