#pragma once
// Memory in huge pages. PlanView's work is large buffers (rasters, meshes, GEOS geometries by the
// hundred thousand) filled once: on this project's machine over a quarter of a briefing's time
// went to the kernel mapping them 4 KB at a time. glibc asks the kernel for 2 MB pages where its
// transparent huge pages are given on request (`madvise`, the default of many kernels) when its
// tunable glibc.malloc.hugetlb is 1; tunables are read at exec, so the process starts itself again
// with it once (~0.1 s) — unless the user set it either way, or the build is sanitised.
namespace cli {

// Returns only where it does not restart (already set, not glibc, exec failed).
void restart_with_huge_pages(char** argv);

} // namespace cli
