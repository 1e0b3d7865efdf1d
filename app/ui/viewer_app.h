#pragma once
// Starts the Qt viewer: surface format, translations (Chinese by default, English with
// --lang en or PLANVIEW_LANG=en), the main window on the given sources.
#include <string>
#include <vector>

namespace ui {

struct ViewerOptions {
    std::vector<std::string> sources;
    std::string dem;
    std::string language; // "zh_CN" (default) or "en"
    // Prints when the county was first drawn and when its analysis ended, in seconds since the
    // process started, then quits: launch → first frame as a user waits for it (bench/).
    bool report_timing = false;
    std::string review_db; // where reviews are kept: empty for the county's GeoPackage, or PG:…
    // What the meshed layers may take (memory_budget.h); 0: the memory free. Larger counties
    // are viewed as pictures.
    double memory_budget_gb = 0;
    // The layers' pictures drawn by `planview tiles`; empty: one beside a single source, if any.
    std::string picture_cache;
};

// Runs the event loop; returns the exit code. Prints one line and returns 1 when no display
// is available.
int run_viewer(int argc, char** argv, const ViewerOptions& options);

// Installs the translator for `language` into the running application (tests use it too).
void install_translations(const std::string& language);

} // namespace ui
