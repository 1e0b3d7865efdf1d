#pragma once
// GeoPackages (SQLite files) read through a memory map: SQLite otherwise reads each 4 KB page
// with a system call and a copy (30,877 of them for the 100k county's parcels); mapped, the
// kernel pages the file in. A 1M-parcel briefing: 5.8–6.0 s → 4.8–5.2 s. A map cannot report an
// I/O error: a file truncated while mapped (copied over, vacuumed) raises SIGBUS, which is
// turned here into one line and exit 1. For commands that read and end, such as a snapshot;
// not for the viewer, which keeps its files open as long as the user works.
#include <string>
#include <vector>

namespace cli {

// Unless the user set OGR_SQLITE_PRAGMA (then that is GDAL's), for GeoPackages opened from now on;
// the line names `command` and the `files` it reads.
void read_geopackages_mapped(const char* command, const std::vector<std::string>& files);

} // namespace cli
