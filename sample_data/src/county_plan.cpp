#include "county_plan.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string_view>

#include "geo/units.h"
#include "random.h"

namespace sample {
namespace {

// 永久基本农田 as a real county delivers it: tens of thousands of small irregular 图斑 on the
// valley floors and lower slopes, digitised with 16-200 vertices, a few overlapping.
constexpr double kFarmlandSpacing = 62;       // m between candidate patch centres
constexpr double kFarmlandMaxHillside = 0.12; // valley floors and the foot of the slopes
constexpr double kFarmlandOverlapShare = 0.04;
constexpr double kRedlineClearance = 400; // m kept clear around town centres

// Points of a county-wide jittered grid, in a fixed order.
template <typename Visit> void jittered_grid(const Landscape& land, double spacing, std::uint64_t salt, Visit visit)
{
    const auto& outline = land.county_outline();
    double min_x = std::numeric_limits<double>::max(), max_x = -min_x, min_y = min_x, max_y = -min_x;
    for (const auto& p : outline) {
        min_x = std::min(min_x, p.x);
        max_x = std::max(max_x, p.x);
        min_y = std::min(min_y, p.y);
        max_y = std::max(max_y, p.y);
    }
    Random random(land.seed() ^ salt);
    for (double y = min_y; y < max_y; y += spacing)
        for (double x = min_x; x < max_x; x += spacing)
            visit(Point{x + random.uniform(-0.3, 0.3) * spacing, y + random.uniform(-0.3, 0.3) * spacing}, random);
}

// An irregular field: a blob with fractal edges, stretched and turned, of `vertices` points.
Ring field_ring(Point centre, double radius, int vertices, Random& random, std::uint64_t seed)
{
    Ring ring = noisy_ring({0, 0}, radius, vertices, 0.3, seed);
    const double stretch = random.uniform(0.65, 1.35), angle = random.uniform(0, std::numbers::pi);
    const double c = std::cos(angle), s = std::sin(angle);
    for (auto& p : ring) {
        const double u = p.x * stretch, v = p.y / stretch;
        p = {std::round((centre.x + u * c - v * s) * 1000) / 1000,
             std::round((centre.y + u * s + v * c) * 1000) / 1000};
    }
    ring.back() = ring.front();
    return ring;
}

std::string town_code(const Landscape& land, size_t index)
{
    char code[24];
    std::snprintf(code, sizeof code, "%03zu", index + 1);
    return land.county().adcode + code;
}

const char* town_kind(const std::string& name)
{
    if (name.ends_with("街道"))
        return "街道";
    return name.ends_with("镇") ? "镇" : "乡";
}

} // namespace

geo::PreparedPtr prepare(const GEOSGeometry& geometry)
{
    return geo::PreparedPtr(GEOSPrepare_r(geo::geos_context(), &geometry));
}

bool contains(const GEOSPreparedGeometry& prepared, Point p)
{
    // GEOS 3.11 has no ContainsXY; a point geometry is cheap next to the test itself.
    const geo::GeomPtr point = make_point(p);
    return GEOSPreparedContains_r(geo::geos_context(), &prepared, point.get()) == 1;
}

const std::string& CountyPlan::town_at(Point p) const
{
    for (const auto& town : towns)
        if (contains(*town.prepared, p))
            return town.name;
    const Area* nearest = &towns.front();
    for (const auto& town : towns)
        if (std::hypot(town.centre.x - p.x, town.centre.y - p.y) <
            std::hypot(nearest->centre.x - p.x, nearest->centre.y - p.y))
            nearest = &town;
    return nearest->name;
}

void write_county_and_towns(GpkgWriter& out, const Landscape& land, CountyPlan& plan)
{
    plan.county = make_polygon(land.county_outline());
    plan.county_prepared = prepare(*plan.county);

    OGRLayer& county = out.begin_layer("county_boundary", wkbPolygon,
                                       {{"name", OFTString}, {"adcode", OFTString}, {"area_km2", OFTReal}},
                                       "县域界线 county boundary");
    auto feature = out.new_feature(county);
    feature->SetField("name", land.county().name.c_str());
    feature->SetField("adcode", land.county().adcode.c_str());
    feature->SetField("area_km2", geo::area(*plan.county) / 1e6);
    out.add(county, std::move(feature), *plan.county);
    out.end_layer();

    // Towns: the Voronoi cells of the town seats, cut to the county.
    auto ctx = geo::geos_context();
    std::vector<geo::GeomPtr> seeds;
    for (const auto& town : land.towns())
        seeds.push_back(make_point(town.seat));
    auto multipoint = geo::make_collection(GEOS_MULTIPOINT, std::move(seeds));
    auto cells = geo::checked(GEOSVoronoiDiagram_r(ctx, multipoint.get(), plan.county.get(), 0, 0), "Voronoi");

    OGRLayer& towns =
        out.begin_layer("towns", wkbMultiPolygon, {{"name", OFTString}, {"code", OFTString}, {"kind", OFTString}},
                        "乡镇街道 towns, townships and streets");
    for (size_t i = 0; i < land.towns().size(); ++i) {
        const auto& town = land.towns()[i];
        for (int c = 0; c < GEOSGetNumGeometries_r(ctx, cells.get()); ++c) {
            const GEOSGeometry* cell = GEOSGetGeometryN_r(ctx, cells.get(), c);
            if (GEOSContains_r(ctx, cell, make_point(town.seat).get()) != 1)
                continue;
            Area area{town.name, geo::intersection(*cell, *plan.county), nullptr, town.seat, 0};
            area.prepared = prepare(*area.shape);
            auto f = out.new_feature(towns);
            f->SetField("name", town.name.c_str());
            f->SetField("code", town_code(land, i).c_str());
            f->SetField("kind", town_kind(town.name));
            out.add(towns, std::move(f), *area.shape);
            plan.towns.push_back(std::move(area));
            break;
        }
    }
    out.end_layer();
}

void write_urban_boundary(GpkgWriter& out, const Landscape& land, CountyPlan& plan)
{
    OGRLayer& layer =
        out.begin_layer("urban_boundary", wkbPolygon, {{"name", OFTString}, {"town", OFTString}, {"kind", OFTString}},
                        "城镇开发边界 urban development boundary");
    auto add = [&](const std::string& name, const std::string& town, Point centre, double radius, int vertices,
                   std::uint64_t salt) {
        Area area{name, make_polygon(noisy_ring(centre, radius, vertices, 0.22, land.seed() ^ salt)), nullptr, centre,
                  radius};
        area.prepared = prepare(*area.shape);
        auto f = out.new_feature(layer);
        f->SetField("name", name.c_str());
        f->SetField("town", town.c_str());
        f->SetField("kind", "集中建设区");
        out.add(layer, std::move(f), *area.shape);
        plan.urban_areas.push_back(std::move(area));
    };
    add("县城城镇开发边界", "壶山街道", land.county_seat(), land.county_seat_radius(), 720, 0x5EA7);
    std::uint64_t salt = 0x7000;
    for (const auto& town : land.towns())
        if (town.urban_radius_m > 0)
            add(town.name + "城镇开发边界", town.name, town.seat, town.urban_radius_m, 180, ++salt);
    out.end_layer();
}

void write_farmland(GpkgWriter& out, const Landscape& land, CountyPlan& plan)
{
    OGRLayer& layer = out.begin_layer(
        "farmland", wkbPolygon,
        {{"patch_id", OFTString}, {"town", OFTString}, {"area_mu", OFTReal}, {"quality_grade", OFTInteger}},
        "永久基本农田 permanent basic farmland");
    std::vector<const GEOSPreparedGeometry*> excluded; // 三区三线 do not overlap
    for (const auto& urban : plan.urban_areas)
        excluded.push_back(urban.prepared.get());
    for (const auto& redline : plan.redline)
        excluded.push_back(redline.get());
    auto ctx = geo::geos_context();
    jittered_grid(land, kFarmlandSpacing, 0xFA12, [&](Point p, Random& random) {
        if (land.hillside(p) > kFarmlandMaxHillside || !random.chance(0.8))
            return;
        double radius = kFarmlandSpacing * random.uniform(0.28, 0.4);
        if (random.chance(kFarmlandOverlapShare))
            radius *= 1.7; // reaches into its neighbours, as overlapping 图斑 in real layers do
        // Log-uniform vertex counts: many simple fields, some finely digitised ones.
        const int vertices = static_cast<int>(std::round(16 * std::pow(200.0 / 16, random.unit())));
        auto patch = make_polygon(field_ring(p, radius, vertices, random, land.seed() ^ random.next()));
        if (GEOSPreparedContains_r(ctx, plan.county_prepared.get(), patch.get()) != 1)
            return;
        if (plan.agricultural_space && GEOSPreparedContains_r(ctx, plan.agricultural_space.get(), patch.get()) != 1)
            return;
        for (const auto* other : excluded)
            if (GEOSPreparedIntersects_r(ctx, other, patch.get()) == 1)
                return;
        char id[32];
        std::snprintf(id, sizeof id, "JBNT-%06ld", ++plan.farmland_patches);
        auto f = out.new_feature(layer);
        f->SetField("patch_id", id);
        f->SetField("town", plan.town_at(p).c_str());
        f->SetField("area_mu", std::round(geo::to_mu(geo::area(*patch)) * 100) / 100);
        f->SetField("quality_grade", static_cast<int>(3 + random.below(5)));
        out.add(layer, std::move(f), *patch);
        plan.farmland_centres.push_back(p);
    });
    out.end_layer();
}

void write_eco_redline(GpkgWriter& out, const Landscape& land, CountyPlan& plan)
{
    struct Zone {
        const char* name;
        double east_km, north_km, radius_km;
        const char* function;
    };
    static constexpr Zone kZones[] = {
        {"牛头山生态保护红线", -9.0, -12.5, 5.5, "水源涵养"},
        {"大红岩生态保护红线", 1.5, -14.0, 5.0, "生物多样性维护"},
        {"寿仙谷生态保护红线", 10.5, -10.0, 4.5, "水土保持"},
        {"清风寨生态保护红线", -16.0, -3.5, 3.5, "水源涵养"},
    };
    // Town centres are cut out of the red line, as the real line excludes villages.
    std::vector<const GEOSGeometry*> urban;
    for (const auto& area : plan.urban_areas)
        urban.push_back(area.shape.get());
    auto urban_union = geo::union_all(urban);
    auto clearance = geo::checked(GEOSBuffer_r(geo::geos_context(), urban_union.get(), kRedlineClearance, 8), "buffer");

    OGRLayer& layer = out.begin_layer("eco_redline", wkbMultiPolygon,
                                      {{"name", OFTString}, {"function", OFTString}, {"level", OFTString}},
                                      "生态保护红线 ecological protection red line");
    std::uint64_t salt = 0xEC00;
    for (const auto& zone : kZones) {
        const Point centre = land.world(zone.east_km, zone.north_km);
        const double radius = zone.radius_km * 1000;
        Ring shell = noisy_ring(centre, radius, 3000, 0.28, land.seed() ^ ++salt);
        std::vector<Ring> holes;
        for (int h = 0; h < 3; ++h) {
            const double angle = 2.1 * h + 0.5;
            const Point hole_centre{centre.x + 0.45 * radius * std::cos(angle),
                                    centre.y + 0.45 * radius * std::sin(angle)};
            Ring hole = noisy_ring(hole_centre, radius * (0.05 + 0.03 * h), 240, 0.2, land.seed() ^ ++salt);
            std::reverse(hole.begin(), hole.end()); // holes run clockwise
            holes.push_back(std::move(hole));
        }
        auto zone_shape = make_polygon(shell, holes);
        auto inside_county = geo::intersection(*zone_shape, *plan.county);
        auto shape = geo::polygonal_part(*geo::difference(*inside_county, *clearance));
        if (GEOSisEmpty_r(geo::geos_context(), shape.get()))
            continue;
        for (const auto& p : shell)
            if (contains(*plan.county_prepared, p))
                plan.redline_vertices.push_back(p);
        auto f = out.new_feature(layer);
        f->SetField("name", zone.name);
        f->SetField("function", zone.function);
        f->SetField("level", "省级");
        out.add(layer, std::move(f), *shape);
        plan.redline.push_back(prepare(*shape));
        plan.redline_shapes.push_back(std::move(shape));
    }
    out.end_layer();
}

void write_three_zones(GpkgWriter& out, const Landscape& land, CountyPlan& plan)
{
    constexpr double kValleyHalfWidth = 4000; // m from the river: the farmland's valley (hillside < 0.12)
    constexpr double kUrbanMargin = 250;      // 城镇空间 reaches this far beyond the boundary
    constexpr double kRedlineMargin = 600;    // 生态空间 reaches this far beyond the red line
    auto ctx = geo::geos_context();
    auto buffer = [&](const GEOSGeometry& g, double d) { return geo::checked(GEOSBuffer_r(ctx, &g, d, 8), "buffer"); };

    std::vector<const GEOSGeometry*> urban_parts;
    for (const auto& area : plan.urban_areas)
        urban_parts.push_back(area.shape.get());
    auto urban = geo::intersection(*buffer(*geo::union_all(urban_parts), kUrbanMargin), *plan.county);
    std::vector<geo::GeomPtr> around_redline;
    std::vector<const GEOSGeometry*> redline_parts;
    for (const auto& redline : plan.redline_shapes) {
        around_redline.push_back(buffer(*redline, kRedlineMargin));
        redline_parts.push_back(around_redline.back().get());
    }
    // 农业空间: the valley floor, less the towns and the red line's surroundings; 生态空间: the
    // mountains, i.e. the rest.
    auto valley = geo::intersection(*buffer(*make_line(land.river()), kValleyHalfWidth), *plan.county);
    auto agricultural =
        geo::polygonal_part(*geo::difference(*geo::difference(*valley, *urban), *geo::union_all(redline_parts)));
    auto eco = geo::polygonal_part(*geo::difference(*geo::difference(*plan.county, *urban), *agricultural));

    OGRLayer& layer = out.begin_layer("three_zones", wkbMultiPolygon, {{"zone", OFTString}, {"area_km2", OFTReal}},
                                      "三区 agricultural, ecological and urban space");
    for (const auto& [name, shape] : {std::pair{"农业空间", agricultural.get()}, std::pair{"生态空间", eco.get()},
                                      std::pair{"城镇空间", urban.get()}}) {
        auto f = out.new_feature(layer);
        f->SetField("zone", name);
        f->SetField("area_km2", std::round(geo::area(*shape) / 1e4) / 100);
        out.add(layer, std::move(f), *shape);
    }
    out.end_layer();
    plan.agricultural_space = prepare(*agricultural);
    plan.agricultural_space_shape = std::move(agricultural);
}

void write_renewal_zones(GpkgWriter& out, const Landscape& land)
{
    struct Zone {
        const char* name;
        const char* kind;
        const char* plan;
        double east_km, north_km, radius_km; // from the county seat
    };
    // The work report's items 26-28: old-town blocks to start, blocks to speed up, the new
    // town core and the old town (古城).
    static constexpr Zone kZones[] = {
        {"城中区块", "旧城区改造", "2023年启动", 0.5, 0.3, 0.40},
        {"下溪滩区块", "旧城区改造", "2023年启动", -1.4, -0.8, 0.40},
        {"小南门区块", "旧城区改造", "2023年启动", 0.1, -0.7, 0.28},
        {"星光区块", "区块建设", "2023年加快建设", 1.6, 1.0, 0.45},
        {"周岭区块", "区块建设", "2023年加快建设", -0.5, 1.5, 0.45},
        {"金武新城核心区", "新城开发", "2023年完成控规编制", 2.9, 2.4, 0.90},
        {"古城", "古城风貌", "一溪两广场三街三巷", -0.6, 0.25, 0.28},
    };
    OGRLayer& layer =
        out.begin_layer("renewal_zones", wkbPolygon, {{"name", OFTString}, {"kind", OFTString}, {"plan", OFTString}},
                        "城市更新区块 urban renewal zones");
    const Point seat = land.county_seat();
    std::uint64_t salt = 0x4E00;
    for (const auto& zone : kZones) {
        const Point centre{seat.x + zone.east_km * 1000, seat.y + zone.north_km * 1000};
        auto shape = make_polygon(noisy_ring(centre, zone.radius_km * 1000, 96, 0.18, land.seed() ^ ++salt));
        auto f = out.new_feature(layer);
        f->SetField("name", zone.name);
        f->SetField("kind", zone.kind);
        f->SetField("plan", zone.plan);
        out.add(layer, std::move(f), *shape);
    }
    out.end_layer();
}

void write_key_projects(GpkgWriter& out, const Landscape& land)
{
    struct Project {
        const char* name;
        const char* kind;
        const char* level;
        const char* planned_start; // quarter the report expects it to start
        int started;
        bool in_seat; // coordinates relative to the county seat rather than the county centre
        std::vector<Point> km;
    };
    static const Project kProjects[] = {
        {"义龙庆高速",
         "高速公路",
         "省重点",
         "2023Q2",
         1,
         false,
         {{-4, 23}, {-3.5, 10}, {-5, 0}, {-8, -12}, {-10, -23}}},
        {"G235国道武义段改建", "国道", "省重点", "2023Q4", 0, false, {{2, 23}, {1.2, 8}, {-2, -5}, {0.5, -21}}},
        {"金温货线武义段外迁", "铁路", "省重点", "2023Q3", 0, false, {{-20, -4}, {-8, 3}, {5, 10.5}, {20, 18}}},
        {"永武四线二期", "公路", "市重点", "2023Q3", 0, false, {{1.5, 7.5}, {10, 9}, {19, 10}}},
        {"溪郭线延伸工程", "公路", "市重点", "2023Q1", 1, false, {{3, 5}, {6, 2}, {9.5, 0}}},
        {"内环东路", "城市道路", "市重点", "2023Q1", 1, true, {{1.8, -1.5}, {2.1, 0}, {1.9, 1.6}}},
        {"武川路延伸工程", "城市道路", "市重点", "2023Q2", 0, true, {{-2.5, -0.5}, {-1, -0.3}, {0.4, -0.45}}},
        {"建设路新建工程", "城市道路", "市重点", "2023Q2", 1, true, {{2.0, 2.0}, {3.8, 2.6}}},
    };
    OGRLayer& layer = out.begin_layer("key_projects", wkbLineString,
                                      {{"name", OFTString},
                                       {"kind", OFTString},
                                       {"level", OFTString},
                                       {"planned_start", OFTString},
                                       {"started", OFTInteger}},
                                      "重点项目 key projects");
    const Point seat = land.county_seat();
    const Point centre = land.centre();
    for (const auto& project : kProjects) {
        const Point base = project.in_seat ? seat : centre;
        std::vector<Point> points;
        for (const auto& k : project.km)
            points.push_back({base.x + k.x * 1000, base.y + k.y * 1000});
        auto f = out.new_feature(layer);
        f->SetField("name", project.name);
        f->SetField("kind", project.kind);
        f->SetField("level", project.level);
        f->SetField("planned_start", project.planned_start);
        f->SetField("started", project.started);
        out.add(layer, std::move(f), *make_line(points));
    }
    out.end_layer();
}

void write_villages(GpkgWriter& out, const Landscape& land, const CountyPlan& plan)
{
    // Some of Wuyi's well-known villages, then ordinary ones; four are 省级未来乡村 pilots
    // (three approved in the report's year, one the year before).
    static const char* const kNames[] = {"后陈村", "郭洞村", "俞源村",   "山下鲍村", "范村",   "上坦村", "江下村",
                                         "陶村",   "溪里村", "岭下汤村", "上邵村",   "塘里村", "下杨村", "大溪口村",
                                         "新宅村", "柳城村", "桐琴村",   "王宅村",   "泉溪村", "履坦村", "茭道村",
                                         "白姆村", "坦洪村", "西联村",   "三港村",   "大田村", "桃溪村", "金畈村"};
    static const std::pair<const char*, int> kFuture[] = {
        {"后陈村", 2023}, {"郭洞村", 2023}, {"俞源村", 2022}, {"山下鲍村", 2023}};
    OGRLayer& layer = out.begin_layer(
        "villages", wkbPoint,
        {{"name", OFTString}, {"town", OFTString}, {"future_village", OFTString}, {"approved_year", OFTInteger}},
        "行政村 villages, with 未来乡村 pilots");
    Random random(land.seed() ^ 0x71AE);
    std::size_t index = 0;
    for (const char* name : kNames) {
        // A village named after a town (王宅村) lies near that town; the others take turns.
        const Town* home = &land.towns()[index++ % land.towns().size()];
        for (const auto& t : land.towns())
            if (t.name.compare(0, 6, name, 6) == 0) // the first two characters (3 bytes each in UTF-8)
                home = &t;
        const Town& town = *home;
        Point p = town.seat;
        for (int attempt = 0; attempt < 50; ++attempt) {
            const double angle = random.uniform(0, 6.283185307179586), r = random.uniform(1200, 3500);
            const Point candidate{town.seat.x + r * std::cos(angle), town.seat.y + r * std::sin(angle)};
            if (contains(*plan.county_prepared, candidate)) {
                p = candidate;
                break;
            }
        }
        auto f = out.new_feature(layer);
        f->SetField("name", name);
        f->SetField("town", plan.town_at(p).c_str());
        for (const auto& [future, year] : kFuture)
            if (std::string_view(future) == name) {
                f->SetField("future_village", "省级");
                f->SetField("approved_year", year);
            }
        out.add(layer, std::move(f), *make_point(p));
    }
    out.end_layer();
}

} // namespace sample
