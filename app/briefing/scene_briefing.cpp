#include "scene_briefing.h"

#include <cmath>

#include "county_scene.h"
#include "geo/feature_table.h"
#include "geo/roles.h"
#include "offscreen.h"

namespace briefing {
namespace {

QColor qcolor(const scene::Rgba& c, float alpha_floor = 0.0F)
{
    return QColor::fromRgbF(c.r, c.g, c.b, std::max(c.a, alpha_floor));
}

} // namespace

QString display_name(const std::string& layer)
{
    static const std::pair<const char*, const char*> kNames[] = {{"county_boundary", "县界"},
                                                                 {"towns", "乡镇街道界"},
                                                                 {"farmland", "永久基本农田"},
                                                                 {"eco_redline", "生态保护红线"},
                                                                 {"urban_boundary", "城镇开发边界"},
                                                                 {"parcels", "地块"},
                                                                 {"renewal_zones", "城市更新区块"},
                                                                 {"key_projects", "重点项目"},
                                                                 {"villages", "行政村"},
                                                                 {"three_zones", "三区"}};
    const std::string standard = geo::standard_name_of(layer);
    for (const auto& [name, label] : kNames)
        if (standard == name)
            return QString::fromUtf8(label);
    return QString::fromStdString(layer);
}

QString county_name_of(scene::CountyScene& scene)
{
    const scene::SceneLayer* boundary = scene.layer_playing("county_boundary");
    if (boundary == nullptr || boundary->table->size() == 0)
        return {};
    const auto field = geo::find_field(boundary->table->field_names(), geo::FieldRole::Name);
    if (!field)
        return {};
    const std::string_view name = boundary->table->value(0, static_cast<std::size_t>(field->index));
    return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

std::vector<LegendEntry> legend_for(const scene::CountyScene& county)
{
    std::vector<LegendEntry> entries;
    const auto& layers = const_cast<scene::CountyScene&>(county).layers();
    for (auto it = layers.rbegin(); it != layers.rend(); ++it) { // top of the drawing first
        const scene::SceneLayer& layer = **it;
        if (!layer.visible)
            continue;
        const auto& style = layer.style;
        const auto type = wkbFlatten(layer.geometry_type);
        const bool line = type == wkbLineString || type == wkbMultiLineString;
        if (style.kind == scene::StyleKind::Categorised) {
            for (const auto& c : style.classes)
                entries.push_back({display_name(layer.name) + QStringLiteral(" ") + QString::fromStdString(c.label),
                                   qcolor(c.color, 0.6F),
                                   qcolor(style.outline),
                                   false,
                                   false,
                                   {}});
            continue;
        }
        LegendEntry e;
        e.label = display_name(layer.name);
        e.fill = style.filled && !line ? qcolor(style.fill, 0.5F) : QColor(0, 0, 0, 0);
        e.outline = qcolor(style.outline);
        e.line = line;
        e.hatched = style.hatch_spacing > 0;
        e.hatch = qcolor(style.hatch_color);
        entries.push_back(e);
    }
    return entries;
}

std::vector<TargetBar> target_bars(const std::vector<geo::TargetProgress>& progress)
{
    std::vector<TargetBar> bars;
    auto text = [](double v, const char* unit) {
        if (std::string(unit) == "%")
            return QStringLiteral("%1%").arg(v * 100, 0, 'f', 1);
        if (std::string(unit) == "个")
            return QStringLiteral("%1").arg(v, 0, 'f', 0);
        return QStringLiteral("%1 %2").arg(v, 0, 'f', 0).arg(QString::fromUtf8(unit));
    };
    for (const auto& p : progress) {
        TargetBar bar;
        bar.name = QString::fromStdString(p.target->name);
        bar.achieved_text = text(p.achieved, p.unit);
        bar.target_text = QString::fromUtf8(geo::comparator_text(p.target->comparator)) + QStringLiteral(" ") +
                          text(p.target->value, p.unit);
        bar.ratio = p.ratio;
        bar.status = QString::fromUtf8(geo::status_name(p.status));
        bars.push_back(bar);
    }
    return bars;
}

scene::RenderRequest render_request(const scene::CountyScene& county, const View& view, int width, int height)
{
    scene::RenderRequest request;
    request.width = width;
    request.height = height;
    const double aspect = static_cast<double>(width) / height;
    if (view.map_2d) {
        request.view = scene::top_down_view(county, view.extent, aspect);
        request.ortho_half_height = std::max((view.extent.max_y - view.extent.min_y) / 2,
                                             (view.extent.max_x - view.extent.min_x) / 2 / aspect) *
                                    1.08;
    } else if (view.camera) {
        const auto& c = *view.camera;
        request.view = {county.to_scene(c.eye.x(), c.eye.y(), c.eye.z()),
                        county.to_scene(c.center.x(), c.center.y(), c.center.z()), c.up};
    } else {
        request.view = scene::oblique_view(county, view.extent, aspect);
    }
    return request;
}

void render_map(const scene::CountyScene& county, const View& view, int width, int height, Content& content)
{
    const scene::RenderRequest request = render_request(county, view, width, height);
    // A true scale only where the map is one (orthographic); an oblique view has none.
    content.metres_per_pixel = view.map_2d ? 2 * request.ortho_half_height / height : 0;
    content.map_is_2d = view.map_2d;
    auto& scene = const_cast<scene::CountyScene&>(county);
    scene.set_label_size(static_cast<float>(height) * 0.016F);
    // Labels stay clear of the panels painted over the map (OSG counts rows from the bottom).
    std::vector<scene::LabelPlacer::Area> reserved;
    for (const QRectF& r : panels_over_map(content, width, height))
        reserved.push_back({r.left(), height - r.bottom(), r.right(), height - r.top()});
    scene.labels().set_reserved(std::move(reserved));
    osg::ref_ptr<osg::Image> image = scene::render_offscreen(county.root(), request);
    scene.labels().set_reserved({});
    // OSG images start at the bottom row; QImage at the top.
    QImage map(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        const unsigned char* row = image->data(0, height - 1 - y);
        auto* out = reinterpret_cast<QRgb*>(map.scanLine(y));
        for (int x = 0; x < width; ++x)
            out[x] = qRgb(row[4 * x], row[4 * x + 1], row[4 * x + 2]);
    }
    content.map = map;
}

} // namespace briefing
