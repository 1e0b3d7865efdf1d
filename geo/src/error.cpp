#include "geo/error.h"

#include <regex>

namespace geo {

std::string without_password(const std::string& connection)
{
    static const std::regex password(R"(password\s*=\s*('[^']*'|\S+))", std::regex::icase);
    return std::regex_replace(connection, password, "password=***");
}

} // namespace geo
