#include "picture_cache.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include <cpl_conv.h>
#include <gdal_priv.h>

#include "county_preview.h"
#include "geo/error.h"
#include "geo/gdal_ptr.h"
#include "geo/vector_source.h"

namespace scene {
namespace {

// GDAL's block cache while a picture cache is read (see PictureCache's constructor).
constexpr GIntBig kMostCachedBlockBytes = GIntBig{128} << 20;

namespace fs = std::filesystem;

constexpr const char* kFingerprintItem = "PLANVIEW_FINGERPRINT";
constexpr const char* kLayersItem = "PLANVIEW_LAYERS"; // the names of the layers, 4 bands each, one a line
// Texels a side of the tiles drawn: larger ones read the features along their edges fewer times.
constexpr int kDrawnTile = 2048;
// The default cell is coarsened so the cache holds at most this many texels (a county at 2 m
// has 0.5 billion, a city of ten 2 billion at 4.2 m; each texel a few bytes to draw and average).
constexpr double kMostTexels = 2147483648.0;
// Overviews halve until the smallest is no larger than this a side.
constexpr int kSmallestOverview = 256;

// FNV-1a: a stable hash of a style's text (std::hash may differ between builds).
std::uint64_t stable_hash(const std::string& text)
{
    std::uint64_t hash = 14695981039346656037ULL;
    for (const unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

std::string style_text(const LayerStyle& style)
{
    std::ostringstream out;
    auto rgba = [&](const Rgba& c) { out << c.r << ',' << c.g << ',' << c.b << ',' << c.a << ';'; };
    out << static_cast<int>(style.kind) << ';' << style.field << ';';
    for (const auto& c : style.classes) {
        out << c.value << '=';
        rgba(c.color);
    }
    rgba(style.fill);
    rgba(style.outline);
    out << style.filled << ';' << style.line_width << ';' << style.opacity << ';' << style.hatch_spacing << ';';
    rgba(style.hatch_color);
    return out.str();
}

// The source's files (a GeoPackage, a Shapefile's .shp, .dbf …, a folder's) by name, with their
// sizes and latest time (a copy keeps them with `cp -p`); a database by its connection.
std::string source_text(const geo::VectorSource& source)
{
    char** files = source.dataset().GetFileList();
    std::vector<std::string> names;
    std::uintmax_t bytes = 0;
    long long latest = 0;
    for (char** f = files; f != nullptr && *f != nullptr; ++f) {
        std::error_code ec;
        if (!fs::is_regular_file(*f, ec))
            continue;
        names.push_back(fs::path(*f).filename().string());
        bytes += fs::file_size(*f, ec);
        const auto time = fs::last_write_time(*f, ec);
        latest = std::max<long long>(latest, std::chrono::duration_cast<std::chrono::seconds>(
                                                 std::chrono::file_clock::to_sys(time).time_since_epoch())
                                                 .count());
    }
    CSLDestroy(files);
    if (names.empty())
        return geo::without_password(source.path());
    std::sort(names.begin(), names.end());
    std::string text = names.front();
    if (names.size() > 1)
        text += " and " + std::to_string(names.size() - 1) + " more files";
    return text + ", " + std::to_string(bytes) + " bytes, modified " + std::to_string(latest);
}

std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

// What differs between the fingerprint a cache records and the one of the data opened, in a few words.
std::string difference(const std::string& then, const std::string& now)
{
    const std::vector<std::string> a = lines_of(then), b = lines_of(now);
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
        if (i < a.size() && i < b.size() && a[i] == b[i])
            continue;
        if (i >= a.size())
            return "the data has a layer more: " + b[i];
        if (i >= b.size())
            return "the data has a layer less: " + a[i];
        return "drawn from " + a[i] + "; opened: " + b[i];
    }
    return "";
}

bool anything_in(const osg::Image& picture)
{
    const unsigned char* data = picture.data();
    return std::any_of(data, data + picture.getTotalSizeInBytes(), [](unsigned char c) { return c != 0; });
}

// Bands 4k+1 … 4k+4: the colours of the k-th cached layer.
std::array<int, 4> bands_of(std::size_t k)
{
    const int first = static_cast<int>(4 * k) + 1;
    return {first, first + 1, first + 2, first + 3};
}

// The picture's 4 bytes a texel into the k-th layer's bands of `dataset` at texel (x, y).
void write_picture(GDALDataset& dataset, std::size_t k, const osg::Image& picture, int x, int y,
                   const std::string& path)
{
    const int width = picture.s(), height = picture.t();
    std::array<int, 4> bands = bands_of(k);
    if (dataset.RasterIO(GF_Write, x, y, width, height, const_cast<unsigned char*>(picture.data()), width, height,
                         GDT_Byte, 4, bands.data(), 4, static_cast<GSpacing>(width) * 4, 1, nullptr) != CE_None)
        throw geo::file_error(path, geo::last_gdal_error("cannot write"));
}

std::string joined(const std::vector<std::string>& lines)
{
    std::string text;
    for (const auto& line : lines)
        text += line + '\n';
    return text;
}

int progress_to(double fraction, const char*, void* data)
{
    const auto& options = *static_cast<const PictureCacheOptions*>(data);
    if (options.progress)
        options.progress(0.8 + 0.2 * fraction);
    return options.cancel != nullptr && options.cancel->load() ? FALSE : TRUE;
}

} // namespace

std::string picture_fingerprint(const PreviewLayers& layers)
{
    std::ostringstream out;
    out.precision(10);
    for (std::size_t i = 0; i < layers.found.layers.size(); ++i) {
        const LayerToShow& l = layers.found.layers[i];
        out << "layer " << l.layer->GetName() << " of " << source_text(*l.source) << ": "
            << l.layer->GetFeatureCount(TRUE) << " features";
        if (const auto& e = layers.extents[i])
            out << " within " << e->min_x << ' ' << e->min_y << ' ' << e->max_x << ' ' << e->max_y;
        out << ", style " << std::hex << stable_hash(style_text(layers.styles[i])) << std::dec << '\n';
    }
    const OGRSpatialReference& working = *layers.found.working;
    const char* authority = working.GetAuthorityName(nullptr);
    const char* code = working.GetAuthorityCode(nullptr);
    out << "working CRS "
        << (authority != nullptr && code != nullptr ? std::string(authority) + ":" + code : working.GetName()) << '\n';
    return out.str();
}

std::string picture_cache_beside(const std::string& source)
{
    fs::path path = fs::path(geo::parse_source_spec(source).path).lexically_normal();
    if (path.filename().empty()) // a folder named with a trailing slash
        path = path.parent_path();
    return (path.parent_path() / (path.stem().string() + "_tiles.tiff")).string();
}

PictureCacheReport draw_picture_cache(const LoadOptions& load, const PictureCacheOptions& options)
{
    geo::ensure_gdal_registered();
    std::shared_ptr<PreviewLayers> first = open_preview_layers(load);
    const geo::Envelope& extent = first->extent;
    const double area = (extent.max_x - extent.min_x) * (extent.max_y - extent.min_y);
    const double cell = options.cell > 0 ? options.cell : std::max(kDefaultCacheCell, std::sqrt(area / kMostTexels));
    const std::vector<std::string> names = names_of_many_features(*first);
    if (names.empty())
        throw geo::file_error(load.sources.front(), "no layer of more than " + std::to_string(kManyFeatures) +
                                                        " features: nothing a picture cache would speed up");
    PictureCacheReport report;
    report.grid = RasterGrid::with_cell(extent, cell);
    report.layers = names;
    const RasterGrid& grid = report.grid;

    const std::string partial = options.out + ".partial";
    std::error_code ec;
    fs::remove(partial, ec);
    // Tiled, compressed, and never-written (empty) tiles take no space. Each layer's fourth band
    // is its premultiplied alpha, not a mask (ALPHA=UNSPECIFIED): GDAL averages it as it does the
    // colours. PHOTOMETRIC=RGB: a GIS shows the first layer's colours.
    const char* creation[] = {"TILED=YES",         "BLOCKXSIZE=512", "BLOCKYSIZE=512",   "COMPRESS=DEFLATE",
                              "PREDICTOR=2",       "SPARSE_OK=TRUE", "BIGTIFF=IF_SAFER", "PHOTOMETRIC=RGB",
                              "ALPHA=UNSPECIFIED", nullptr};
    GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    geo::DatasetPtr dataset(gtiff->Create(partial.c_str(), grid.width, grid.height, static_cast<int>(4 * names.size()),
                                          GDT_Byte, const_cast<char**>(creation)));
    if (!dataset)
        throw geo::file_error(options.out, geo::last_gdal_error("cannot create the picture cache"));
    auto discard = [&] {
        dataset.reset();
        fs::remove(partial, ec);
    };
    try {
        double transform[6] = {grid.min_x, grid.cell, 0, grid.max_y, 0, -grid.cell};
        dataset->SetGeoTransform(transform);
        dataset->SetSpatialRef(first->found.working.get());
        dataset->SetMetadataItem(kFingerprintItem, picture_fingerprint(*first).c_str());
        dataset->SetMetadataItem(kLayersItem, joined(names).c_str());

        const int across = (grid.width + kDrawnTile - 1) / kDrawnTile;
        const int down = (grid.height + kDrawnTile - 1) / kDrawnTile;
        report.tiles = across * down;
        std::atomic<int> next{0};
        std::mutex writing; // the dataset, the report, the progress
        int done = 0;
        std::exception_ptr failure;
        auto draw_tiles = [&](std::shared_ptr<PreviewLayers> layers) {
            try {
                if (!layers)
                    layers = open_preview_layers(load); // GDAL handles of this thread's own
                for (int i = next++; i < report.tiles; i = next++) {
                    RasterGrid tile;
                    tile.cell = grid.cell;
                    const int x = (i % across) * kDrawnTile, y = (i / across) * kDrawnTile;
                    tile.min_x = grid.min_x + x * grid.cell;
                    tile.max_y = grid.max_y - y * grid.cell;
                    tile.width = std::min(kDrawnTile, grid.width - x);
                    tile.height = std::min(kDrawnTile, grid.height - y);
                    std::vector<osg::ref_ptr<osg::Image>> pictures;
                    for (const std::string& name : names)
                        pictures.push_back(picture_of_layer(*layers, name, tile, options.cancel));
                    const std::lock_guard lock(writing);
                    if (failure)
                        return;
                    bool empty = true;
                    for (std::size_t k = 0; k < names.size(); ++k)
                        if (pictures[k] && anything_in(*pictures[k])) {
                            write_picture(*dataset, k, *pictures[k], x, y, options.out);
                            empty = false;
                        }
                    report.empty_tiles += empty ? 1 : 0;
                    ++done;
                    if (options.progress)
                        options.progress(0.8 * done / report.tiles);
                }
            } catch (...) {
                const std::lock_guard lock(writing);
                if (!failure)
                    failure = std::current_exception();
                next = report.tiles; // the others stop after their tile
            }
        };
        std::vector<std::thread> helpers;
        for (int t = 1; t < std::max(1, options.threads); ++t)
            helpers.emplace_back(draw_tiles, nullptr);
        draw_tiles(first);
        for (auto& helper : helpers)
            helper.join();
        if (failure)
            std::rethrow_exception(failure);

        std::vector<int> levels;
        for (int level = 2; std::max(grid.width, grid.height) / (level / 2) > kSmallestOverview; level *= 2)
            levels.push_back(level);
        report.overviews = static_cast<int>(levels.size());
        CPLSetThreadLocalConfigOption("COMPRESS_OVERVIEW", "DEFLATE");
        CPLSetThreadLocalConfigOption("PREDICTOR_OVERVIEW", "2");
        const CPLErr built = levels.empty()
                                 ? CE_None
                                 : GDALBuildOverviews(GDALDataset::ToHandle(dataset.get()), "AVERAGE",
                                                      static_cast<int>(levels.size()), levels.data(), 0, nullptr,
                                                      progress_to, const_cast<PictureCacheOptions*>(&options));
        CPLSetThreadLocalConfigOption("COMPRESS_OVERVIEW", nullptr);
        CPLSetThreadLocalConfigOption("PREDICTOR_OVERVIEW", nullptr);
        if (options.cancel != nullptr && options.cancel->load())
            throw geo::Error("cancelled");
        if (built != CE_None)
            throw geo::file_error(options.out, geo::last_gdal_error("cannot build the overviews"));
        dataset->FlushCache();
        if (dataset->GetRasterBand(1)->GetOverviewCount() != report.overviews)
            throw geo::file_error(options.out, "the overviews were not written");
        dataset.reset(); // closed: whole on disk
    } catch (...) {
        discard();
        throw;
    }
    fs::rename(partial, options.out, ec);
    if (ec) {
        fs::remove(partial, ec);
        throw geo::file_error(options.out, "cannot put the picture cache in place: " + ec.message());
    }
    return report;
}

PictureCache::PictureCache(const std::string& path, const PreviewLayers& layers) : path_(path)
{
    geo::ensure_gdal_registered();
    // GDAL keeps the blocks it decompressed in a cache of 5% of the machine's memory (1.2 GB
    // here), which tiles read window by window, each once, filled to the brim: the viewer's
    // peak went from 1.2 to 2.3 GB. Its blocks are 256 KB; a view reads a few hundred at most.
    if (GDALGetCacheMax64() > kMostCachedBlockBytes)
        GDALSetCacheMax64(kMostCachedBlockBytes);
    CPLErrorReset();
    dataset_.reset(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!dataset_)
        throw geo::file_error(path, geo::last_gdal_error("cannot read the picture cache"));
    const char* recorded = dataset_->GetMetadataItem(kFingerprintItem);
    const char* names = dataset_->GetMetadataItem(kLayersItem);
    if (names != nullptr)
        layers_ = lines_of(names);
    double transform[6] = {};
    if (recorded == nullptr || layers_.empty() || dataset_->GetRasterCount() != static_cast<int>(4 * layers_.size()) ||
        dataset_->GetGeoTransform(transform) != CE_None || transform[2] != 0 || transform[4] != 0 ||
        transform[1] <= 0 || transform[5] != -transform[1])
        throw geo::file_error(path, "not a PlanView picture cache (planview tiles draws one)");
    if (const std::string now = picture_fingerprint(layers); now != recorded)
        throw geo::file_error(path, "a picture cache of other data (" + difference(recorded, now) +
                                        "); draw it again with planview tiles");
    grid_.min_x = transform[0];
    grid_.max_y = transform[3];
    grid_.cell = transform[1];
    grid_.width = dataset_->GetRasterXSize();
    grid_.height = dataset_->GetRasterYSize();
}

LayerPictures PictureCache::read(const RasterGrid& grid)
{
    LayerPictures pictures;
    for (const auto& name : layers_)
        pictures[name] = nullptr;
    // The texels of `grid` that lie on the cache, and the window of the cache they show.
    const geo::Envelope want = grid.envelope(), have = grid_.envelope();
    const double x0 = std::max(want.min_x, have.min_x), x1 = std::min(want.max_x, have.max_x);
    const double y0 = std::max(want.min_y, have.min_y), y1 = std::min(want.max_y, have.max_y);
    const int left = std::clamp(static_cast<int>(std::lround((x0 - grid.min_x) / grid.cell)), 0, grid.width);
    const int right = std::clamp(static_cast<int>(std::lround((x1 - grid.min_x) / grid.cell)), 0, grid.width);
    const int top = std::clamp(static_cast<int>(std::lround((grid.max_y - y1) / grid.cell)), 0, grid.height);
    const int bottom = std::clamp(static_cast<int>(std::lround((grid.max_y - y0) / grid.cell)), 0, grid.height);
    if (right <= left || bottom <= top)
        return pictures;
    GDALRasterIOExtraArg window;
    INIT_RASTERIO_EXTRA_ARG(window);
    window.eResampleAlg = GRIORA_Average;
    window.bFloatingPointWindowValidity = TRUE;
    window.dfXOff = std::clamp((grid.min_x + left * grid.cell - grid_.min_x) / grid_.cell, 0.0, 1.0 * grid_.width);
    window.dfYOff = std::clamp((grid_.max_y - (grid.max_y - top * grid.cell)) / grid_.cell, 0.0, 1.0 * grid_.height);
    window.dfXSize = std::min((right - left) * grid.cell / grid_.cell, grid_.width - window.dfXOff);
    window.dfYSize = std::min((bottom - top) * grid.cell / grid_.cell, grid_.height - window.dfYOff);
    const int x = static_cast<int>(std::floor(window.dfXOff)), y = static_cast<int>(std::floor(window.dfYOff));
    const int width = std::clamp(static_cast<int>(std::ceil(window.dfXOff + window.dfXSize)) - x, 1, grid_.width - x);
    const int height = std::clamp(static_cast<int>(std::ceil(window.dfYOff + window.dfYSize)) - y, 1, grid_.height - y);

    const GSpacing row = static_cast<GSpacing>(grid.width) * 4;
    for (std::size_t k = 0; k < layers_.size(); ++k) {
        osg::ref_ptr<osg::Image> picture = new osg::Image;
        picture->allocateImage(grid.width, grid.height, 1, GL_RGBA, GL_UNSIGNED_BYTE);
        std::fill_n(picture->data(), picture->getTotalSizeInBytes(), 0);
        unsigned char* at = picture->data() + static_cast<std::size_t>(top) * row + static_cast<std::size_t>(left) * 4;
        std::array<int, 4> bands = bands_of(k);
        if (dataset_->RasterIO(GF_Read, x, y, width, height, at, right - left, bottom - top, GDT_Byte, 4, bands.data(),
                               4, row, 1, &window) != CE_None)
            throw geo::file_error(path_, geo::last_gdal_error("cannot read the picture cache"));
        pictures[layers_[k]] = picture;
    }
    return pictures;
}

} // namespace scene
