#include "geo/gdal_ptr.h"

#include <mutex>

namespace geo {

void ensure_gdal_registered()
{
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

std::string last_gdal_error(const std::string& fallback)
{
    const char* message = CPLGetLastErrorMsg();
    if (message == nullptr || *message == '\0')
        return fallback;
    // One line: drivers pass on multi-line messages (libpq's), and errors are one line each.
    std::string line;
    for (const char* c = message; *c != '\0'; ++c) {
        const bool space = *c == '\n' || *c == '\r' || *c == '\t' || *c == ' ';
        if (!space)
            line += *c;
        else if (!line.empty() && line.back() != ' ')
            line += ' ';
    }
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    return line;
}

} // namespace geo
