#include "args.h"

#include <charconv>

namespace cli {

Args::Args(int argc, char** argv, int first, const std::vector<FlagSpec>& flags)
{
    auto spec_of = [&](const std::string& name) -> const FlagSpec* {
        for (const auto& spec : flags)
            if (spec.name == name)
                return &spec;
        return nullptr;
    };
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "-q" && spec_of("--quiet") != nullptr) // GDAL's short form
            arg = "--quiet";
        if (arg.size() < 2 || arg.rfind("--", 0) != 0) {
            if (arg.size() > 1 && arg[0] == '-' && !(arg[1] >= '0' && arg[1] <= '9'))
                throw UsageError("unknown option '" + arg + "'");
            positional_.push_back(arg);
            continue;
        }
        std::optional<std::string> inline_value;
        if (const auto eq = arg.find('='); eq != std::string::npos) {
            inline_value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        const FlagSpec* spec = spec_of(arg);
        if (spec == nullptr)
            throw UsageError("unknown option '" + arg + "'");
        if (!spec->takes_value) {
            if (inline_value)
                throw UsageError("option '" + arg + "' takes no value");
            values_[arg] = "";
            continue;
        }
        if (inline_value) {
            values_[arg] = *inline_value;
        } else {
            if (i + 1 >= argc)
                throw UsageError("option '" + arg + "' needs a value");
            values_[arg] = argv[++i];
        }
        if (values_[arg].empty())
            throw UsageError("option '" + arg + "' needs a value");
    }
}

std::vector<std::string> split_list(const std::string& text)
{
    std::vector<std::string> items;
    for (std::size_t start = 0; start <= text.size();) {
        const auto comma = text.find(',', start);
        if (auto item = text.substr(start, comma - start); !item.empty())
            items.push_back(item);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return items;
}

const std::string& Args::single_positional(const std::string& what) const
{
    if (positional_.empty())
        throw UsageError("missing " + what);
    if (positional_.size() > 1)
        throw UsageError("unexpected argument '" + positional_[1] + "'");
    return positional_.front();
}

std::optional<std::string> Args::value(const std::string& flag) const
{
    const auto it = values_.find(flag);
    if (it == values_.end())
        return std::nullopt;
    return it->second;
}

std::string Args::value_or(const std::string& flag, const std::string& fallback) const
{
    return value(flag).value_or(fallback);
}

std::string Args::required(const std::string& flag) const
{
    auto v = value(flag);
    if (!v)
        throw UsageError("missing required option " + flag);
    return *v;
}

std::optional<long long> Args::integer(const std::string& flag, long long min, long long max) const
{
    const auto text = value(flag);
    if (!text)
        return std::nullopt;
    long long result = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), result);
    if (error != std::errc() || end != text->data() + text->size() || result < min || result > max)
        throw UsageError("option " + flag + " needs a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", not '" + *text + "'");
    return result;
}

std::optional<double> Args::number(const std::string& flag) const
{
    const auto text = value(flag);
    if (!text)
        return std::nullopt;
    double result = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), result);
    if (error != std::errc() || end != text->data() + text->size())
        throw UsageError("option " + flag + " needs a number, not '" + *text + "'");
    return result;
}

} // namespace cli
