#include "huge_pages.h"

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace cli {

void restart_with_huge_pages([[maybe_unused]] char** argv)
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    constexpr const char* kTunable = "glibc.malloc.hugetlb";
    const char* set = std::getenv("GLIBC_TUNABLES");
    std::string tunables = set != nullptr ? set : "";
    if (tunables.find(kTunable) != std::string::npos)
        return; // set before (by the user, or by this function before the exec)
    tunables += (tunables.empty() ? "" : ":") + std::string(kTunable) + "=1";
    if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    // Not restarted (no /proc): go on as started, without passing the tunable to child processes.
    if (set != nullptr)
        setenv("GLIBC_TUNABLES", set, 1);
    else
        unsetenv("GLIBC_TUNABLES");
#endif
}

} // namespace cli
