#pragma once
// The one failure type of the geo library: a complete, user-facing line such as
// "roads.shp: layer 'roads' has no CRS; ...". Every public function that can fail on bad
// input throws geo::Error; programming errors are left to assertions.
#include <stdexcept>
#include <string>

namespace geo {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// `connection` with any password=… replaced by password=***, for messages and pictures.
std::string without_password(const std::string& connection);

// "PATH: PROBLEM", the shape of every message about a file (a connection's password hidden).
inline Error file_error(const std::string& path, const std::string& problem)
{
    return Error(without_password(path) + ": " + problem);
}

} // namespace geo
