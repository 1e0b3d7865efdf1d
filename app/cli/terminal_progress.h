#pragma once
// Progress on stderr in GDAL's style ("0...10...20...100 - done."), through GDAL's own
// GDALTermProgress, which writes to stdout; stdout is kept for results, so this prints the
// same marks to stderr.
#include <functional>

namespace cli {

class TerminalProgress {
public:
    void operator()(double fraction);
    void finish() { (*this)(1.0); }

private:
    int last_tick_ = -1; // in 2.5% steps, as GDAL's
};

} // namespace cli
