#include "geo/text_encoding.h"

#include <cpl_string.h>
#include <string>

namespace geo {

bool is_valid_utf8(std::string_view bytes)
{
    const std::string copy(bytes);
    return CPLIsUTF8(copy.c_str(), static_cast<int>(copy.size())) == TRUE;
}

bool is_valid_gbk(std::string_view bytes)
{
    for (size_t i = 0; i < bytes.size(); ++i) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        if (lead < 0x80)
            continue;
        if (lead == 0x80 || lead == 0xFF || i + 1 >= bytes.size())
            return false;
        const auto trail = static_cast<unsigned char>(bytes[++i]);
        if (trail < 0x40 || trail == 0x7F || trail == 0xFF)
            return false;
    }
    return true;
}

} // namespace geo
