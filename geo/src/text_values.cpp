#include "geo/text_values.h"

#include <charconv>

namespace geo {
namespace {

bool is_unsafe(char c)
{
    return c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
}

template <typename T> std::optional<T> whole(std::string_view text)
{
    T value{};
    const char* end = text.data() + text.size();
    const auto [at, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || at != end || text.empty())
        return std::nullopt;
    return value;
}

} // namespace

std::optional<std::chrono::sys_days> parse_date(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    const auto y = whole<int>(text.substr(0, 4));
    const auto m = whole<unsigned>(text.substr(5, 2));
    const auto d = whole<unsigned>(text.substr(8, 2));
    if (!y || !m || !d)
        return std::nullopt;
    const std::chrono::year_month_day day{std::chrono::year(*y), std::chrono::month(*m), std::chrono::day(*d)};
    if (!day.ok())
        return std::nullopt;
    return std::chrono::sys_days(day);
}

std::string format_date(std::chrono::sys_days day)
{
    const std::chrono::year_month_day ymd(day);
    const auto two = [](unsigned v) {
        return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
    };
    std::string year = std::to_string(static_cast<int>(ymd.year()));
    year.insert(0, year.size() < 4 ? 4 - year.size() : 0, '0');
    return year + "-" + two(static_cast<unsigned>(ymd.month())) + "-" + two(static_cast<unsigned>(ymd.day()));
}

std::optional<double> parse_number(std::string_view text)
{
    return whole<double>(text);
}

std::string format_fixed(double value, int decimals)
{
    char text[64];
    const auto [end, error] = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, decimals);
    return error == std::errc() ? std::string(text, end) : std::string("?");
}

bool is_safe_file_stem(std::string_view name)
{
    if (name.empty() || name.size() > 120 || name.front() == '.')
        return false;
    for (const char c : name)
        if (is_unsafe(c))
            return false;
    return true;
}

std::string safe_file_stem(std::string_view name)
{
    std::string stem(name.substr(0, 120));
    for (char& c : stem)
        if (is_unsafe(c))
            c = '_';
    while (!stem.empty() && stem.front() == '.')
        stem.front() = '_';
    return stem.empty() ? "_" : stem;
}

} // namespace geo
