#include "geo/staging.h"

#include <cerrno>
#include <cpl_json.h>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "geo/error.h"

namespace geo {

StagingDir::StagingDir(const std::string& destination)
{
    const std::filesystem::path target(destination);
    const std::filesystem::path parent = target.parent_path().empty() ? "." : target.parent_path();
    // The stem, not the file name: GDAL's /vsizip/ takes a folder named "x.xlsx.partial" for
    // the archive and fails to write an XLSX inside it.
    std::string pattern = (parent / ("." + target.stem().string() + ".partial-XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    if (mkdtemp(name.data()) == nullptr)
        throw file_error(destination, std::string("cannot create a file beside it (") + std::strerror(errno) + ")");
    folder_ = name.data();
}

StagingDir::~StagingDir()
{
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec); // what is left was not committed
}

std::string StagingDir::path_for(const std::string& file_name) const
{
    return (std::filesystem::path(folder_) / file_name).string();
}

void StagingDir::move_into_place(const std::string& staged, const std::string& destination)
{
    std::error_code ec;
    std::filesystem::rename(staged, destination, ec);
    if (ec)
        throw file_error(destination, "cannot move the result into place: " + ec.message());
}

void save_json_atomically(const CPLJSONDocument& document, const std::string& path, const std::string& what)
{
    StagingDir staging(path);
    const std::string staged = staging.path_for("content.json");
    if (!document.Save(staged))
        throw file_error(path, "cannot write " + what);
    StagingDir::move_into_place(staged, path);
}

} // namespace geo
