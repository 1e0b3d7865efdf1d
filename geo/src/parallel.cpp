#include "geo/parallel.h"

#include <algorithm>

namespace geo {

int default_thread_count()
{
    return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

} // namespace geo
