#include "picture_tiles.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include <osg/Geometry>
#include <osg/PagedLOD>
#include <osg/observer_ptr>
#include <osgDB/Callbacks>
#include <osgDB/Options>
#include <osgDB/ReaderWriter>

#include "background_priority.h"
#include "county_preview.h"
#include "terrain_drape.h"
#include "terrain_fill.h"

namespace scene {
namespace {

// A tile of the quadtree: level 0 is the root, a square of the terrain's longer side from its
// south-west corner; tile (x, y) of a level counts from the west and from the south.
struct TileKey {
    int level = 0, x = 0, y = 0;
    auto operator<=>(const TileKey&) const = default;
};

// Whether (x, y) lies in `area`, its west and south edges included: in one tile of a level.
bool contains(const geo::Envelope& area, double x, double y)
{
    return area.min_x <= x && x < area.max_x && area.min_y <= y && y < area.max_y;
}

std::string file_name_of_children(const TileKey& key)
{
    return std::to_string(key.level) + '_' + std::to_string(key.x) + '_' + std::to_string(key.y) + ".pvtiles";
}

bool parse_file_name(const std::string& name, TileKey& key)
{
    char end = 0;
    return std::sscanf(name.c_str(), "%d_%d_%d.pvtile%c", &key.level, &key.x, &key.y, &end) == 4 && end == 's';
}

// Priority added to the tiles under the point the camera looks at: more than any level's.
constexpr float kUnderFocus = 100;
// The tiles made that the pager has dropped are forgotten past this many.
constexpr std::size_t kNodesBeforePruning = 4096;

// Reads ahead kept for the pager to ask for (a few chains down to the view's level).
constexpr std::size_t kMostReadAhead = 32;

// Pixels no tile covers, however close the camera: the end of a refined tile's range.
constexpr float kLargestOnScreen = 1e8F;

bool transparent(const osg::Image& picture)
{
    const unsigned char* data = picture.data();
    for (std::size_t i = 3; i < picture.getTotalSizeInBytes(); i += 4)
        if (data[i] != 0)
            return false;
    return true;
}

// Rows `top`… and columns `left`… of `picture` (rows north first), `size` a side.
osg::ref_ptr<osg::Image> cut(const osg::Image& picture, int left, int top, int size)
{
    osg::ref_ptr<osg::Image> part = new osg::Image;
    part->allocateImage(size, size, 1, GL_RGBA, GL_UNSIGNED_BYTE);
    const std::size_t row_bytes = static_cast<std::size_t>(size) * 4;
    for (int row = 0; row < size; ++row)
        std::copy_n(picture.data(left, top + row), row_bytes, part->data(0, row));
    return part;
}

} // namespace

class PictureTiles::Reader : public osgDB::ReadFileCallback {
public:
    Reader(std::shared_ptr<PreviewLayers> layers, const TerrainModel& terrain, osg::Node* terrain_surface,
           double origin_x, double origin_y, const osg::Group& whole, int texels, osgDB::Options* options)
        : layers_(std::move(layers)), terrain_(terrain), terrain_surface_(terrain_surface), origin_x_(origin_x),
          origin_y_(origin_y), texels_(texels)
    {
        const geo::Envelope e = terrain_.extent();
        side_ = std::max(e.max_x - e.min_x, e.max_y - e.min_y);
        // Finer than the whole county's picture from this level on: the levels above draw it.
        while (static_cast<double>(texels_) * std::pow(2.0, first_drawn_) <= kTerrainFillTexels)
            ++first_drawn_;
        while (cell(finest_) > kFinestTileCell && finest_ < 30)
            ++finest_;
        finest_ = std::max(finest_, first_drawn_);
        whole_state_ = new osg::StateSet(*whole.getStateSet(), osg::CopyOp::SHALLOW_COPY);
        options->setReadFileCallback(this);
        options_ = options;
    }

    osg::ref_ptr<osg::Node> root_node()
    {
        osg::ref_ptr<osg::Group> content = new osg::Group;
        content->setStateSet(whole_state_.get());
        content->addChild(terrain_surface_.get());
        return paged(TileKey{}, content, true);
    }

    void whole_changed(const osg::Group& whole) { whole_state_->merge(*whole.getStateSet()); }

    // On the rendering thread (the tiles' priorities are read by its cull).
    void look_at(double x, double y, double metres_per_pixel)
    {
        {
            const std::lock_guard lock(focus_mutex_);
            focus_ = Focus{x, y, metres_per_pixel};
        }
        // The tiles under that point are asked for before any other, the deepest first.
        const std::lock_guard lock(nodes_mutex_);
        for (auto& tile : pressed_)
            if (osg::ref_ptr<osg::PagedLOD> node; tile.lock(node))
                node->setPriorityOffset(1, node->getPriorityOffset(1) - kUnderFocus);
        pressed_.clear();
        for (int level = 0; level <= finest_; ++level) {
            const auto found = nodes_.find(tile_at(level, x, y));
            if (osg::ref_ptr<osg::PagedLOD> node; found != nodes_.end() && found->second.lock(node)) {
                node->setPriorityOffset(1, node->getPriorityOffset(1) + kUnderFocus);
                pressed_.emplace_back(node);
            }
        }
    }

    // Reads in flight stop, and those asked for later draw nothing.
    void cancel() { cancelled_ = true; }

    int tiles_drawn() const
    {
        const std::lock_guard lock(drawn_mutex_);
        return static_cast<int>(drawn_.size());
    }

    int finest_level_at(double x, double y) const
    {
        const std::lock_guard lock(drawn_mutex_);
        for (int level = finest_; level >= 0; --level)
            if (drawn_.contains(tile_at(level, x, y)))
                return level;
        return -1;
    }

    std::string take_error()
    {
        const std::lock_guard lock(error_mutex_);
        return std::exchange(error_, {});
    }

    using ReadResult = osgDB::ReaderWriter::ReadResult;

    // The children of the tile the file name names: the root's are the tiles of the coarsest
    // level as fine as the whole county's picture (that picture on each), any other tile's its
    // four, drawn. Each is a PagedLOD of its own picture and, where it is not the finest, of its
    // children's file. On the pager's thread.
    ReadResult readNode(const std::string& file_name, const osgDB::Options*) override
    {
        TileKey parent;
        if (!parse_file_name(file_name, parent))
            return ReadResult(ReadResult::FILE_NOT_HANDLED);
        if (cancelled_)
            return ReadResult(new osg::Group); // never asked again: the tree is being dropped
        const BackgroundPriority below_the_frames;
        if (parent.level == 0 && coarse_level() > 0)
            return ReadResult(coarse_tiles().get());
        try {
            read_under_focus();
            if (osg::ref_ptr<osg::Group> read_before = take_read_ahead(parent))
                return ReadResult(read_before.get());
            return ReadResult(drawn_children(parent).get());
        } catch (const std::exception& e) {
            // The source went away, or the tree is being dropped: the parent's picture stays.
            if (!cancelled_) {
                const std::lock_guard lock(error_mutex_);
                if (error_.empty())
                    error_ = e.what();
            }
            return ReadResult(new osg::Group);
        }
    }

private:
    void note_drawn(const TileKey& key)
    {
        const std::lock_guard lock(drawn_mutex_);
        drawn_.insert(key);
    }

    // The children of `parent` read ahead (read_under_focus); null when they were not.
    osg::ref_ptr<osg::Group> take_read_ahead(const TileKey& parent)
    {
        const std::lock_guard lock(focus_mutex_);
        const auto found = read_ahead_.find(parent);
        if (found == read_ahead_.end())
            return nullptr;
        osg::ref_ptr<osg::Group> children = found->second;
        read_ahead_.erase(found);
        return children;
    }

    // The tiles under the point the camera looks at, down to the level the view needs there,
    // that no read has drawn yet: drawn now, before the read the pager asked for, each level
    // already loaded in the PagedLOD above it, and kept for the pager's next request of the
    // first of them. The pager would ask for each level only once the one above it is on
    // screen, a frame later, behind whatever else it was asked for (the far tiles' reads, a
    // second each at the coarse levels without a picture cache).
    void read_under_focus()
    {
        std::optional<Focus> focus;
        {
            const std::lock_guard lock(focus_mutex_);
            focus = focus_;
        }
        if (!focus)
            return;
        int needed = first_drawn_;
        while (needed < finest_ && cell(needed) > focus->metres_per_pixel)
            ++needed;
        TileKey under = tile_at(coarse_level(), focus->x, focus->y);
        if (!tile_on_terrain(under))
            return;
        // Down the levels already read.
        while (under.level < needed && has_read(under))
            under = tile_at(under.level + 1, focus->x, focus->y);
        if (under.level >= needed || cancelled_)
            return;
        const TileKey first = under;
        osg::ref_ptr<osg::Group> first_children;
        osg::PagedLOD* holder = nullptr; // where the next level's children go
        while (under.level < needed && !cancelled_) {
            std::map<TileKey, osg::PagedLOD*> made;
            osg::ref_ptr<osg::Group> children = drawn_children(under, &made);
            if (holder)
                holder->addChild(children.get()); // its file, already read
            else
                first_children = children;
            under = tile_at(under.level + 1, focus->x, focus->y);
            const auto next = made.find(under);
            if (next == made.end() || next->second->getNumFileNames() < 2)
                break; // nothing lies there, or the finest level
            holder = next->second;
        }
        const std::lock_guard lock(focus_mutex_);
        if (read_ahead_.size() >= kMostReadAhead) // the camera went elsewhere: the oldest go
            read_ahead_.clear();
        read_ahead_[first] = first_children;
    }

    bool has_read(const TileKey& parent) const
    {
        const std::lock_guard lock(drawn_mutex_);
        return read_.contains(parent);
    }

    // The level whose tiles are as fine as the whole county's picture: they draw it.
    int coarse_level() const { return first_drawn_ - 1; }

    osg::ref_ptr<osg::Group> coarse_tiles()
    {
        osg::ref_ptr<osg::Group> tiles = new osg::Group;
        const int level = coarse_level(), count = 1 << level;
        for (int y = 0; y < count; ++y)
            for (int x = 0; x < count; ++x)
                if (const std::optional<geo::Envelope> on_terrain = tile_on_terrain({level, x, y})) {
                    osg::ref_ptr<osg::Geometry> ground = draped(*on_terrain);
                    ground->setStateSet(whole_state_.get());
                    tiles->addChild(paged({level, x, y}, ground, true));
                }
        return tiles;
    }

    // The four children of `parent`, drawn in one picture of its area and a texel around it at
    // their cell (one read of the features there for all four) and cut apart; none where
    // nothing lies.
    osg::ref_ptr<osg::Group> drawn_children(const TileKey& parent, std::map<TileKey, osg::PagedLOD*>* made = nullptr)
    {
        {
            const std::lock_guard lock(drawn_mutex_);
            read_.insert(parent);
        }
        const int level = parent.level + 1;
        const geo::Envelope area = tile_area(parent);
        RasterGrid grid;
        grid.cell = cell(level);
        grid.min_x = area.min_x - grid.cell;
        grid.max_y = area.max_y + grid.cell;
        grid.width = grid.height = 2 * texels_ + 2;
        const osg::ref_ptr<osg::Image> picture = picture_over(*layers_, grid, &cancelled_);
        osg::ref_ptr<osg::Group> children = new osg::Group;
        if (!picture)
            return children;
        for (int j = 0; j < 2; ++j)
            for (int i = 0; i < 2; ++i) {
                const TileKey key{level, 2 * parent.x + i, 2 * parent.y + j};
                const std::optional<geo::Envelope> on_terrain = tile_on_terrain(key);
                if (!on_terrain)
                    continue;
                // Columns from the west, rows from the north.
                const osg::ref_ptr<osg::Image> part = cut(*picture, i * texels_, (1 - j) * texels_, texels_ + 2);
                if (transparent(*part))
                    continue;
                RasterGrid part_grid = grid;
                part_grid.min_x = grid.min_x + i * texels_ * grid.cell;
                part_grid.max_y = grid.max_y - (1 - j) * texels_ * grid.cell;
                part_grid.width = part_grid.height = texels_ + 2;
                osg::ref_ptr<osg::Group> content = picture_group(*part, part_grid, origin_x_, origin_y_);
                content->addChild(draped(*on_terrain));
                note_drawn(key);
                osg::ref_ptr<osg::Node> tile = paged(key, content, level < finest_);
                if (made)
                    (*made)[key] = static_cast<osg::PagedLOD*>(tile.get());
                children->addChild(tile);
            }
        return children;
    }

    double cell(int level) const { return side_ / (texels_ * std::pow(2.0, level)); }

    geo::Envelope tile_area(const TileKey& key) const
    {
        const geo::Envelope e = terrain_.extent();
        const double size = side_ / std::pow(2.0, key.level);
        return {e.min_x + key.x * size, e.min_y + key.y * size, e.min_x + (key.x + 1) * size,
                e.min_y + (key.y + 1) * size};
    }

    // The tile of `level` where (x, y) lies (beyond the terrain too).
    TileKey tile_at(int level, double x, double y) const
    {
        const geo::Envelope e = terrain_.extent();
        const double size = side_ / std::pow(2.0, level);
        return {level, static_cast<int>(std::floor((x - e.min_x) / size)),
                static_cast<int>(std::floor((y - e.min_y) / size))};
    }

    // The tile's part of the terrain; nullopt beyond it (the quadtree is square, the terrain not).
    std::optional<geo::Envelope> tile_on_terrain(const TileKey& key) const
    {
        const geo::Envelope t = tile_area(key), e = terrain_.extent();
        const geo::Envelope both{std::max(t.min_x, e.min_x), std::max(t.min_y, e.min_y), std::min(t.max_x, e.max_x),
                                 std::min(t.max_y, e.max_y)};
        if (both.min_x >= both.max_x || both.min_y >= both.max_y)
            return std::nullopt;
        return both;
    }

    // `area` as two triangles cut to the terrain's own (terrain_drape.h): a tile lies on the
    // terrain exactly as the terrain is drawn, and ends where its neighbour begins.
    osg::ref_ptr<osg::Geometry> draped(const geo::Envelope& area) const
    {
        osg::ref_ptr<osg::Vec3Array> vertices = new osg::Vec3Array;
        osg::ref_ptr<osg::Vec4ubArray> colors = new osg::Vec4ubArray;
        osg::ref_ptr<osg::FloatArray> ids = new osg::FloatArray;
        for (const auto& [x, y] : {std::pair{area.min_x, area.min_y}, std::pair{area.max_x, area.min_y},
                                   std::pair{area.max_x, area.max_y}, std::pair{area.min_x, area.max_y}}) {
            vertices->push_back(osg::Vec3(static_cast<float>(x - origin_x_), static_cast<float>(y - origin_y_),
                                          static_cast<float>(terrain_.height_at(x, y))));
            colors->push_back(osg::Vec4ub(255, 255, 255, 255));
            ids->push_back(-1);
        }
        osg::ref_ptr<osg::DrawElementsUInt> triangles = new osg::DrawElementsUInt(GL_TRIANGLES);
        for (const GLuint index : {0U, 1U, 2U, 0U, 2U, 3U})
            triangles->push_back(index);
        drape_fills(*vertices, *colors, *ids, *triangles, terrain_, origin_x_, origin_y_);
        osg::ref_ptr<osg::Geometry> geometry = new osg::Geometry;
        geometry->setName("picture tile");
        geometry->setUseDisplayList(false);
        geometry->setUseVertexBufferObjects(true);
        geometry->setVertexArray(vertices);
        geometry->addPrimitiveSet(triangles);
        return geometry;
    }

    // `content` shown until the tile covers more pixels than its texels, then its children
    // (read by the pager) where `refined`.
    osg::ref_ptr<osg::Node> paged(const TileKey& key, osg::ref_ptr<osg::Node> content, bool refined)
    {
        const geo::Envelope area = tile_area(key);
        const double half = (area.max_x - area.min_x) / 2;
        const double x = (area.min_x + area.max_x) / 2, y = (area.min_y + area.max_y) / 2;
        osg::ref_ptr<osg::PagedLOD> node = new osg::PagedLOD;
        node->setCenterMode(osg::LOD::USER_DEFINED_CENTER);
        node->setCenter(osg::Vec3(static_cast<float>(x - origin_x_), static_cast<float>(y - origin_y_),
                                  static_cast<float>(terrain_.height_at(x, y))));
        node->setRadius(static_cast<float>(half * std::sqrt(2.0)));
        // OSG's pixel size of a bounding sphere is its diameter on screen: a tile's side times √2.
        node->setRangeMode(osg::LOD::PIXEL_SIZE_ON_SCREEN);
        // The root draws the whole county's picture, as fine as the coarse level's tiles together.
        const int shown = key.level == 0 ? texels_ << std::max(0, coarse_level()) : texels_;
        const float finer_from = static_cast<float>(shown * std::sqrt(2.0));
        node->addChild(content.get(), 0, refined ? finer_from : FLT_MAX);
        if (refined) {
            node->setFileName(1, file_name_of_children(key));
            // The pager reads first the deepest tiles asked for, then of those what is largest on
            // screen (priority: the level, less a fraction that grows as the tile shrinks; not
            // FLT_MAX as the range's end, which would make that fraction 1 for every tile): the
            // tiles nearest the camera sharpen before those far off, whose ancestors it would
            // otherwise read first as the largest on screen.
            node->setRange(1, finer_from, kLargestOnScreen);
            node->setPriorityOffset(1, static_cast<float>(key.level));
            osg::ref_ptr<osgDB::Options> options;
            if (options_.lock(options)) // else the tree is gone
                node->setDatabaseOptions(options.get());
            const bool under_focus = [&] {
                const std::lock_guard lock(focus_mutex_);
                return focus_ && contains(area, focus_->x, focus_->y);
            }();
            const std::lock_guard lock(nodes_mutex_);
            if (nodes_.size() > kNodesBeforePruning)
                std::erase_if(nodes_, [](const auto& entry) { return !entry.second.valid(); });
            nodes_[key] = node.get();
            if (under_focus) { // not in the scene yet: no frame reads its priority
                node->setPriorityOffset(1, node->getPriorityOffset(1) + kUnderFocus);
                pressed_.emplace_back(node.get());
            }
        }
        return node;
    }

    std::shared_ptr<PreviewLayers> layers_;
    const TerrainModel terrain_;
    osg::ref_ptr<osg::Node> terrain_surface_;
    double origin_x_, origin_y_;
    int texels_;
    double side_ = 1;
    int first_drawn_ = 0, finest_ = 0;
    osg::ref_ptr<osg::StateSet> whole_state_; // the whole county's picture: textures and uniforms
    // The tree's nodes hold the options, which hold this: not held back, or neither would go.
    osg::observer_ptr<osgDB::Options> options_;
    std::atomic<bool> cancelled_{false};
    struct Focus {
        double x, y, metres_per_pixel;
    };
    std::mutex focus_mutex_; // for both
    std::optional<Focus> focus_;
    std::map<TileKey, osg::ref_ptr<osg::Group>> read_ahead_; // by parent
    mutable std::mutex drawn_mutex_;
    std::set<TileKey> drawn_;
    std::set<TileKey> read_; // the tiles whose children were read
    mutable std::mutex nodes_mutex_;
    std::map<TileKey, osg::observer_ptr<osg::PagedLOD>> nodes_; // the refined tiles made
    std::vector<osg::observer_ptr<osg::PagedLOD>> pressed_;     // those under the focus, asked for first
    std::mutex error_mutex_;
    std::string error_;
};

PictureTiles::PictureTiles(std::shared_ptr<PreviewLayers> layers, const TerrainModel& terrain,
                           osg::Node* terrain_surface, double origin_x, double origin_y, const osg::Group& whole,
                           int texels)
{
    const osg::ref_ptr<osgDB::Options> options = new osgDB::Options; // the root holds it from here
    reader_ = new Reader(std::move(layers), terrain, terrain_surface, origin_x, origin_y, whole, texels, options.get());
    root_ = reader_->root_node();
}

PictureTiles::~PictureTiles()
{
    reader_->cancel();
}

void PictureTiles::whole_changed(const osg::Group& whole)
{
    reader_->whole_changed(whole);
}

void PictureTiles::look_at(double x, double y, double metres_per_pixel)
{
    reader_->look_at(x, y, metres_per_pixel);
}

int PictureTiles::tiles_drawn() const
{
    return reader_->tiles_drawn();
}

int PictureTiles::finest_level_at(double x, double y) const
{
    return reader_->finest_level_at(x, y);
}

std::string PictureTiles::take_error()
{
    return reader_->take_error();
}

unsigned tiles_to_keep(std::size_t memory_budget, int texels)
{
    // Four tiles a PagedLOD, each its colours, their mipmaps (a third more) and the GL driver's copy.
    const double bytes = 4.0 * texels * texels * 4 * (4.0 / 3) * 2;
    return static_cast<unsigned>(std::clamp(static_cast<double>(memory_budget) / 4 / bytes, 8.0, 300.0));
}

} // namespace scene
