// The allocator's settings, read by jemalloc as it starts (its documented `malloc_conf`).
// PlanView's work is large buffers filled once (rasters, meshes, GEOS geometries by the hundred
// thousand), most of them on worker threads. On this project's machine a page fault costs
// ~12 µs; glibc's malloc asks for transparent huge pages only in the main thread's heap, so a
// 16 MB raster on a worker thread was 4,096 faults (50 ms). jemalloc puts every thread's memory
// in huge pages: the viewer's first picture, meshing and analysis 15-20% sooner, the check 12%.
// One arena for every thread: memory is touched first at ~1 ms a megabyte here, and with an
// arena per thread what a worker frees (a layer's picture, GDAL's rasteriser buffers) was never
// what the main thread or Mesa allocated next, so the frame faulted in fresh pages beside freed
// ones. Thread caches keep the lock off the small allocations. A briefing 15-20% sooner.
// Freed pages are kept, never given back to the kernel, and a freed extent of any size serves a
// smaller request: llvmpipe allocates and frees ~6,000 bin blocks of 64 KB every frame, and
// jemalloc coalesced the freed ones into large extents it would not split for them (its
// fragmentation guard) and purged them on its decay clock, so each frame faulted ~40 MB in again
// (~10,000 faults): the viewer's frames at 100k parcels 340-480 ms, now 200-250 ms. The cost is a
// process that keeps its peak: the viewer's 1.44 GB at 100k parcels became 1.55 GB.
// (MALLOC_CONF in the environment still adds to these.)
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "thp:always,metadata_thp:always,narenas:1,dirty_decay_ms:-1,lg_extent_max_active_fit:63";
}
