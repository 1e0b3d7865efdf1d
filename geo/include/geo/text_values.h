#pragma once
// Parsing and formatting of the values users type and files hold, independent of the C locale
// (Qt sets the process locale: "%lf" would read "1,5" in some and "%.2f" write a comma):
// std::from_chars and std::to_chars only. And file-name stems that a user's names become.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace geo {

// A calendar date written YYYY-MM-DD that exists (2023-02-29 and 2023-13-45 do not); nullopt otherwise.
std::optional<std::chrono::sys_days> parse_date(std::string_view text);
// YYYY-MM-DD.
std::string format_date(std::chrono::sys_days day);

// A whole decimal number (no sign prefix '+', no trailing text); nullopt otherwise.
std::optional<double> parse_number(std::string_view text);
// `value` with `decimals` digits after the point, in the "C" style whatever the locale.
std::string format_fixed(double value, int decimals);

// Whether `name` can be used as a file-name stem as it is: not empty, not "." or "..", no path
// separators, no control characters, no leading dot, at most 120 bytes.
bool is_safe_file_stem(std::string_view name);
// `name` made safe as a file-name stem: unsafe characters become '_' (a name that is nothing
// but dots or empty becomes "_").
std::string safe_file_stem(std::string_view name);

} // namespace geo
