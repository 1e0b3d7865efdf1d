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
    return message;
}

} // namespace geo
