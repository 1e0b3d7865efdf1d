#pragma once
// A PlanView project (.pvproj, JSON): the files a county view is made of and how it was left —
// sources, DEM, targets and bookmarks files, each layer's visibility, opacity, order, style and
// label fields, and the camera. Paths are stored relative to the project's folder, so a folder
// copied to another machine opens the same.
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace geo {

struct ProjectLayer {
    std::string name;
    bool visible = true;
    double opacity = 1.0;
    std::string style_field; // the field its colours follow; empty: the default style
    std::string label_field; // the field its labels show; empty: none
};

struct ProjectCamera {
    std::array<double, 3> eye{}, center{}, up{}; // working CRS (x, y, height)
};

struct Project {
    std::vector<std::string> sources; // absolute once loaded
    std::string dem, targets, bookmarks;
    // Where the parcel reviews are kept: empty for the county's own GeoPackage, else another
    // GeoPackage or a team's database ("PG:…", stored as it is).
    std::string review_db;
    std::vector<ProjectLayer> layers; // drawing order, bottom first
    std::optional<ProjectCamera> camera;
};

inline constexpr const char* kProjectExtension = ".pvproj";
bool is_project_path(const std::string& path);

// Throws geo::Error naming the file when it is missing, not JSON, not a PlanView project, or
// names no source.
Project load_project(const std::string& path);
// Writes atomically, paths relative to the project's folder. Throws geo::Error on failure.
void save_project(const Project& project, const std::string& path);

} // namespace geo
