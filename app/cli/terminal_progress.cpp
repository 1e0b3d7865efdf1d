#include "terminal_progress.h"

#include <algorithm>
#include <cstdio>

namespace cli {

void TerminalProgress::operator()(double fraction)
{
    const int tick = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 40);
    while (last_tick_ < tick) {
        ++last_tick_;
        if (last_tick_ % 4 == 0)
            std::fprintf(stderr, "%d", last_tick_ / 4 * 10);
        else
            std::fputc('.', stderr);
        if (last_tick_ == 40)
            std::fputs(" - done.\n", stderr);
    }
    std::fflush(stderr);
}

} // namespace cli
