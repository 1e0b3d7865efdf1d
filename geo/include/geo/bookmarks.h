#pragma once
// Named views of a county, saved beside its data as DIR/STEM.bookmarks.json: an extent in the
// working CRS and whether it is a 2D map or an oblique 3D view. Used by the viewer and by
// `planview snapshot --bookmark`.
#include <string>
#include <vector>

#include "geo/geos.h"

namespace geo {

struct Bookmark {
    std::string name;
    Envelope extent;
    bool map_2d = false;
};

std::string bookmarks_path(const std::string& county_path);
// Empty when the file does not exist; throws geo::Error when it is malformed.
std::vector<Bookmark> load_bookmarks(const std::string& path);
// Writes atomically. Throws geo::Error on failure.
void save_bookmarks(const std::vector<Bookmark>& bookmarks, const std::string& path);

} // namespace geo
