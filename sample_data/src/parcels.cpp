#include "parcels.h"

#include <cmath>
#include <string_view>
#include <unordered_set>

#include "cadastre.h"
#include "geo/error.h"
#include "random.h"

namespace sample {
namespace {

constexpr double kInvalidShare = 0.005;
constexpr double kMeanCellsPerParcel = 1.7;
constexpr double kTargetOccupancy = 0.30; // of the urban area, so random placement converges
constexpr int kAttemptsBeforeShrinking = 40;
constexpr int kMaxAttempts = 5000;

struct LandUse {
    const char* code;
    const char* name;
    double weight;
    int cells_x, cells_y; // usual footprint on the parcel lattice
    double far_min, far_max;
};

// 国土空间调查、规划、用途管制用地用海分类 (2023), second-level codes.
constexpr LandUse kLandUses[] = {
    {"1001", "工业用地", 0.30, 2, 2, 1.2, 2.0},     {"0701", "城镇住宅用地", 0.28, 2, 1, 1.8, 2.8},
    {"0901", "商业用地", 0.09, 1, 1, 2.0, 4.0},     {"0902", "商务金融用地", 0.03, 1, 1, 2.5, 5.0},
    {"1101", "物流仓储用地", 0.06, 2, 1, 0.8, 1.5}, {"0702", "城镇社区服务设施用地", 0.04, 1, 1, 1.0, 2.0},
    {"0801", "机关团体用地", 0.03, 1, 1, 1.0, 2.0}, {"0804", "教育用地", 0.05, 2, 1, 0.8, 1.5},
    {"0806", "医疗卫生用地", 0.02, 1, 1, 1.0, 2.5}, {"1401", "公园绿地", 0.07, 1, 1, 0.0, 0.1},
    {"1301", "供水用地", 0.03, 1, 1, 0.3, 0.8},
};

const LandUse& pick_land_use(Random& random)
{
    double pick = random.unit();
    for (const auto& use : kLandUses) {
        pick -= use.weight;
        if (pick < 0)
            return use;
    }
    return kLandUses[0];
}

bool is_industrial(const LandUse& use)
{
    return std::string_view(use.code) == "1001";
}

struct Status {
    const char* status;
    int year; // 0: none
};

Status pick_status(Random& random)
{
    const double u = random.unit();
    if (u < 0.09)
        return {"已出让", 2023};
    if (u < 0.55)
        return {"已出让", static_cast<int>(2015 + random.below(8))};
    if (u < 0.66)
        return {"拟出让", 2023};
    if (u < 0.80)
        return {"拟出让", 2024};
    return {"储备", 0};
}

class ParcelPlacer {
public:
    ParcelPlacer(const Landscape& land, const CountyPlan& plan, std::int64_t count)
        : land_(land), plan_(plan), cadastre_(land.centre(), cell_size(plan, count), land.seed())
    {
        for (const auto& area : plan.urban_areas) {
            urban_total_ += geo::area(*area.shape);
            urban_cumulative_.push_back(urban_total_);
        }
        occupied_.reserve(static_cast<size_t>(count * kMeanCellsPerParcel * 1.3));
    }

    // Finds a free lattice block for a parcel of `cells_x` × `cells_y` cells and claims it.
    // Returns the block's lower-left cell.
    std::pair<std::int64_t, std::int64_t> place(Random& random, int& cells_x, int& cells_y)
    {
        for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
            if (attempt == kAttemptsBeforeShrinking)
                cells_x = cells_y = 1;
            const Point p = candidate(random);
            if (!contains(*plan_.county_prepared, p))
                continue;
            const Point anchor = cadastre_.corner(0, 0);
            const auto ix = static_cast<std::int64_t>(std::floor((p.x - anchor.x) / cadastre_.cell()));
            const auto iy = static_cast<std::int64_t>(std::floor((p.y - anchor.y) / cadastre_.cell()));
            if (!Cadastre::in_one_block(ix, iy, cells_x, cells_y) || !free(ix, iy, cells_x, cells_y))
                continue;
            for (int dx = 0; dx < cells_x; ++dx)
                for (int dy = 0; dy < cells_y; ++dy)
                    occupied_.insert(key(ix + dx, iy + dy));
            return {ix, iy};
        }
        throw geo::Error("the sample county has no room for more parcels; use fewer --parcels");
    }

    const Cadastre& cadastre() const { return cadastre_; }

private:
    static double cell_size(const CountyPlan& plan, std::int64_t count)
    {
        double urban = 0;
        for (const auto& area : plan.urban_areas)
            urban += geo::area(*area.shape);
        return std::max(3.0,
                        std::sqrt(kTargetOccupancy * urban / (0.9 * static_cast<double>(count) * kMeanCellsPerParcel)));
    }

    static std::uint64_t key(std::int64_t ix, std::int64_t iy)
    {
        return (static_cast<std::uint64_t>(ix + (1 << 30)) << 32) | static_cast<std::uint64_t>(iy + (1 << 30));
    }
    bool free(std::int64_t ix, std::int64_t iy, int cells_x, int cells_y) const
    {
        for (int dx = 0; dx < cells_x; ++dx)
            for (int dy = 0; dy < cells_y; ++dy)
                if (occupied_.contains(key(ix + dx, iy + dy)))
                    return false;
        return true;
    }

    const Area& pick_urban_area(Random& random) const
    {
        const double pick = random.unit() * urban_total_;
        for (size_t i = 0; i < urban_cumulative_.size(); ++i)
            if (pick < urban_cumulative_[i])
                return plan_.urban_areas[i];
        return plan_.urban_areas.back();
    }

    Point candidate(Random& random) const
    {
        const double u = random.unit();
        if (u < 0.905) { // inside the urban development boundary
            const Area& area = pick_urban_area(random);
            for (;;) {
                const Point p{area.centre.x + random.uniform(-1.3, 1.3) * area.radius_m,
                              area.centre.y + random.uniform(-1.3, 1.3) * area.radius_m};
                if (contains(*area.prepared, p))
                    return p;
            }
        }
        if (u < 0.97) { // on the fringe, partly outside the boundary
            const Area& area = pick_urban_area(random);
            const double angle = random.uniform(0, 6.283185307179586);
            const double r = area.radius_m * random.uniform(0.9, 1.35);
            return {area.centre.x + r * std::cos(angle), area.centre.y + r * std::sin(angle)};
        }
        if (u < 0.995 && !plan_.farmland_centres.empty()) { // on permanent basic farmland
            const Point c = plan_.farmland_centres[static_cast<size_t>(
                random.below(static_cast<std::int64_t>(plan_.farmland_centres.size())))];
            return {c.x + random.uniform(-120, 120), c.y + random.uniform(-120, 120)};
        }
        if (!plan_.redline_vertices.empty()) { // across the ecological red line
            const Point c = plan_.redline_vertices[static_cast<size_t>(
                random.below(static_cast<std::int64_t>(plan_.redline_vertices.size())))];
            return {c.x + random.uniform(-150, 150), c.y + random.uniform(-150, 150)};
        }
        return land_.county_seat();
    }

    const Landscape& land_;
    const CountyPlan& plan_;
    double urban_total_ = 0;
    std::vector<double> urban_cumulative_;
    Cadastre cadastre_;
    std::unordered_set<std::uint64_t> occupied_;
};

double round_mm(double v)
{
    return std::round(v * 1000) / 1000;
}

OGRLinearRing* ogr_ring(const Ring& ring)
{
    auto* linear_ring = new OGRLinearRing();
    linear_ring->setNumPoints(static_cast<int>(ring.size()), FALSE);
    for (std::size_t i = 0; i < ring.size(); ++i)
        linear_ring->setPoint(static_cast<int>(i), ring[i].x, ring[i].y);
    return linear_ring;
}

// The parcel's cadastral outline (with its courtyard, if any). Invalid ones are a bow-tie or a
// crossing spike with a repeated vertex over the lattice corners, as digitising errors are.
OGRPolygon* parcel_polygon(const Cadastre& cadastre, std::int64_t ix, std::int64_t iy, int cells_x, int cells_y,
                           Random& random, bool invalid)
{
    auto* polygon = new OGRPolygon();
    if (!invalid) {
        polygon->addRingDirectly(ogr_ring(cadastre.outline(ix, iy, cells_x, cells_y)));
        if (Ring hole = cadastre.courtyard(ix, iy, cells_x, cells_y); !hole.empty())
            polygon->addRingDirectly(ogr_ring(hole));
        return polygon;
    }
    const double cell = cadastre.cell(), margin = 0.1 * cell;
    const Point low = cadastre.corner(ix, iy);
    const double width = cells_x * cell, height = cells_y * cell;
    const Point p0{round_mm(low.x + margin), round_mm(low.y + margin)};
    const Point p1{round_mm(low.x + width - margin), p0.y};
    const Point p2{p1.x, round_mm(low.y + height - margin)};
    const Point p3{p0.x, p2.y};
    const Ring ring = random.chance(0.6)
                          ? Ring{p0, p1, p3, p2, p0} // bow-tie
                          : Ring{p0, p1, p1, p2, p3, {round_mm((p0.x + p1.x) / 2), round_mm(p0.y - 0.3 * height)}, p0};
    polygon->addRingDirectly(ogr_ring(ring));
    return polygon;
}

} // namespace

ParcelStats write_parcels(GpkgWriter& out, const Landscape& land, const CountyPlan& plan, std::int64_t count,
                          const Progress& progress)
{
    OGRLayer& layer = out.begin_layer("parcels", wkbPolygon,
                                      {{"parcel_id", OFTString},
                                       {"land_use_code", OFTString},
                                       {"land_use_name", OFTString},
                                       {"town", OFTString},
                                       {"status", OFTString},
                                       {"supply_year", OFTInteger},
                                       {"planned_far", OFTReal},
                                       {"height_m", OFTReal}},
                                      "地块 land parcels");
    ParcelPlacer placer(land, plan, count);
    ParcelStats stats;
    const double seat_x = land.county_seat().x;
    for (std::int64_t i = 0; i < count; ++i) {
        Random random(hash64(static_cast<std::uint64_t>(i), 0x9A2C, land.seed()));
        const LandUse* use = &pick_land_use(random);
        int cells_x = use->cells_x, cells_y = use->cells_y;
        if (random.chance(0.5))
            std::swap(cells_x, cells_y);
        const auto [ix, iy] = placer.place(random, cells_x, cells_y);
        const Cadastre& cadastre = placer.cadastre();
        const Point lower_left = cadastre.corner(ix, iy);
        // The development zone (武义经济开发区) lies east of the seat: keep industry mostly there.
        if (is_industrial(*use) && lower_left.x < seat_x && random.chance(0.4))
            use = &kLandUses[1];
        const bool invalid = random.chance(kInvalidShare);
        OGRPolygon* outline = parcel_polygon(cadastre, ix, iy, cells_x, cells_y, random, invalid);
        const Point centre{lower_left.x + cells_x * cadastre.cell() / 2, lower_left.y + cells_y * cadastre.cell() / 2};

        const Status status = pick_status(random);
        const double far = std::round(random.uniform(use->far_min, use->far_max) * 100) / 100;
        char id[32];
        std::snprintf(id, sizeof id, "%s-%07lld", land.county().adcode.c_str(), static_cast<long long>(i + 1));
        auto f = out.new_feature(layer);
        f->SetField("parcel_id", id);
        f->SetField("land_use_code", use->code);
        f->SetField("land_use_name", use->name);
        f->SetField("town", plan.town_at(centre).c_str());
        f->SetField("status", status.status);
        if (status.year != 0)
            f->SetField("supply_year", status.year);
        f->SetField("planned_far", far);
        // Storeys from FAR at ~30% site coverage, 3 m a storey (industrial sheds ~8 m a floor).
        const double storey = is_industrial(*use) || std::string_view(use->code) == "1101" ? 8.0 : 3.0;
        f->SetField("height_m", std::round(std::max(1.0, std::ceil(far / 0.3)) * storey * 10) / 10);
        out.add(layer, std::move(f), outline);
        ++stats.written;
        stats.invalid += invalid ? 1 : 0;
        if (progress && (i % 4096 == 0))
            progress(static_cast<double>(i) / static_cast<double>(count));
    }
    out.end_layer();
    return stats;
}

} // namespace sample
