#pragma once
// A small command-line parser for planview's subcommands: flags are declared up front, so a
// misspelt or incomplete flag is an error with one clear line rather than silently ignored.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cli {

// A problem with the command line itself; main prints it with the usage hint, exit code 2.
class UsageError : public std::runtime_error {
public:
    explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

struct FlagSpec {
    std::string name; // "--out"
    bool takes_value = true;
};

// "a,b,,c" -> {"a", "b", "c"}: a comma-separated option value, empty items dropped.
std::vector<std::string> split_list(const std::string& text);

class Args {
public:
    // Parses argv[first..argc). Throws UsageError on an unknown flag or a flag missing its
    // value. `--flag=value` and `--flag value` are both accepted.
    Args(int argc, char** argv, int first, const std::vector<FlagSpec>& flags);

    const std::vector<std::string>& positional() const { return positional_; }
    // The one positional argument, or UsageError naming what is missing (`what`).
    const std::string& single_positional(const std::string& what) const;
    bool has(const std::string& flag) const { return values_.contains(flag); }
    std::optional<std::string> value(const std::string& flag) const;
    std::string value_or(const std::string& flag, const std::string& fallback) const;
    // The flag's value as an integer within [min, max]; UsageError otherwise.
    std::optional<long long> integer(const std::string& flag, long long min, long long max) const;
    std::optional<double> number(const std::string& flag) const;
    std::string required(const std::string& flag) const;

private:
    std::map<std::string, std::string> values_;
    std::vector<std::string> positional_;
};

} // namespace cli
