#pragma once
// Byte-level checks used to tell UTF-8 from GBK text in files that declare no encoding.
#include <string_view>

namespace geo {

bool is_valid_utf8(std::string_view bytes);
// True when the bytes form valid GBK (CP936): ASCII, or lead byte 0x81-0xFE followed by a
// trail byte 0x40-0xFE other than 0x7F.
bool is_valid_gbk(std::string_view bytes);

} // namespace geo
