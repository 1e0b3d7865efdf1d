#include "mapped_reads.h"

#include <csignal>
#include <string>

#include <cpl_conv.h>
#include <unistd.h>

#include "geo/error.h"

namespace cli {
namespace {

std::string bus_error_line; // written by the signal handler, which may not allocate

void on_bus_error(int)
{
    [[maybe_unused]] const ssize_t written = write(STDERR_FILENO, bus_error_line.data(), bus_error_line.size());
    _exit(1);
}

} // namespace

void read_geopackages_mapped(const char* command, const std::vector<std::string>& files)
{
    if (CPLGetConfigOption("OGR_SQLITE_PRAGMA", nullptr) != nullptr)
        return;
    std::string names;
    for (const auto& file : files)
        names += (names.empty() ? "" : ", ") + geo::without_password(file);
    bus_error_line = std::string("planview ") + command + ": " + names + ": truncated or replaced while it was read\n";
    struct sigaction action = {};
    action.sa_handler = on_bus_error;
    sigaction(SIGBUS, &action, nullptr);
    // SQLite maps at most SQLITE_MAX_MMAP_SIZE (Debian's: 0x7fff0000) of a file, the rest read as before.
    CPLSetConfigOption("OGR_SQLITE_PRAGMA", "mmap_size=2147418112");
}

} // namespace cli
