// planview: starts the program (planview-main, beside this file) with glibc's malloc asking for
// huge pages. PlanView's work is large buffers (rasters, meshes, GEOS geometries by the hundred
// thousand) filled once: on this project's machine over a quarter of a briefing's time went to
// the kernel mapping them 4 KB at a time. glibc asks for 2 MB pages where the kernel gives
// transparent huge pages on request (`madvise`, the default of many kernels) when its tunable
// glibc.malloc.hugetlb is 1, and reads tunables only when a program starts. This file links
// nothing but the C++ runtime, so setting it costs a millisecond; the program restarting itself
// cost 0.14 s, the loading of its 150 libraries over again.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

namespace {

// Adds glibc.malloc.hugetlb=1 to GLIBC_TUNABLES unless it is set there either way already, or
// malloc is a sanitiser's.
void ask_for_huge_pages()
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    const char* set = std::getenv("GLIBC_TUNABLES");
    if (set != nullptr && std::strstr(set, "glibc.malloc.hugetlb") != nullptr)
        return;
    std::string tunables = set != nullptr && *set != '\0' ? std::string(set) + ":" : std::string();
    tunables.append("glibc.malloc.hugetlb=1");
    setenv("GLIBC_TUNABLES", tunables.c_str(), 1);
#endif
}

} // namespace

int main(int, char** argv)
{
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    std::filesystem::path program = error ? std::filesystem::path(argv[0]) : self;
    program.replace_filename("planview-main");
    ask_for_huge_pages();
    execv(program.c_str(), argv); // the same process: its exit status, signals and start time
    std::fprintf(stderr, "planview: cannot start %s: %s\n", program.c_str(), std::strerror(errno));
    return 1;
}
