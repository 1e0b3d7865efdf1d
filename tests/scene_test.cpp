// The 3D scene without a window (EGL): far-away chunks of parcels drawn as impostors stand where
// their geometry stands, and selection still shows through them.
#include <gtest/gtest.h>

#include <array>
#include <functional>
#include <numeric>
#include <optional>
#include <set>

#include <osg/Geometry>
#include <osg/LOD>
#include <osg/NodeVisitor>
#include <osg/PagedLOD>
#include <osgDB/Registry>

#include "county_loader.h"
#include "county_preview.h"
#include "geo/error.h"
#include "geo/feature_table.h"
#include "layer_mesh.h"
#include "layer_picture.h"
#include "memory_budget.h"
#include "offscreen.h"
#include "picture_tiles.h"
#include "style.h"
#include "support.h"
#include "terrain_fill.h"
#include "terrain_model.h"
#include "viewpoint.h"

namespace {

struct Box {
    int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1;
    int count = 0;
    void add(int x, int y)
    {
        x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
        ++count;
    }
    int area() const { return x1 < x0 ? 0 : (x1 - x0 + 1) * (y1 - y0 + 1); }
};

// One layer of the sample county, loaded and drawn as the viewer does.
std::pair<scene::LoadedCounty, std::unique_ptr<scene::CountyScene>> sample_scene_of(const char* layer)
{
    scene::LoadOptions options;
    options.sources = {test::sample_gpkg()};
    options.only_layers = {layer};
    auto county = scene::load_county(options);
    auto scene = scene::assemble_scene(county);
    return {std::move(county), std::move(scene)};
}

// Where two renderings differ.
Box difference(const osg::Image& a, const osg::Image& b)
{
    Box box;
    for (int y = 0; y < a.t(); ++y)
        for (int x = 0; x < a.s(); ++x) {
            const unsigned char *p = a.data(x, y), *q = b.data(x, y);
            if (std::abs(p[0] - q[0]) + std::abs(p[1] - q[1]) + std::abs(p[2] - q[2]) > 12)
                box.add(x, y);
        }
    return box;
}

// Pixels tinted towards the selection's cyan (much more blue and green than red).
int cyan_pixels(const osg::Image& image)
{
    int count = 0;
    for (int y = 0; y < image.t(); ++y)
        for (int x = 0; x < image.s(); ++x) {
            const unsigned char* p = image.data(x, y);
            count += p[2] > p[0] + 60 && p[1] > p[0] + 40 ? 1 : 0;
        }
    return count;
}

// Sets every impostor LOD to draw its geometry (with its outlines) at any distance.
class ForceDetail : public osg::NodeVisitor {
public:
    ForceDetail() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {}
    void apply(osg::LOD& lod) override
    {
        if (lod.getRangeMode() == osg::LOD::PIXEL_SIZE_ON_SCREEN && lod.getNumChildren() == 2) {
            lod.setRange(0, 0, 0); // the impostor never, its geometry always
            lod.setRange(1, 0, std::numeric_limits<float>::max());
            ++forced;
        } else if (lod.getRangeMode() == osg::LOD::PIXEL_SIZE_ON_SCREEN) {
            lod.setRange(0, 0, std::numeric_limits<float>::max()); // outlines at any distance
        }
        traverse(lod);
    }
    int forced = 0;
};

class FarAway : public ::testing::Test {
protected:
    void SetUp() override
    {
        scene::LoadOptions options;
        options.sources = {test::sample_gpkg()};
        options.only_layers = {"parcels", "county_boundary"};
        county_ = scene::load_county(options);
        scene_ = scene::assemble_scene(county_);
        // So small an image that the county's parcels cover fewer pixels than their impostor
        // has texels: what a million-parcel county looks like from afar.
        request_.width = 120;
        request_.height = 90;
        request_.view = scene::top_down_view(*scene_, scene_->terrain().extent(), 120.0 / 90.0);
    }
    osg::ref_ptr<osg::Image> render() { return scene::render_offscreen(scene_->root(), request_); }

    scene::LoadedCounty county_;
    std::unique_ptr<scene::CountyScene> scene_;
    scene::RenderRequest request_;
};

TEST_F(FarAway, ImpostorsStandWhereTheParcelsGeometryStands)
{
    scene::SceneLayer& parcels = *scene_->layer("parcels");
    ASSERT_GE(parcels.stats.impostors, 1U);
    const auto with_impostors = render();
    scene_->set_visible(parcels, false);
    const auto without = render();
    scene_->set_visible(parcels, true);
    ForceDetail force;
    parcels.node->accept(force);
    ASSERT_EQ(force.forced, static_cast<int>(parcels.stats.impostors));
    const auto with_geometry = render();

    const Box impostor = difference(*with_impostors, *without), geometry = difference(*with_geometry, *without);
    ASSERT_GT(geometry.count, 20);
    ASSERT_GT(impostor.count, 20);
    // The impostor is not the geometry (it was drawn) but covers the same place.
    EXPECT_GT(difference(*with_impostors, *with_geometry).count, 0);
    const Box overlap{std::max(impostor.x0, geometry.x0), std::max(impostor.y0, geometry.y0),
                      std::min(impostor.x1, geometry.x1), std::min(impostor.y1, geometry.y1)};
    EXPECT_GT(overlap.area(), 0.8 * geometry.area())
        << "impostor " << impostor.x0 << "," << impostor.y0 << " - " << impostor.x1 << "," << impostor.y1
        << "; geometry " << geometry.x0 << "," << geometry.y0 << " - " << geometry.x1 << "," << geometry.y1;
    EXPECT_GT(overlap.area(), 0.8 * impostor.area());
}

TEST_F(FarAway, SelectionShowsThroughImpostors)
{
    scene::SceneLayer& parcels = *scene_->layer("parcels");
    const int before = cyan_pixels(*render());
    std::vector<std::size_t> all(parcels.table->size());
    std::iota(all.begin(), all.end(), 0);
    scene_->set_selection(parcels, all);
    const int selected = cyan_pixels(*render());
    EXPECT_GT(selected, before + 20) << "before " << before << ", selected " << selected;
}

TEST(FlatGround, CoversTheWholeExtentOfTheData)
{
    const geo::Envelope data{1000, 2000, 5000, 3000};
    const geo::Envelope ground = scene::TerrainModel::flat(data).extent();
    EXPECT_LE(ground.min_x, data.min_x);
    EXPECT_LE(ground.min_y, data.min_y);
    EXPECT_GE(ground.max_x, data.max_x);
    EXPECT_GE(ground.max_y, data.max_y);
    EXPECT_LT(ground.max_x - ground.min_x, 1.2 * (data.max_x - data.min_x)); // a margin, not a sea
}

// A file opened without a DEM (a county boundary as GeoJSON, nothing beside it): seen from
// above, the flat ground fills the view of the data, not a patch in its middle.
TEST(FlatGround, FillsTheViewOfAFileWithoutDem)
{
    test::TempDir dir;
    const std::string boundary = dir.file("county.geojson");
    ASSERT_TRUE(test::ogr2ogr(test::sample_gpkg(), boundary, {"county_boundary"}));
    scene::LoadOptions options;
    options.sources = {boundary};
    auto county = scene::load_county(options);
    ASSERT_TRUE(county.dem_path.empty());
    auto scene = scene::assemble_scene(county);
    scene::RenderRequest request;
    request.width = 160;
    request.height = 120;
    request.background = osg::Vec4(1, 0, 1, 1); // magenta: nothing drawn there
    request.view = scene::top_down_view(*scene, county.layers.front().table->extent(), 160.0 / 120.0);
    const auto image = scene::render_offscreen(scene->root(), request);
    // The county is about square and fills the height: look at the square in the middle.
    int background = 0, looked = 0;
    for (int y = 10; y < 110; ++y)
        for (int x = 30; x < 130; ++x, ++looked) {
            const unsigned char* p = image->data(x, y);
            background += p[0] > 240 && p[1] < 15 && p[2] > 240 ? 1 : 0;
        }
    EXPECT_LT(background, looked / 50) << background << " of " << looked << " pixels are background";
}

// A caller's work while the meshes finish (a briefing draws its dense layers' pictures then):
// called once, with every layer read and the terrain known, with a DEM and without one, and
// the pictures it puts in the dense layers' meshes are what the scene draws.
TEST(Loading, TheCallerWorksOnTheReadCountyWhileItsMeshesFinish)
{
    test::TempDir dir;
    const std::string boundary = dir.file("county.geojson");
    ASSERT_TRUE(test::ogr2ogr(test::sample_gpkg(), boundary, {"county_boundary"}));
    for (const std::string& source : {test::sample_gpkg(), boundary}) {
        scene::LoadOptions options;
        options.sources = {source};
        options.only_layers = {"county_boundary", "eco_redline", "parcels"};
        options.picture_only = true;
        options.dense_as_pictures = true;
        int calls = 0;
        osg::ref_ptr<osg::Group> drawn = new osg::Group;
        options.while_meshes_finish = [&](scene::LoadedCounty& read) {
            ++calls;
            ASSERT_NE(read.terrain, nullptr);
            for (auto& layer : read.layers) {
                EXPECT_FALSE(layer.name().empty());
                EXPECT_LT(layer.extent.min_x, layer.extent.max_x) << layer.name() << " not read";
                if (layer.source) // a dense layer, drawn as a picture: nothing meshes it
                    layer.mesh = drawn;
            }
        };
        auto county = scene::load_county(options);
        EXPECT_EQ(calls, 1) << source;
        EXPECT_EQ(county.layers.size(), source == boundary ? 1U : 3U);
        std::size_t pictures = 0;
        for (const auto& layer : county.layers) {
            ASSERT_TRUE(layer.mesh) << layer.name();
            EXPECT_EQ(layer.mesh == drawn, layer.source != nullptr) << layer.name();
            pictures += layer.mesh == drawn ? 1 : 0;
        }
        EXPECT_EQ(pictures, source == boundary ? 0U : 1U) << "the parcels are drawn as a picture";
    }
}

// At county scale the sample has more names than room: labels are placed by priority and never
// overlap; close up, the names that were dropped come back.
TEST(Labels, NeverOverlapAndGiveWayByPriority)
{
    scene::LoadOptions options;
    options.sources = {test::sample_gpkg()};
    options.only_layers = {"county_boundary", "towns", "villages", "key_projects", "renewal_zones"};
    auto county = scene::load_county(options);
    auto scene = scene::assemble_scene(county);
    scene->set_label_size(16);
    const auto& labels = scene->labels();
    scene::RenderRequest request;
    request.width = 640;
    request.height = 360;
    request.view = scene::top_down_view(*scene, scene->terrain().extent(), 640.0 / 360.0);
    scene::render_offscreen(scene->root(), request);
    const auto far = labels.placed_last_frame();
    ASSERT_GE(far.size(), 10U);
    EXPECT_LT(far.size(), labels.size());
    for (std::size_t i = 0; i < far.size(); ++i) {
        if (i > 0) {
            EXPECT_LE(far[i - 1].priority, far[i].priority); // towns before villages before projects
        }
        for (std::size_t j = i + 1; j < far.size(); ++j) {
            const bool overlap =
                far[i].x0 < far[j].x1 && far[j].x0 < far[i].x1 && far[i].y0 < far[j].y1 && far[j].y0 < far[i].y1;
            EXPECT_FALSE(overlap) << i << " overlaps " << j;
        }
    }
    // Every placed label is drawn, also in a county-wide 2D map where OSG's small-feature culling
    // would drop a short name (regression: only the two longest names showed).
    const geo::Envelope all = scene->terrain().extent();
    request.view = scene::top_down_view(*scene, all, 640.0 / 360.0);
    request.ortho_half_height = (all.max_y - all.min_y) / 2 * 1.08;
    const auto with_labels = scene::render_offscreen(scene->root(), request);
    const auto placed = labels.placed_last_frame().size();
    ASSERT_GE(placed, 10U);
    scene->set_label_size(0.5F); // the same scene with its labels shrunk to nothing
    const auto without_labels = scene::render_offscreen(scene->root(), request);
    scene->set_label_size(16);
    request.ortho_half_height = 0;
    EXPECT_GT(difference(*with_labels, *without_labels).count, static_cast<int>(placed) * 30);

    // Close up on the county seat, its renewal zones' names (the lowest priority) appear.
    auto* renewal = scene->layer("renewal_zones");
    ASSERT_NE(renewal, nullptr);
    request.view = scene::top_down_view(*scene, renewal->table->extent(), 640.0 / 360.0);
    scene::render_offscreen(scene->root(), request);
    const auto near = labels.placed_last_frame();
    EXPECT_GE(std::count_if(near.begin(), near.end(), [](const auto& p) { return p.priority == 4; }), 4);
    EXPECT_LT(std::count_if(far.begin(), far.end(), [](const auto& p) { return p.priority == 4; }),
              std::count_if(near.begin(), near.end(), [](const auto& p) { return p.priority == 4; }));
}

} // namespace

// The terrain never hides a draped fill (regression: on steep ground the red line's fill had
// holes that moved with the zoom and a parcel inside it lost a wedge, read as outside the red
// line). The parcel deep inside the red line on the steepest ground, seen from above and
// obliquely: the red line tints every pixel around it, the parcel fills its whole outline.
TEST(Draping, FillsOnSteepGroundAreDrawnWhole)
{
    scene::LoadOptions options;
    options.sources = {test::sample_gpkg()};
    options.only_layers = {"eco_redline", "parcels"};
    auto county = scene::load_county(options);
    auto scene = scene::assemble_scene(county);
    scene::SceneLayer& parcels = *scene->layer("parcels");
    scene::SceneLayer& redline = *scene->layer("eco_redline");
    const auto fids =
        test::sql_strings(test::sample_gpkg(),
                          "SELECT p.fid FROM parcels p, eco_redline r WHERE ST_Within(ST_Buffer(p.geom, 100), r.geom)");
    ASSERT_FALSE(fids.empty());
    std::vector<std::int64_t> wanted;
    for (const auto& fid : fids)
        wanted.push_back(std::stoll(fid));
    const scene::TerrainModel& terrain = scene->terrain();
    std::size_t steepest = 0;
    double relief = -1;
    for (std::size_t row : parcels.table->rows_of(wanted)) {
        const geo::Envelope e = parcels.table->envelope(row);
        double low = 1e9, high = -1e9;
        for (double x : {e.min_x, (e.min_x + e.max_x) / 2, e.max_x})
            for (double y : {e.min_y, (e.min_y + e.max_y) / 2, e.max_y}) {
                low = std::min(low, terrain.height_at(x, y));
                high = std::max(high, terrain.height_at(x, y));
            }
        if (high - low > relief)
            relief = high - low, steepest = row;
    }
    ASSERT_GT(relief, 5.0) << "the sample has no steep parcel inside the red line";
    const geo::Envelope e = parcels.table->envelope(steepest);
    const geo::Envelope around{e.min_x - 60, e.min_y - 60, e.max_x + 60, e.max_y + 60};
    const double filled_share = parcels.table->area_m2(steepest) / ((e.max_x - e.min_x) * (e.max_y - e.min_y));

    for (const bool oblique : {false, true}) {
        scene::RenderRequest request;
        request.width = 800;
        request.height = 600;
        request.view = oblique ? scene::oblique_view(*scene, around, 800.0 / 600.0)
                               : scene::top_down_view(*scene, around, 800.0 / 600.0);
        const auto both = scene::render_offscreen(scene->root(), request);
        scene->set_visible(parcels, false);
        const auto red_only = scene::render_offscreen(scene->root(), request);
        scene->set_visible(redline, false);
        const auto terrain_only = scene::render_offscreen(scene->root(), request);
        scene->set_visible(parcels, true);
        scene->set_visible(redline, true);
        const std::string view = oblique ? "oblique" : "from above";
        both->setFileName(std::string(PLANVIEW_TEST_OUTPUT_DIR) + "/steep_" + (oblique ? "oblique" : "above") + ".png");
        scene::write_png(*both, both->getFileName());

        // The red line tints the middle half of the picture everywhere.
        int tinted = 0, pixels = 0;
        for (int y = 150; y < 450; ++y)
            for (int x = 200; x < 600; ++x) {
                const unsigned char *p = red_only->data(x, y), *q = terrain_only->data(x, y);
                tinted += std::abs(p[0] - q[0]) + std::abs(p[1] - q[1]) + std::abs(p[2] - q[2]) > 12 ? 1 : 0;
                ++pixels;
            }
        EXPECT_GT(tinted, pixels * 99 / 100) << view << ": " << tinted << " of " << pixels;

        // From above, the parcel covers as much of its box on screen as of its envelope on the
        // ground (less, where the terrain hides part of it).
        if (!oblique) {
            const Box parcel = difference(*both, *red_only);
            ASSERT_GT(parcel.area(), 400) << view;
            EXPECT_GT(static_cast<double>(parcel.count) / parcel.area(), 0.9 * filled_share)
                << view << ": " << parcel.count << " of " << parcel.area() << " pixels, share on the ground "
                << filled_share;
        }
    }
}

// The 三区 tile the county: their fills lie on the terrain as a texture (no triangles of their
// own), each zone in its tint blended over the terrain, deep inside every zone's area.
TEST(ThreeZones, TintTheTerrainInEachZonesColourWithoutTriangles)
{
    auto [county, scene] = sample_scene_of("three_zones");
    scene::SceneLayer& zones = *scene->layer("three_zones");
    ASSERT_TRUE(zones.style.fills_on_terrain);
    EXPECT_EQ(zones.stats.triangles, 0U) << "the zones were cut and triangulated";
    EXPECT_GT(zones.stats.line_vertices, 0U) << "the zones' outlines are missing";

    // A true-scale map from above: a ground point's pixel is known.
    const geo::Envelope e = zones.table->extent();
    scene::RenderRequest request;
    request.width = request.height = 400;
    request.ortho_half_height = 0.55 * std::max(e.max_x - e.min_x, e.max_y - e.min_y);
    request.view = scene::top_down_view(*scene, e, 1.0);
    const double cx = (e.min_x + e.max_x) / 2, cy = (e.min_y + e.max_y) / 2;
    const double metres_per_pixel = 2 * request.ortho_half_height / request.height;
    const auto tinted = scene::render_offscreen(scene->root(), request);
    scene->set_visible(zones, false);
    const auto bare = scene::render_offscreen(scene->root(), request);

    const auto field = zones.table->field_index(zones.style.field);
    ASSERT_TRUE(field) << zones.style.field;
    auto ctx = geo::geos_context();
    for (std::size_t row = 0; row < zones.table->size(); ++row) {
        // The centre of the largest circle inside the zone: far from its outline.
        geo::GeomPtr circle(GEOSMaximumInscribedCircle_r(ctx, zones.table->geometry(row), 10));
        ASSERT_TRUE(circle);
        geo::GeomPtr centre(GEOSGeomGetStartPoint_r(ctx, circle.get()));
        double x = 0, y = 0;
        GEOSGeomGetX_r(ctx, centre.get(), &x);
        GEOSGeomGetY_r(ctx, centre.get(), &y);
        const int px = static_cast<int>(request.width / 2 + (x - cx) / metres_per_pixel);
        const int py = static_cast<int>(request.height / 2 + (y - cy) / metres_per_pixel);
        const std::string zone(zones.table->value(row, *field));
        const scene::Rgba tint = zones.style.color_for(zone);
        const unsigned char *drawn = tinted->data(px, py), *ground = bare->data(px, py);
        const float channels[3] = {tint.r, tint.g, tint.b};
        for (int k = 0; k < 3; ++k) {
            const double expected = ground[k] * (1 - tint.a) + 255 * channels[k] * tint.a;
            EXPECT_NEAR(drawn[k], expected, 10) << zone << " at pixel " << px << "," << py << ", channel " << k;
        }
    }
}

// Graduated by a number, parcels are drawn in the classes' colours, not in one.
TEST(Styles, GraduatedParcelsAreDrawnInTheirClassesColours)
{
    scene::LoadOptions options;
    options.sources = {test::sample_gpkg()};
    options.only_layers = {"parcels"};
    auto county = scene::load_county(options);
    const auto& parcels = *county.layers.front().table;
    scene::LayerStyle style = county.layers.front().style;
    ASSERT_TRUE(scene::style_by_field(style, parcels, "planned_far"));
    ASSERT_EQ(style.kind, scene::StyleKind::Graduated);
    scene::MeshStats stats;
    auto mesh = scene::build_layer_mesh(parcels, style, *county.terrain, 0, 0, stats);
    ASSERT_TRUE(mesh);

    // Every fill colour in the mesh's geometries (impostors carry theirs in textures).
    class Colours : public osg::NodeVisitor {
    public:
        Colours() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {}
        void apply(osg::Geometry& geometry) override
        {
            if (const auto* colours = dynamic_cast<const osg::Vec4ubArray*>(geometry.getColorArray()))
                for (const auto& c : *colours)
                    seen.insert((c.r() << 16) | (c.g() << 8) | c.b());
        }
        std::set<unsigned> seen;
    } colours;
    mesh->accept(colours);
    std::set<unsigned> classes;
    for (const auto& c : style.classes)
        classes.insert((static_cast<unsigned>(std::lround(c.color.r * 255)) << 16) |
                       (static_cast<unsigned>(std::lround(c.color.g * 255)) << 8) |
                       static_cast<unsigned>(std::lround(c.color.b * 255)));
    std::size_t class_colours_drawn = 0;
    for (unsigned c : classes)
        class_colours_drawn += colours.seen.count(c);
    EXPECT_EQ(class_colours_drawn, classes.size()) << colours.seen.size() << " colours drawn";
}

namespace {

// Pixels where `drawn` differs from `bare` (the terrain alone): what the layers cover.
std::vector<bool> covered(const osg::Image& drawn, const osg::Image& bare)
{
    std::vector<bool> mask(static_cast<std::size_t>(drawn.s() * drawn.t()));
    for (int y = 0; y < drawn.t(); ++y)
        for (int x = 0; x < drawn.s(); ++x) {
            const unsigned char *p = drawn.data(x, y), *q = bare.data(x, y);
            mask[static_cast<std::size_t>(y * drawn.s() + x)] =
                std::abs(p[0] - q[0]) + std::abs(p[1] - q[1]) + std::abs(p[2] - q[2]) > 24;
        }
    return mask;
}

struct Likeness {
    std::size_t county_pixels = 0, both = 0; // pixels the county's layers cover; the preview too
    int blocks = 0, alike = 0;               // 8×8 blocks the county covers; of the same colour
};

// Where `previewed` draws what `drawn` (the county as the viewer meshes it) does, both
// rendered by `request` over the terrain alone (`bare`).
Likeness likeness_of(const osg::Image& previewed, const osg::Image& drawn, const osg::Image& bare,
                     const scene::RenderRequest& request)
{
    Likeness likeness;
    const std::vector<bool> by_preview = covered(previewed, bare), by_county = covered(drawn, bare);
    for (std::size_t i = 0; i < by_county.size(); ++i) {
        likeness.county_pixels += by_county[i] ? 1 : 0;
        likeness.both += by_county[i] && by_preview[i] ? 1 : 0;
    }
    // Colours compared over 8×8 blocks (hatching and line widths differ pixel by pixel), the
    // county's dark outlines left out.
    for (int by = 0; by + 8 <= request.height; by += 8)
        for (int bx = 0; bx + 8 <= request.width; bx += 8) {
            if (!by_county[static_cast<std::size_t>((by + 4) * request.width + bx + 4)])
                continue;
            std::array<double, 3> a{}, b{};
            int fill_pixels = 0;
            for (int y = by; y < by + 8; ++y)
                for (int x = bx; x < bx + 8; ++x) {
                    const unsigned char *p = previewed.data(x, y), *q = drawn.data(x, y);
                    if (q[0] + q[1] + q[2] < 250)
                        continue; // a dark outline the preview does not draw
                    ++fill_pixels;
                    for (std::size_t c = 0; c < 3; ++c) {
                        a[c] += p[c];
                        b[c] += q[c];
                    }
                }
            if (fill_pixels < 16)
                continue;
            for (std::size_t c = 0; c < 3; ++c) {
                a[c] /= fill_pixels;
                b[c] /= fill_pixels;
            }
            ++likeness.blocks;
            likeness.alike += std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]) < 60 ? 1 : 0;
        }
    return likeness;
}

// The 3 km around the median centre of `table`'s features: where they are densest.
geo::Envelope densest_3km(const geo::FeatureTable& table)
{
    std::vector<double> xs, ys;
    for (std::size_t row = 0; row < table.size(); ++row) {
        const geo::Envelope e = table.envelope(row);
        xs.push_back((e.min_x + e.max_x) / 2);
        ys.push_back((e.min_y + e.max_y) / 2);
    }
    std::nth_element(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(xs.size() / 2), xs.end());
    std::nth_element(ys.begin(), ys.begin() + static_cast<std::ptrdiff_t>(ys.size() / 2), ys.end());
    const double x = xs[xs.size() / 2], y = ys[ys.size() / 2];
    return {x - 1500, y - 1500, x + 1500, y + 1500};
}

// The county `options` names and its preview rendered from above, compared: the whole county,
// or with `close_up` the 3 km around the middle of its first layer's features.
Likeness compare_preview(const scene::LoadOptions& options, const std::string& png_stem, bool close_up = false)
{
    scene::CountyPreview preview = scene::preview_county(options);
    auto county = scene::load_county(options);
    EXPECT_EQ(preview.layer_names.size(), county.layers.size());
    for (std::size_t i = 0; i < std::min(preview.layer_names.size(), county.layers.size()); ++i)
        EXPECT_EQ(preview.layer_names[i], county.layers[i].table->name());
    EXPECT_EQ(preview.terrain->extent().min_x, county.terrain->extent().min_x);

    auto first = scene::assemble_preview(preview);
    EXPECT_TRUE(first->layers().empty()); // nothing to pick until the county arrives
    auto full = scene::assemble_scene(county);
    full->labels().setNodeMask(0); // a preview has none
    scene::CountyScene terrain_only(*county.terrain);
    scene::RenderRequest request;
    request.width = 320;
    request.height = 240;
    request.view = scene::top_down_view(*full, full->terrain().extent(), 320.0 / 240.0);
    if (close_up)
        request.view = scene::top_down_view(*full, densest_3km(*county.layers.front().table), 320.0 / 240.0);
    const auto bare = scene::render_offscreen(terrain_only.root(), request);
    const auto previewed = scene::render_offscreen(first->root(), request);
    const auto drawn = scene::render_offscreen(full->root(), request);
    scene::write_png(*previewed, std::string(PLANVIEW_TEST_OUTPUT_DIR) + "/" + png_stem + ".png");
    scene::write_png(*drawn, std::string(PLANVIEW_TEST_OUTPUT_DIR) + "/" + png_stem + "_county.png");
    return likeness_of(*previewed, *drawn, *bare, request);
}

} // namespace

// The county's first picture, read straight from the GeoPackage, shows what the county will:
// the same terrain, the layers over the same ground, the parcels in their classes' colours.
TEST(Preview, ShowsTheCountyItStandsFor)
{
    scene::LoadOptions options;
    options.sources = {test::sample_gpkg()};
    const Likeness all = compare_preview(options, "preview");
    ASSERT_GT(all.county_pixels, 320U * 240U / 4); // the county's layers cover the view
    EXPECT_GT(all.both, all.county_pixels * 8 / 10) << all.both << " of " << all.county_pixels;
    // Lines are a texel wide in the preview (faint from this far): most blocks alike, not all.
    EXPECT_GT(all.alike, all.blocks * 3 / 5) << all.alike << " of " << all.blocks << " blocks alike";

    options.only_layers = {"parcels"};
    const Likeness parcels = compare_preview(options, "preview_parcels", true);
    ASSERT_GT(parcels.blocks, 20);
    EXPECT_GT(parcels.both, parcels.county_pixels * 8 / 10) << parcels.both << " of " << parcels.county_pixels;
    EXPECT_GT(parcels.alike, parcels.blocks * 8 / 10) << parcels.alike << " of " << parcels.blocks << " blocks alike";
}

namespace {

// Two styles give the same classes in the same colours (a legend's entries).
void expect_same_classes(const scene::LayerStyle& a, const scene::LayerStyle& b)
{
    EXPECT_EQ(a.field, b.field);
    EXPECT_EQ(a.kind, b.kind);
    ASSERT_EQ(a.classes.size(), b.classes.size());
    for (std::size_t c = 0; c < a.classes.size(); ++c) {
        EXPECT_EQ(a.classes[c].value, b.classes[c].value);
        EXPECT_EQ(a.classes[c].color.r, b.classes[c].color.r);
        EXPECT_EQ(a.classes[c].color.g, b.classes[c].color.g);
    }
}

} // namespace

// A briefing's dense layers drawn as pictures of its view (layer_picture.h) look as their
// meshes do, read only around the view, and draw nothing where they have no features.
TEST(Picture, DenseLayersLookAsTheirMeshes)
{
    scene::LoadOptions options;
    options.sources = {test::sample_gpkg()};
    options.only_layers = {"farmland", "parcels"};
    auto meshed = scene::load_county(options);
    options.dense_as_pictures = true;
    auto pictured = scene::load_county(options);
    ASSERT_EQ(pictured.layers.size(), 2U);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_FALSE(pictured.layers[i].table) << "dense layers are not read";
        ASSERT_TRUE(pictured.layers[i].source);
        // The style every feature gives (the legend's classes and their colours), not a sample's.
        expect_same_classes(pictured.layers[i].style, meshed.layers[i].style);
        const geo::Envelope a = pictured.layers[i].extent, b = meshed.layers[i].table->extent();
        EXPECT_NEAR(a.min_x, b.min_x, 1.0);
        EXPECT_NEAR(a.max_y, b.max_y, 1.0);
    }
    auto full = scene::assemble_scene(meshed);
    auto drawn_as_pictures = scene::assemble_scene(pictured);
    EXPECT_EQ(drawn_as_pictures->layers().front()->table, nullptr);
    EXPECT_TRUE(scene::rows_under(*drawn_as_pictures->layers().back(), 0, 0, 1).empty());

    scene::RenderRequest request;
    request.width = 640;
    request.height = 480;
    const geo::Envelope view = densest_3km(*meshed.layers.back().table);
    request.view = scene::top_down_view(*full, view, 640.0 / 480.0);
    auto draw_pictures_of = [&](const geo::Envelope& area, int texels) {
        for (std::size_t i = 0; i < 2; ++i) {
            scene::SceneLayer& layer = *drawn_as_pictures->layers()[i];
            drawn_as_pictures->restyle(
                layer, layer.style,
                scene::picture_of_layer(*pictured.layers[i].source, layer.style, *pictured.working, area, texels,
                                        drawn_as_pictures->origin_x(), drawn_as_pictures->origin_y()),
                layer.stats);
        }
    };
    const scene::PictureFrame frame = scene::picture_frame(*drawn_as_pictures, request);
    // The ground seen from above: the view widened to the image's shape, and not much more.
    EXPECT_LE(frame.area.min_x, view.min_x - 500);
    EXPECT_GE(frame.area.max_x, view.max_x + 500);
    EXPECT_LE(frame.area.min_y, view.min_y);
    EXPECT_GE(frame.area.max_y, view.max_y);
    EXPECT_LT(frame.area.max_x - frame.area.min_x, 4000 * 1.3);
    draw_pictures_of(frame.area, frame.texels);
    scene::CountyScene terrain_only(*meshed.terrain);
    const auto bare = scene::render_offscreen(terrain_only.root(), request);
    const auto as_pictures = scene::render_offscreen(drawn_as_pictures->root(), request);
    const auto as_meshes = scene::render_offscreen(full->root(), request);
    scene::write_png(*as_pictures, std::string(PLANVIEW_TEST_OUTPUT_DIR) + "/pictures.png");
    scene::write_png(*as_meshes, std::string(PLANVIEW_TEST_OUTPUT_DIR) + "/pictures_meshed.png");
    const Likeness likeness = likeness_of(*as_pictures, *as_meshes, *bare, request);
    ASSERT_GT(likeness.county_pixels, 640U * 480U / 4);
    EXPECT_GT(likeness.both, likeness.county_pixels * 9 / 10) << likeness.both << " of " << likeness.county_pixels;
    EXPECT_GT(likeness.alike, likeness.blocks * 8 / 10) << likeness.alike << " of " << likeness.blocks;

    // A picture of another part of the county draws nothing here (beyond it, nothing shows).
    const geo::Envelope terrain = full->terrain().extent();
    draw_pictures_of({terrain.min_x, terrain.min_y, terrain.min_x + 100, terrain.min_y + 100}, 1024);
    const auto elsewhere = scene::render_offscreen(drawn_as_pictures->root(), request);
    EXPECT_EQ(likeness_of(*elsewhere, *as_meshes, *bare, request).both, 0U);
}

// The county seat seen from a few kilometres shows its parcels' colours, not their outlines: an
// outline appears once its parcel is a few pixels wide, in the impostors as in the geometry (a
// hairline around a parcel of three pixels was all it showed, and the county seat looked grey).
TEST(Outlines, ParcelsKeepTheirColoursFromAfarAndTheirOutlinesClose)
{
    auto [county, scene] = sample_scene_of("parcels");
    scene::CountyScene terrain_only(*county.terrain);
    const geo::Envelope seat = densest_3km(*county.layers.front().table);
    // The share of the parcels' pixels as dark as their outlines, the 3 km seen `width` wide.
    auto dark_share = [&](int width) {
        scene::RenderRequest request;
        request.width = width;
        request.height = width * 3 / 4;
        request.view = scene::top_down_view(*scene, seat, 4.0 / 3.0);
        const auto drawn = scene::render_offscreen(scene->root(), request);
        const auto bare = scene::render_offscreen(terrain_only.root(), request);
        scene::write_png(*drawn, std::string(PLANVIEW_TEST_OUTPUT_DIR) + "/outlines_" + std::to_string(width) + ".png");
        const std::vector<bool> parcels = covered(*drawn, *bare);
        std::size_t dark = 0, all = 0;
        for (int y = 0; y < request.height; ++y)
            for (int x = 0; x < request.width; ++x) {
                if (!parcels[static_cast<std::size_t>(y * request.width + x)])
                    continue;
                const unsigned char* p = drawn->data(x, y);
                ++all;
                dark += p[0] + p[1] + p[2] < 250 ? 1 : 0;
            }
        EXPECT_GT(all, static_cast<std::size_t>(request.width * request.height / 20)) << width;
        return static_cast<double>(dark) / static_cast<double>(std::max<std::size_t>(all, 1));
    };
    // The sample's parcels are 2-3 pixels wide here: no outlines (they made 76% of the pixels).
    EXPECT_LT(dark_share(160), 0.10);
    // At every distance a parcel shows more of its colour than of its outline (51% at 320 before).
    for (int width : {320, 640, 1280})
        EXPECT_LT(dark_share(width), 1.0 / 3) << "3 km seen " << width << " pixels wide";
    EXPECT_GT(dark_share(2400), 0.03) << "close up, parcels show their outlines";
}

namespace {

// The sample's parcels copied to `path`, with one more parcel last whose land-use code is
// `last_code(codes the others hold)`: what a sample of the first features misses.
void parcels_with_one_more_last(const std::string& path,
                                const std::function<std::string(const std::set<std::string>&)>& last_code)
{
    const geo::DatasetPtr written = test::ogr2ogr(test::sample_gpkg(), path, {"parcels"});
    ASSERT_TRUE(written);
    OGRLayer* parcels = written->GetLayerByName("parcels");
    ASSERT_NE(parcels, nullptr);
    ASSERT_GT(parcels->GetFeatureCount(), 2000); // beyond a first-features sample
    std::set<std::string> codes;
    for (auto& feature : *parcels)
        codes.insert(feature->GetFieldAsString("land_use_code"));
    const std::string code = last_code(codes);
    ASSERT_FALSE(code.empty());
    parcels->ResetReading();
    geo::FeaturePtr last(parcels->GetNextFeature());
    last->SetFID(OGRNullFID);
    last->SetField("land_use_code", code.c_str());
    ASSERT_EQ(parcels->CreateFeature(last.get()), OGRERR_NONE);
}

// A 用地用海 class none of `codes` is.
std::string rare_code(const std::set<std::string>& codes)
{
    for (const auto& c : scene::land_use_classes())
        if (!codes.contains(c.code))
            return c.code;
    return {};
}

// `path`'s parcels loaded for a briefing that takes classes from pictures, their picture drawn
// over `area` (the whole layer when not given): the style it ends with.
scene::LayerStyle briefing_style_of(const std::string& path, std::optional<geo::Envelope> area, bool& was_pending)
{
    scene::LoadOptions options;
    options.sources = {path};
    options.dense_as_pictures = true;
    options.classes_from_pictures = true;
    auto county = scene::load_county(options);
    EXPECT_EQ(county.layers.size(), 1U);
    scene::LoadedLayer& parcels = county.layers.front();
    EXPECT_FALSE(parcels.table); // drawn as a picture
    was_pending = parcels.classes_pending;
    const scene::PictureFrame frame{area.value_or(parcels.extent), 512};
    scene::picture_of_loaded_layer(parcels, nullptr, *county.working, frame, 0, 0);
    EXPECT_FALSE(parcels.classes_pending);
    return parcels.style;
}

} // namespace

// A class met only by the last feature of a dense layer is in its picture's style and legend:
// read from every feature before the picture, or (a briefing's) gathered by the picture itself.
TEST(Picture, StyleComesFromEveryFeature)
{
    test::TempDir dir;
    const std::string copy = dir.file("parcels.gpkg");
    parcels_with_one_more_last(copy, rare_code);
    scene::LoadOptions options;
    options.sources = {copy};
    const auto meshed = scene::load_county(options);
    options.dense_as_pictures = true;
    const auto county = scene::load_county(options);
    ASSERT_EQ(county.layers.size(), 1U);
    ASSERT_FALSE(county.layers.front().table); // drawn as a picture
    EXPECT_FALSE(county.layers.front().classes_pending);
    const scene::LayerStyle& every_feature = meshed.layers.front().style;
    expect_same_classes(county.layers.front().style, every_feature);

    bool pending = false;
    expect_same_classes(briefing_style_of(copy, std::nullopt, pending), every_feature);
    EXPECT_TRUE(pending) << "a sample's style, completed by the picture";
    // A picture of part of the layer cannot tell: every feature is read after all.
    const geo::Envelope e = meshed.layers.front().table->extent();
    const geo::Envelope part{e.min_x, e.min_y, (e.min_x + e.max_x) / 2, e.max_y};
    expect_same_classes(briefing_style_of(copy, part, pending), every_feature);
}

// A value past the sample that is no 用地用海 code changes every colour (the layer is no longer
// coloured by the national palette): a briefing's picture then takes the style every feature gives.
TEST(Picture, AValueNoCodeLastGivesEveryFeaturesStyle)
{
    test::TempDir dir;
    const std::string copy = dir.file("parcels.gpkg");
    parcels_with_one_more_last(copy, [](const std::set<std::string>&) { return std::string("待定"); });
    scene::LoadOptions options;
    options.sources = {copy};
    const auto meshed = scene::load_county(options);
    const scene::LayerStyle& every_feature = meshed.layers.front().style;
    ASSERT_TRUE(std::any_of(every_feature.classes.begin(), every_feature.classes.end(),
                            [](const auto& c) { return c.value == "待定"; }));
    bool pending = false;
    expect_same_classes(briefing_style_of(copy, std::nullopt, pending), every_feature);
    EXPECT_TRUE(pending);
}

namespace {

// Pixels where two renders of one size differ by more than a shade, of all.
double share_differing(const osg::Image& a, const osg::Image& b)
{
    std::size_t differ = 0, pixels = 0;
    for (int y = 0; y < a.t(); ++y)
        for (int x = 0; x < a.s(); ++x, ++pixels) {
            const unsigned char *p = a.data(x, y), *q = b.data(x, y);
            differ += std::abs(p[0] - q[0]) + std::abs(p[1] - q[1]) + std::abs(p[2] - q[2]) > 12 ? 1 : 0;
        }
    return static_cast<double>(differ) / static_cast<double>(pixels);
}

// The switch between a layer of few large areas' fills from afar and close up, if any.
osg::LOD* fills_from_afar(osg::Node& root)
{
    struct FindLod : osg::NodeVisitor {
        FindLod() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {}
        void apply(osg::LOD& node) override
        {
            if (node.getName() == "fills from afar on the terrain")
                found = &node;
            traverse(node);
        }
        osg::LOD* found = nullptr;
    } find;
    root.accept(find);
    return find.found;
}

// The geometries under `node` whose name is `name` ("fill", "lines").
std::vector<const osg::Geometry*> geometries_named(osg::Node& node, const std::string& name)
{
    struct Find : osg::NodeVisitor {
        explicit Find(const std::string& n) : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN), name(n) {}
        void apply(osg::Geometry& geometry) override
        {
            if (geometry.getName() == name)
                found.push_back(&geometry);
        }
        std::string name;
        std::vector<const osg::Geometry*> found;
    } find(name);
    node.accept(find);
    return find.found;
}

} // namespace

// The red line's fills close up are its polygons cut to the DEM's squares and cells: their
// triangles cover its area once, no square missed or doubled. Its outlines are drawn once at any
// distance, over vertices of their own (not the twenty times as many of the draped fills).
TEST(Draping, LargeAreasCoverTheirAreaOnceAndKeepTheirOutlinesAtAnyDistance)
{
    auto [county, scene] = sample_scene_of("eco_redline");
    const geo::FeatureTable& table = *county.layers.front().table;
    double area = 0;
    for (std::size_t row = 0; row < table.size(); ++row) {
        double a = 0;
        ASSERT_TRUE(GEOSArea_r(geo::geos_context(), table.geometry(row), &a));
        area += a;
    }
    osg::LOD* lod = fills_from_afar(*scene->root());
    ASSERT_NE(lod, nullptr);
    ASSERT_EQ(lod->getNumChildren(), 2U);
    double covered = 0;
    std::size_t fill_vertices = 0;
    for (const osg::Geometry* fill : geometries_named(*lod->getChild(1), "fill")) {
        const auto& v = static_cast<const osg::Vec3Array&>(*fill->getVertexArray());
        fill_vertices += v.size();
        const auto& triangles = static_cast<const osg::DrawElementsUInt&>(*fill->getPrimitiveSet(0));
        for (std::size_t t = 0; t + 2 < triangles.size(); t += 3) {
            const osg::Vec3 &a = v[triangles[t]], &b = v[triangles[t + 1]], &c = v[triangles[t + 2]];
            covered +=
                std::abs(static_cast<double>((b.x() - a.x()) * (c.y() - a.y()) - (c.x() - a.x()) * (b.y() - a.y()))) /
                2;
        }
    }
    EXPECT_NEAR(covered / area, 1.0, 1e-4) << "covered " << covered << " m², the red line " << area << " m²";

    EXPECT_TRUE(geometries_named(*lod, "lines").empty()) << "outlines switched with the fills";
    std::size_t line_vertices = 0, line_indices = 0;
    for (const osg::Geometry* lines : geometries_named(*scene->root(), "lines")) {
        line_vertices += lines->getVertexArray()->getNumElements();
        line_indices += lines->getPrimitiveSet(0)->getNumIndices();
    }
    EXPECT_GT(line_indices, 0U);
    EXPECT_LE(line_vertices, line_indices) << "vertices no line names";
    EXPECT_LT(line_vertices * 10, fill_vertices);
}

// The red line's four large polygons, draped at the DEM's resolution, are 400,000 triangles: from
// afar their fills are a texture on the terrain's triangles (as the 三区's), looking as the mesh
// does; close up, the mesh itself.
TEST(Draping, LargeAreasAreATextureFromAfarAndTheirMeshCloseUp)
{
    auto [county, scene] = sample_scene_of("eco_redline");
    ASSERT_GT(county.layers.front().stats.triangles, 100000U);
    osg::LOD* lod = fills_from_afar(*scene->root());
    ASSERT_NE(lod, nullptr);
    const std::array<float, 4> ranges{lod->getMinRange(0), lod->getMaxRange(0), lod->getMinRange(1),
                                      lod->getMaxRange(1)};
    auto render = [&](const geo::Envelope& area, int only_child) {
        if (only_child >= 0) { // that child at any distance
            lod->setRange(static_cast<unsigned>(only_child), 0, std::numeric_limits<float>::max());
            lod->setRange(static_cast<unsigned>(1 - only_child), 0, 0);
        } else {
            lod->setRange(0, ranges[0], ranges[1]);
            lod->setRange(1, ranges[2], ranges[3]);
        }
        scene::RenderRequest request;
        request.width = 640;
        request.height = 480;
        request.view = scene::top_down_view(*scene, area, 640.0 / 480.0);
        return scene::render_offscreen(scene->root(), request);
    };
    const geo::Envelope county_extent = scene->terrain().extent(), red_line = county.layers.front().table->extent();
    const auto afar = render(county_extent, -1), as_texture = render(county_extent, 0),
               as_mesh = render(county_extent, 1);
    EXPECT_EQ(share_differing(*afar, *as_texture), 0.0) << "the texture from afar";
    EXPECT_GT(share_differing(*as_texture, *as_mesh), 0.0);
    EXPECT_LT(share_differing(*as_texture, *as_mesh), 0.02) << "looking as the mesh does";
    const double x = (red_line.min_x + red_line.max_x) / 2, y = (red_line.min_y + red_line.max_y) / 2;
    const geo::Envelope close{x - 1500, y - 1000, x + 1500, y + 1000};
    const auto close_up = render(close, -1), close_mesh = render(close, 1);
    EXPECT_EQ(share_differing(*close_up, *close_mesh), 0.0) << "the mesh close up";
}

// A briefing whose views are all far never draws the red line's triangles: asked once every layer
// is read (the views come from their extents), it has the red line meshed as seen from afar only,
// its fills a texture on the terrain under its outlines; with a view close by, meshed for every
// distance. A layer of small areas is meshed as ever.
TEST(Draping, ABriefingWhoseViewsAreAllFarMeshesLargeAreasAsSeenFromAfar)
{
    auto under = [](osg::Node& node, const std::string& group_name) {
        struct Count : osg::NodeVisitor {
            explicit Count(const std::string& n) : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN), name(n) {}
            void apply(osg::Group& group) override
            {
                found += group.getName() == name ? 1 : 0;
                traverse(group);
            }
            std::string name;
            int found = 0;
        } count(group_name);
        count.setNodeMaskOverride(~0U); // a lowest fill's own pass is off: the terrain's draws it
        node.accept(count);
        return count.found;
    };
    auto triangles = [](const std::vector<const osg::Geometry*>& fills) {
        std::size_t n = 0;
        for (const osg::Geometry* fill : fills)
            n += fill->getPrimitiveSet(0)->getNumIndices() / 3;
        return n;
    };
    for (const bool close : {false, true}) {
        scene::LoadOptions options;
        options.sources = {test::sample_gpkg()};
        options.only_layers = {"eco_redline", "renewal_zones", "county_boundary"};
        options.picture_only = true;
        int asked = 0;
        options.views_come_close = [&](const scene::LoadedCounty& read) {
            ++asked;
            EXPECT_NE(read.terrain, nullptr);
            EXPECT_EQ(read.layers.size(), 3U) << "asked before every layer was read";
            for (const auto& layer : read.layers)
                EXPECT_LT(layer.extent.min_x, layer.extent.max_x) << layer.name();
            return close;
        };
        auto county = scene::load_county(options);
        EXPECT_EQ(asked, 1);
        auto scene = scene::assemble_scene(county);
        osg::Switch& red_line = *scene->layer("eco_redline")->node;
        osg::Switch& renewal = *scene->layer("renewal_zones")->node;
        EXPECT_EQ(under(red_line, scene::kTerrainFillName), 1) << "the fills from afar, either way";
        EXPECT_FALSE(geometries_named(red_line, "lines").empty()) << "the outlines, either way";
        if (close) {
            EXPECT_NE(fills_from_afar(red_line), nullptr);
            EXPECT_GT(triangles(geometries_named(red_line, "fill")), 100000U);
        } else {
            EXPECT_EQ(fills_from_afar(red_line), nullptr) << "nothing to switch to";
            EXPECT_TRUE(geometries_named(red_line, "fill").empty()) << "no triangle of the red line's fills";
        }
        EXPECT_GT(triangles(geometries_named(renewal, "fill")), 0U) << "small areas meshed either way";
        EXPECT_EQ(under(renewal, scene::kTerrainFillName), 0);
    }
}

namespace {

// Geometries drawn with the terrain's vertices under `root` (layers hidden and nodes masked off
// skipped; one level of each LOD): the passes over the terrain.
int terrain_passes(osg::Node& root, osg::Node& terrain)
{
    struct Vertices : osg::NodeVisitor {
        Vertices() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {} // both levels
        void apply(osg::Drawable& d) override
        {
            if (const auto* g = d.asGeometry())
                arrays.insert(g->getVertexArray());
        }
        std::set<const osg::Array*> arrays;
    } of_terrain;
    terrain.accept(of_terrain);
    struct Count : osg::NodeVisitor {
        explicit Count(const std::set<const osg::Array*>& a) : osg::NodeVisitor(TRAVERSE_ACTIVE_CHILDREN), arrays(a) {}
        void apply(osg::Drawable& d) override
        {
            if (const auto* g = d.asGeometry(); g != nullptr && arrays.contains(g->getVertexArray()))
                ++passes;
        }
        const std::set<const osg::Array*>& arrays;
        int passes = 0;
    } count(of_terrain.arrays);
    root.accept(count);
    return count.passes;
}

} // namespace

// The lowest layer's fills on the terrain (the 三区, which tile the county) are laid over it in
// the terrain's own pass: the picture as their own pass over every triangle drew it, its
// selection, opacity and visibility following, with a pass fewer.
TEST(ThreeZones, DrawnInTheTerrainsPassAsInTheirOwn)
{
    scene::LoadOptions options;
    options.sources = {test::sample_gpkg()};
    auto county = scene::load_county(options);
    auto scene = scene::assemble_scene(county);
    scene::SceneLayer& zones = *scene->layer("three_zones");
    ASSERT_EQ(scene->layers().front().get(), &zones) << "the 三区 are drawn lowest";
    scene::RenderRequest request;
    request.width = 480;
    request.height = 270;
    request.view = scene::oblique_view(*scene, zones.table->extent(), 480.0 / 270.0);
    auto render = [&] { return scene::render_offscreen(scene->root(), request); };
    const int fewer = terrain_passes(*scene->root(), *scene->terrain_surface());
    const auto merged = render();
    // A backdrop drawn (the first picture's place) lies over every layer: the 三区 go back to
    // a pass of their own.
    const std::size_t backdrop = scene->add_backdrop(new osg::Group, 1.0F);
    EXPECT_GT(terrain_passes(*scene->root(), *scene->terrain_surface()), fewer);
    const auto own_pass = render();
    // Only the zones' outlines differ: drawn over their fills now, tinted by them before.
    EXPECT_LT(share_differing(*merged, *own_pass), 0.01);

    scene->hide_backdrop(backdrop);
    scene->set_visible(zones, false);
    const auto bare = render();
    EXPECT_GT(share_differing(*merged, *bare), 0.15) << "the zones' tints are missing";
    scene->set_visible(zones, true);
    EXPECT_EQ(terrain_passes(*scene->root(), *scene->terrain_surface()), fewer);
    EXPECT_LT(share_differing(*render(), *merged), 0.001);

    // Selected, then half transparent, as in a pass of their own.
    std::vector<std::size_t> all(zones.table->size());
    std::iota(all.begin(), all.end(), 0);
    scene->set_selection(zones, all);
    const auto merged_selected = render();
    EXPECT_GT(cyan_pixels(*merged_selected), cyan_pixels(*merged) + 480 * 270 / 10) << "the selection is not shown";
    scene->set_opacity(zones, 0.3F);
    const auto merged_faint = render();
    EXPECT_GT(share_differing(*merged_faint, *merged_selected), 0.1) << "the opacity is not followed";
    scene->add_backdrop(new osg::Group, 1.0F);
    EXPECT_LT(share_differing(*merged_faint, *render()), 0.01);
    scene->set_opacity(zones, 1.0F);
    EXPECT_LT(share_differing(*merged_selected, *render()), 0.01);
}

// The viewer meshes the parcels before GEOS has checked their validity (the check waits for the
// first pick or figure): an invalid parcel drawn as read (even-odd) looks as it does repaired.
TEST(Draping, InvalidParcelsLookTheSameDrawnBeforeTheirRepair)
{
    scene::LoadOptions options;
    options.sources = {test::sample_gpkg()};
    options.only_layers = {"parcels"};
    auto eager = scene::load_county(options);
    options.attributes_later = true; // as the viewer loads
    auto later = scene::load_county(options);
    const geo::FeatureTable &repaired = *eager.layers.front().table, &drawn = *later.layers.front().table;
    std::vector<std::size_t> invalid;
    for (std::size_t row = 0; row < repaired.size() && invalid.size() < 4; ++row)
        if (repaired.was_repaired(row))
            invalid.push_back(row);
    ASSERT_EQ(invalid.size(), 4U);
    auto eager_scene = scene::assemble_scene(eager);
    auto later_scene = scene::assemble_scene(later);
    scene::CountyScene terrain_only(*eager.terrain);
    for (const std::size_t row : invalid) {
        EXPECT_FALSE(geo::is_valid(*drawn.geometry_to_draw(row))) << "drawn as read, unchecked";
        geo::Envelope view = repaired.envelope(row);
        view = {view.min_x - 60, view.min_y - 60, view.max_x + 60, view.max_y + 60};
        scene::RenderRequest request;
        request.width = request.height = 320;
        request.view = scene::top_down_view(*eager_scene, view, 1.0);
        const auto as_repaired = scene::render_offscreen(eager_scene->root(), request);
        const auto as_read = scene::render_offscreen(later_scene->root(), request);
        const auto bare = scene::render_offscreen(terrain_only.root(), request);
        EXPECT_GT(difference(*as_read, *bare).area(), 320 * 320 / 10) << "the parcel is drawn";
        EXPECT_LT(share_differing(*as_read, *as_repaired), 0.01) << row;
        EXPECT_TRUE(drawn.was_repaired(row)) << "checked on first use";
        EXPECT_EQ(GEOSEqualsExact_r(geo::geos_context(), drawn.geometry(row), repaired.geometry(row), 0), 1);
    }
}

// The first picture in two steps, as the viewer shows it: the layers of few features at once,
// then the dense ones (parcels, farmland) filling in as GDAL reads them, ending as the picture
// drawn in one go.
TEST(Preview, DenseLayersFillInAfterTheOthers)
{
    scene::LoadOptions options;
    options.sources = {test::sample_gpkg()};
    scene::CountyPreview started = scene::start_preview(options);
    ASSERT_TRUE(started.still_to_draw);
    const std::vector<std::string> dense = scene::names_of_many_features(*started.layers);
    EXPECT_NE(std::find(dense.begin(), dense.end(), "parcels"), dense.end());
    EXPECT_NE(std::find(dense.begin(), dense.end(), "farmland"), dense.end());
    EXPECT_EQ(std::find(dense.begin(), dense.end(), "towns"), dense.end());

    std::vector<osg::ref_ptr<osg::Group>> so_far;
    const osg::ref_ptr<osg::Group> whole = scene::finish_preview(
        started, options, [&](osg::ref_ptr<osg::Group> fills) { so_far.push_back(fills); },
        std::chrono::milliseconds(0));
    ASSERT_GE(so_far.size(), dense.size()); // at least once a layer: after each batch
    const scene::CountyPreview in_one_go = scene::preview_county(options);
    EXPECT_FALSE(in_one_go.still_to_draw);

    options.only_layers = {"parcels"};
    const auto parcels = scene::load_county(options);
    auto scene = scene::assemble_preview(started);
    scene::RenderRequest request;
    request.width = 320;
    request.height = 240;
    request.view = scene::top_down_view(*scene, densest_3km(*parcels.layers.front().table), 320.0 / 240.0);
    auto render = [&](const osg::ref_ptr<osg::Group>& fills) {
        scene->replace_backdrop(scene::kPreviewBackdrop, fills);
        return scene::render_offscreen(scene->root(), request);
    };
    const auto first = render(started.fills), last = render(so_far.back()), finished = render(whole),
               reference = render(in_one_go.fills);
    scene::write_png(*first, std::string(PLANVIEW_TEST_OUTPUT_DIR) + "/preview_started.png");
    scene::write_png(*finished, std::string(PLANVIEW_TEST_OUTPUT_DIR) + "/preview_finished.png");
    EXPECT_GT(share_differing(*first, *finished), 0.3) << "the parcels were drawn before they were asked for";
    EXPECT_LT(share_differing(*finished, *reference), 0.005);
    EXPECT_LT(share_differing(*last, *finished), 0.005) << "the last picture shown so far is the whole one";

    // A county of few features only: nothing left to draw.
    options.only_layers = {"towns"};
    const scene::CountyPreview few = scene::start_preview(options);
    EXPECT_FALSE(few.still_to_draw);
    EXPECT_EQ(scene::finish_preview(few, options, {}), few.fills);
}

namespace {

// The children of `tile` read as OSG's DatabasePager reads them: its file, with its options.
osgDB::ReaderWriter::ReadResult children_of(const osg::PagedLOD& tile)
{
    const auto* options = dynamic_cast<const osgDB::Options*>(tile.getDatabaseOptions());
    return osgDB::Registry::instance()->readNode(tile.getFileName(1), options);
}

// Reads, as OSG's DatabasePager would, the children of every tile meeting `area` (scene
// coordinates) whose cell is coarser than `cell` metres: then any view of the area no finer than
// that finds its tiles there. Returns the tiles read.
int page_in(osg::Node& node, const geo::Envelope& area, double cell, int texels)
{
    int read = 0;
    if (auto* tile = dynamic_cast<osg::PagedLOD*>(&node)) {
        const osg::Vec3 c = tile->getCenter();
        const double half = tile->getRadius() / std::sqrt(2.0);
        const bool meets = c.x() - half <= area.max_x && area.min_x <= c.x() + half && c.y() - half <= area.max_y &&
                           area.min_y <= c.y() + half;
        if (meets && tile->getNumFileNames() > 1 && tile->getNumChildren() < 2 && 2 * half / texels > cell) {
            osgDB::ReaderWriter::ReadResult children = children_of(*tile);
            EXPECT_TRUE(children.validNode()) << tile->getFileName(1);
            if (children.validNode()) {
                tile->addChild(children.getNode());
                ++read;
            }
        }
        if (!meets)
            return read;
    }
    if (osg::Group* group = node.asGroup())
        for (unsigned i = 0; i < group->getNumChildren(); ++i)
            read += page_in(*group->getChild(i), area, cell, texels);
    return read;
}

// Blocks of 4 × 4 pixels whose mean colours differ by more than a few shades, of all: the same
// picture drawn over other texel grids differs at its features' edges pixel by pixel, not so.
double share_of_blocks_differing(const osg::Image& a, const osg::Image& b)
{
    std::size_t differ = 0, blocks = 0;
    for (int by = 0; by + 4 <= a.t(); by += 4)
        for (int bx = 0; bx + 4 <= a.s(); bx += 4, ++blocks) {
            int d[3] = {0, 0, 0};
            for (int y = by; y < by + 4; ++y)
                for (int x = bx; x < bx + 4; ++x)
                    for (int c = 0; c < 3; ++c)
                        d[c] += a.data(x, y)[c] - b.data(x, y)[c];
            differ += (std::abs(d[0]) + std::abs(d[1]) + std::abs(d[2])) / 16 > 24 ? 1 : 0;
        }
    return static_cast<double>(differ) / static_cast<double>(blocks);
}

// Neighbouring pixels whose colours differ sharply: a feature's edge drawn sharp.
std::size_t hard_edges(const osg::Image& image)
{
    std::size_t edges = 0;
    for (int y = 0; y < image.t(); ++y)
        for (int x = 1; x < image.s(); ++x) {
            const unsigned char *p = image.data(x - 1, y), *q = image.data(x, y);
            edges += std::abs(p[0] - q[0]) + std::abs(p[1] - q[1]) + std::abs(p[2] - q[2]) > 90 ? 1 : 0;
        }
    return edges;
}

// The bounding boxes of the tiles' ground (scene coordinates).
std::vector<osg::BoundingBox> tile_grounds(osg::Node& root)
{
    struct Grounds : osg::NodeVisitor {
        Grounds() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {}
        void apply(osg::Geometry& geometry) override
        {
            if (geometry.getName() == "picture tile")
                boxes.push_back(geometry.getBoundingBox());
        }
        std::vector<osg::BoundingBox> boxes;
    } grounds;
    root.accept(grounds);
    return grounds.boxes;
}

} // namespace

// A county viewed as pictures, tile by tile through OSG's paging (picture_tiles.h): before any
// tile is read its root shows the whole county's picture, exactly; with the tiles around its
// densest 3 km read, a view of them is the picture of that view drawn in one go, sharp where
// the whole county's is blurred; no tile reaches beyond the terrain.
TEST(PictureTiles, ACloseUpFromTilesIsThePictureOfThatView)
{
    scene::LoadOptions options;
    options.sources = {test::sample_gpkg()};
    scene::CountyPreview preview = scene::preview_county(options);
    auto with_tiles = scene::assemble_preview(preview);
    auto whole_only = scene::assemble_preview(preview);
    auto drawn_at_once = scene::assemble_preview(preview);
    scene::PictureTiles tiles(preview.layers, with_tiles->terrain(), with_tiles->terrain_surface(),
                              with_tiles->origin_x(), with_tiles->origin_y(), *preview.fills);
    osg::ref_ptr<osg::Group> tree = new osg::Group;
    tree->addChild(tiles.root());
    with_tiles->add_backdrop(tree, 1.0F);
    with_tiles->hide_backdrop(scene::kPreviewBackdrop);

    options.only_layers = {"parcels"};
    const geo::Envelope seat = densest_3km(*scene::load_county(options).layers.front().table);
    scene::RenderRequest request;
    request.width = 320;
    request.height = 240;
    request.view = scene::top_down_view(*with_tiles, seat, 320.0 / 240.0);
    const auto whole = scene::render_offscreen(whole_only->root(), request);
    const auto before = scene::render_offscreen(with_tiles->root(), request);
    EXPECT_LT(share_differing(*before, *whole), 0.005) << "the root is not the whole county's picture";

    // The tiles as fine as the view's pixels, read.
    const double x = with_tiles->origin_x(), y = with_tiles->origin_y();
    const geo::Envelope around{seat.min_x - x, seat.min_y - y, seat.max_x - x, seat.max_y - y};
    const double metres_per_pixel = (seat.max_x - seat.min_x) / 240.0; // the view fits its height
    int read = 0;
    for (int pass = 0; pass < 20; ++pass) {
        const int now = page_in(*tiles.root(), around, metres_per_pixel / 2, scene::kTileTexels);
        if (now == 0)
            break;
        read += now;
    }
    EXPECT_GT(read, 3);
    EXPECT_GT(tiles.tiles_drawn(), 4);
    const int level = tiles.finest_level_at((seat.min_x + seat.max_x) / 2, (seat.min_y + seat.max_y) / 2);
    EXPECT_GE(level, 4); // finer than the whole county's 2,048 texels
    const auto from_tiles = scene::render_offscreen(with_tiles->root(), request);
    const double margin = (seat.max_x - seat.min_x) / 3; // the view is 4:3, and a margin around
    const geo::Envelope view{seat.min_x - margin, seat.min_y - margin, seat.max_x + margin, seat.max_y + margin};
    drawn_at_once->replace_backdrop(scene::kPreviewBackdrop,
                                    scene::preview_of_area(*preview.layers, view, 3 * 320, x, y, nullptr));
    const auto at_once = scene::render_offscreen(drawn_at_once->root(), request);
    scene::write_png(*from_tiles, std::string(PLANVIEW_TEST_OUTPUT_DIR) + "/tiles_close_up.png");
    scene::write_png(*at_once, std::string(PLANVIEW_TEST_OUTPUT_DIR) + "/tiles_drawn_at_once.png");
    // Measured: 0.2% and 23%.
    EXPECT_LT(share_of_blocks_differing(*from_tiles, *at_once), 0.02) << "tiles unlike the picture of the view";
    EXPECT_GT(share_of_blocks_differing(*whole, *at_once), 0.1) << "the whole county's picture was as sharp";
    const double sharp = static_cast<double>(hard_edges(*at_once));
    EXPECT_NEAR(static_cast<double>(hard_edges(*from_tiles)), sharp, 0.15 * sharp);

    const geo::Envelope terrain = with_tiles->terrain().extent();
    for (const osg::BoundingBox& box : tile_grounds(*tiles.root())) {
        EXPECT_GE(box.xMin() + x, terrain.min_x - 0.5);
        EXPECT_LE(box.xMax() + x, terrain.max_x + 0.5);
        EXPECT_GE(box.yMin() + y, terrain.min_y - 0.5);
        EXPECT_LE(box.yMax() + y, terrain.max_y + 0.5);
    }

    // Told where the camera looks, the first read the pager asks for — here for a tile far from
    // it — first reads the tiles under that point down to the level the view needs there; the
    // pager's next request under it finds them all, each level loaded in the one above.
    scene::PictureTiles ahead(preview.layers, with_tiles->terrain(), with_tiles->terrain_surface(), x, y,
                              *preview.fills);
    const double cx = (seat.min_x + seat.max_x) / 2, cy = (seat.min_y + seat.max_y) / 2;
    ahead.look_at(cx, cy, metres_per_pixel / 2);
    auto* root = dynamic_cast<osg::PagedLOD*>(ahead.root());
    ASSERT_NE(root, nullptr);
    const osg::ref_ptr<osg::Node> coarse = children_of(*root).getNode();
    ASSERT_TRUE(coarse && coarse->asGroup() && coarse->asGroup()->getNumChildren() > 1);
    osg::PagedLOD *far = nullptr, *near = nullptr;
    double farthest = 0;
    for (unsigned i = 0; i < coarse->asGroup()->getNumChildren(); ++i) {
        auto* tile = dynamic_cast<osg::PagedLOD*>(coarse->asGroup()->getChild(i));
        ASSERT_NE(tile, nullptr);
        const osg::Vec3 c = tile->getCenter();
        const double half = tile->getRadius() / std::sqrt(2.0);
        if (std::abs(c.x() + x - cx) <= half && std::abs(c.y() + y - cy) <= half)
            near = tile;
        if (const double d = std::hypot(c.x() + x - cx, c.y() + y - cy); d > farthest) {
            farthest = d;
            far = tile;
        }
    }
    ASSERT_TRUE(near && far && near != far);
    EXPECT_EQ(ahead.finest_level_at(cx, cy), -1);
    EXPECT_TRUE(children_of(*far).validNode());
    EXPECT_EQ(ahead.finest_level_at(cx, cy), level) << "not read ahead down to the view's level";
    const osg::ref_ptr<osg::Node> chain = children_of(*near).getNode();
    ASSERT_TRUE(chain);
    int loaded_levels = 0;
    for (osg::Node* at = chain.get(); at != nullptr && at->asGroup() != nullptr;) {
        osg::Node* next = nullptr;
        for (unsigned i = 0; i < at->asGroup()->getNumChildren(); ++i)
            if (auto* tile = dynamic_cast<osg::PagedLOD*>(at->asGroup()->getChild(i));
                tile && tile->getNumChildren() == 2)
                next = tile->getChild(1);
        at = next;
        loaded_levels += next != nullptr ? 1 : 0;
    }
    // The coarse tiles are as fine as the whole county's picture: 2,048 texels over 2^level tiles.
    const int coarse_level = static_cast<int>(std::log2(scene::kTerrainFillTexels / scene::kTileTexels));
    EXPECT_EQ(loaded_levels, level - (coarse_level + 1)) << "each level loaded in the one above";
}

TEST(Preview, StopsWhenCancelledAndNamesAMissingFile)
{
    std::atomic<bool> cancel = true;
    scene::LoadOptions options;
    options.sources = {test::sample_gpkg()};
    options.cancel = &cancel;
    EXPECT_THROW(scene::preview_county(options), geo::Error);
    options.cancel = nullptr;
    options.sources = {"/nonexistent/wuyi.gpkg"};
    try {
        scene::preview_county(options);
        ADD_FAILURE() << "no error";
    } catch (const geo::Error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/wuyi.gpkg"), std::string::npos) << e.what();
    }
}

// The viewer refuses a county larger than its memory budget before reading it (a city of ten
// million parcels was killed by the kernel minutes into its load), naming the source, the
// features and the memory; one that fits loads.
TEST(MemoryBudget, ACountyTooLargeIsRefusedBeforeItIsRead)
{
    const std::string gpkg = test::sample_gpkg();
    std::size_t features = 0, layers = 0;
    {
        GDALAllRegister();
        const geo::DatasetPtr dataset(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        ASSERT_TRUE(dataset);
        for (OGRLayer* layer : dataset->GetLayers())
            if (layer->GetGeomType() != wkbNone) {
                features += static_cast<std::size_t>(layer->GetFeatureCount());
                ++layers;
            }
    }
    ASSERT_GT(features, 5000U);
    scene::LoadOptions options;
    options.sources = {gpkg};
    options.memory_budget = features * scene::kViewerBytesPerFeature - 1;
    try {
        scene::load_county(options);
        FAIL() << "a county over its budget loaded";
    } catch (const geo::Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(gpkg), std::string::npos) << message;
        EXPECT_NE(message.find(std::to_string(features) + " features"), std::string::npos) << message;
        EXPECT_NE(message.find("GB"), std::string::npos) << message;
    }
    options.memory_budget = features * scene::kViewerBytesPerFeature;
    EXPECT_EQ(scene::load_county(options).layers.size(), layers);
}
