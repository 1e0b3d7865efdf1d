#pragma once
// A county's pictures drawn once (`planview tiles`) and read in milliseconds after: each layer
// of many features (parcels, farmland) rasterised as the viewer's pictures are (county_preview.h)
// at one fine cell, tile by tile through the sources' spatial indexes, into four bands of a tiled
// GeoTIFF with GDAL's averaged overviews (the colours are premultiplied, so averaging them is
// exact). A view no finer than the cell reads a
// window of the nearest overview instead of every feature in it: a city of ten million parcels
// opens in seconds. The cache records what it was drawn from (each layer's source, feature
// count, extent, file size and time, and style); drawn from anything else, it is not used.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <osg/Image>

#include "geo/gdal_ptr.h"
#include "terrain_fill.h"

namespace scene {

struct LoadOptions;
struct PreviewLayers;
using LayerPictures = std::map<std::string, osg::ref_ptr<osg::Image>>;

// What a cache of `layers` records: one line per layer. Equal lines, same pictures.
std::string picture_fingerprint(const PreviewLayers& layers);

// Where the viewer looks for a cache of `source` (FILE[:LAYER]) when it is opened alone and whole:
// beside the file, STEM_tiles.tiff.
std::string picture_cache_beside(const std::string& source);

struct PictureCacheOptions {
    std::string out; // the GeoTIFF written (whole, or not at all)
    double cell = 0; // metres per texel; 0: kDefaultCacheCell, coarser where the extent is huge
    int threads = 1; // tiles drawn at once, each thread with its own GDAL handles
    std::function<void(double fraction)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

inline constexpr double kDefaultCacheCell = 2.0;

struct PictureCacheReport {
    RasterGrid grid;
    int tiles = 0, empty_tiles = 0; // drawn, and of those with nothing in them (not written)
    int overviews = 0;
    std::vector<std::string> layers; // the names of those cached, 4 bands each
};

// Draws the cache of the layers `load` names. Throws geo::Error for unreadable input or an
// unwritable `out`, and geo::Error("cancelled"); a cache already at `out` stays until the new
// one is whole.
PictureCacheReport draw_picture_cache(const LoadOptions& load, const PictureCacheOptions& options);

// A cache opened for reading. One thread at a time (one GDAL handle).
class PictureCache {
public:
    // Throws geo::Error naming `path` when it cannot be read, is no PlanView cache, or was drawn
    // from other data than `layers` (saying what differs).
    PictureCache(const std::string& path, const PreviewLayers& layers);

    const std::string& path() const { return path_; }
    double cell() const { return grid_.cell; }
    const RasterGrid& grid() const { return grid_; }
    // The names of the layers it holds, bottom to top (those of many features: the others are
    // drawn from their sources for each view).
    const std::vector<std::string>& layers() const { return layers_; }
    // Each of them over `grid` (premultiplied RGBA, rows north first, as picture_of_layer),
    // averaged from the nearest overview; null pictures where the grid lies beyond the cache.
    LayerPictures read(const RasterGrid& grid);

private:
    std::string path_;
    geo::DatasetPtr dataset_;
    RasterGrid grid_;
    std::vector<std::string> layers_;
};

} // namespace scene
