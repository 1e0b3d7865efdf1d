#include "background_priority.h"

#include <cerrno>
#include <sys/resource.h>
#include <unistd.h>

namespace scene {

BackgroundPriority::BackgroundPriority(int nice)
{
    errno = 0;
    const int now = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
    if (errno != 0)
        return;
    before_ = now;
    // To `nice`, not by it: a pool thread left there (restoring needed a privilege) is not
    // lowered further each time.
    if (now < nice)
        raised_ = setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice) == 0;
}

BackgroundPriority::~BackgroundPriority()
{
    if (raised_)
        setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), before_);
}

} // namespace scene
