#include "review_sheet.h"

#include <QDateTime>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <algorithm>
#include <map>

#include "briefing.h"
#include "county_loader.h"
#include "county_scene.h"
#include "geo/feature_table.h"
#include "geo/ledger_loader.h"
#include "geo/overlay_layer.h"
#include "geo/roles.h"
#include "geo/units.h"
#include "scene_briefing.h"
#include "style.h"

namespace briefing {
namespace {

constexpr int kMapWidth = 1800, kMapHeight = 1200; // pixels: 150 mm wide at 300 dpi

QString field_text(const geo::FeatureTable& table, std::size_t row, geo::FieldRole role)
{
    const auto match = geo::find_field(table.field_names(), role);
    const auto index = match ? table.field_index(match->name) : std::nullopt;
    if (!index || table.is_null(row, *index))
        return {};
    const std::string_view v = table.value(row, *index);
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

QString m2_and_mu(double m2)
{
    return QStringLiteral("%1 m²（%2 亩）").arg(QString::number(m2, 'f', 2), QString::number(geo::to_mu(m2), 'f', 2));
}

QString conflict_text(const std::string& conflict)
{
    if (conflict.empty())
        return QStringLiteral("无");
    QStringList kinds;
    for (const QString& kind : QString::fromStdString(conflict).split(';', Qt::SkipEmptyParts))
        kinds << (kind == QLatin1String("farmland")  ? QStringLiteral("占用永久基本农田")
                  : kind == QLatin1String("redline") ? QStringLiteral("涉及生态保护红线")
                                                     : QStringLiteral("超出城镇开发边界"));
    return kinds.join(QStringLiteral("；"));
}

// Label and value rows in a ruled two-column table; returns the height used.
double paint_rows(QPainter& p, const QRectF& area, const std::vector<std::pair<QString, QString>>& rows,
                  double row_height)
{
    const double label_width = area.width() * 0.28;
    double y = area.top();
    p.setPen(QPen(QColor(60, 60, 60), 2));
    for (const auto& [label, value] : rows) {
        const QRectF label_cell(area.left(), y, label_width, row_height);
        const QRectF value_cell(area.left() + label_width, y, area.width() - label_width, row_height);
        p.fillRect(label_cell, QColor(238, 240, 244));
        p.drawRect(label_cell);
        p.drawRect(value_cell);
        p.drawText(label_cell.adjusted(20, 0, -10, 0), Qt::AlignLeft | Qt::AlignVCenter, label);
        p.drawText(value_cell.adjusted(20, 0, -10, 0), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, value);
        y += row_height;
    }
    return y - area.top();
}

} // namespace

ReviewSheet review_sheet_for(scene::CountyScene& scene, std::size_t row, const geo::Overlays& overlays,
                             std::optional<geo::ReviewRecord> record)
{
    scene::SceneLayer* parcels = scene.layer_playing("parcels");
    if (parcels == nullptr || row >= parcels->table->size() || parcels->table->geometry(row) == nullptr)
        throw geo::Error("no parcel geometry to put on the sheet");
    const geo::FeatureTable& table = *parcels->table;
    ReviewSheet sheet;
    sheet.county = county_name_of(scene);
    sheet.parcel_id = field_text(table, row, geo::FieldRole::ParcelId);
    const QString use = field_text(table, row, geo::FieldRole::LandUseCode);
    sheet.attributes = {{QStringLiteral("地块编号"), sheet.parcel_id},
                        {QStringLiteral("所在乡镇"), field_text(table, row, geo::FieldRole::Town)},
                        {QStringLiteral("用地分类"), QString::fromStdString(scene::land_use_label(use.toStdString()))}};
    if (const QString name = field_text(table, row, geo::FieldRole::Name); !name.isEmpty())
        sheet.attributes.push_back({QStringLiteral("名称"), name});

    geo::CheckOptions options;
    options.keep_geometry = true;
    geo::ParcelCheck check;
    geo::check_parcel(check, geo::clone(*table.geometry(row)), overlays, options);
    sheet.figures = {check.area_m2, check.farmland_m2, check.redline_m2, check.outside_ucb_m2, check.conflict};
    sheet.record = std::move(record);

    // North up, the parcel and a margin of its own size around it.
    const geo::Envelope e = table.envelope(row);
    const double margin = std::max({e.max_x - e.min_x, e.max_y - e.min_y, 60.0}) * 0.8;
    scene.set_selection(*parcels, {row});
    scene.set_marks(scene::CountyScene::overlap_marks(check.overlaps));
    Content content;
    render_map(scene, {{e.min_x - margin, e.min_y - margin, e.max_x + margin, e.max_y + margin}, true, std::nullopt},
               kMapWidth, kMapHeight, content);
    sheet.map = content.map;
    sheet.metres_per_pixel = content.metres_per_pixel;
    return sheet;
}

ReviewSheet review_sheet_from_source(const geo::SourceReview& review, const std::string& parcel_id,
                                     std::optional<geo::ReviewRecord> record)
{
    const std::string& county = review.county;
    const geo::GeomPtr parcel = geo::source_parcel_geometry(review, parcel_id);
    if (!parcel)
        throw geo::file_error(county, "no parcel '" + parcel_id + "'");
    // What the sheet's map shows (the parcel and a margin of its size, widened to the map's
    // shape) and more: the overlays crossing the parcel are read whole.
    const geo::Envelope e = geo::envelope_of(*parcel);
    const double around = std::max({e.max_x - e.min_x, e.max_y - e.min_y, 60.0}) * 3;
    scene::LoadOptions options;
    options.sources = {county};
    options.working_crs = review.working_crs;
    options.window = geo::Envelope{e.min_x - around, e.min_y - around, e.max_x + around, e.max_y + around};
    scene::LoadedCounty loaded = scene::load_county(options);
    auto view_scene = scene::assemble_scene(loaded);
    std::map<std::string, std::unique_ptr<geo::OverlayLayer>> overlays;
    for (const auto& layer : loaded.layers)
        if (const std::string role = geo::standard_name_of(layer.table->name());
            role == "farmland" || role == "eco_redline" || role == "urban_boundary")
            overlays[role] = geo::overlay_from(*layer.table);
    const scene::SceneLayer* parcels = view_scene->layer_playing("parcels");
    if (parcels == nullptr || overlays.size() != 3)
        throw geo::file_error(county, "a review sheet needs the parcels, the farmland, the red line and the urban "
                                      "development boundary");
    const geo::Overlays three_lines{*overlays["farmland"], *overlays["eco_redline"], *overlays["urban_boundary"]};
    const auto id_field = geo::find_field(parcels->table->field_names(), geo::FieldRole::ParcelId);
    const auto id_index = id_field ? parcels->table->field_index(id_field->name) : std::nullopt;
    for (std::size_t row = 0; id_index && row < parcels->table->size(); ++row)
        if (parcels->table->value(row, *id_index) == parcel_id)
            return review_sheet_for(*view_scene, row, three_lines, std::move(record));
    throw geo::file_error(county, "no parcel '" + parcel_id + "'");
}

bool write_review_sheet(const ReviewSheet& sheet, const QString& path)
{
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(300);
    writer.setTitle(QStringLiteral("%1 审查意见单").arg(sheet.parcel_id));
    writer.setCreator(QStringLiteral("PlanView"));
    QPainter p;
    if (!p.begin(&writer))
        return false;
    const double mm = writer.width() / 210.0; // device pixels per millimetre
    const QRectF body(18 * mm, 14 * mm, writer.width() - 36 * mm, writer.height() - 28 * mm);
    QFont font(QStringLiteral("WenQuanYi Micro Hei"));
    font.setPixelSize(static_cast<int>(3.6 * mm));
    QFont title = font;
    title.setPixelSize(static_cast<int>(6.5 * mm));
    title.setBold(true);
    double y = body.top();

    p.setFont(title);
    p.drawText(QRectF(body.left(), y, body.width(), 11 * mm), Qt::AlignCenter,
               (sheet.county.isEmpty() ? QString() : sheet.county) + QStringLiteral("建设用地审查意见单"));
    y += 13 * mm;
    p.setFont(font);
    y += paint_rows(p, QRectF(body.left(), y, body.width(), 0), sheet.attributes, 8 * mm) + 4 * mm;

    // The map, framed, with a scale bar and a north arrow.
    const double map_height = body.width() * kMapHeight / kMapWidth;
    const QRectF map_rect(body.left(), y, body.width(), map_height);
    p.drawImage(map_rect, sheet.map);
    p.setPen(QPen(QColor(60, 60, 60), 3));
    p.drawRect(map_rect);
    if (sheet.metres_per_pixel > 0) {
        const double metres_per_device = sheet.metres_per_pixel * sheet.map.width() / map_rect.width();
        const double length = round_scale_length(30 * mm * metres_per_device);
        const double bar = length / metres_per_device;
        const QRectF back(map_rect.left() + 3 * mm, map_rect.bottom() - 11 * mm, bar + 6 * mm, 8 * mm);
        p.fillRect(back, QColor(255, 255, 255, 220));
        p.fillRect(QRectF(back.left() + 3 * mm, back.bottom() - 3 * mm, bar, 1.2 * mm), QColor(30, 30, 30));
        p.drawText(QRectF(back.left(), back.top(), back.width(), 4.5 * mm), Qt::AlignCenter,
                   length >= 1000 ? QStringLiteral("%1 km").arg(length / 1000) : QStringLiteral("%1 m").arg(length));
    }
    p.setFont(title);
    p.drawText(QRectF(map_rect.right() - 12 * mm, map_rect.top() + 2 * mm, 10 * mm, 10 * mm), Qt::AlignCenter,
               QStringLiteral("N↑"));
    p.setFont(font);
    y += map_height + 1.5 * mm;
    p.drawText(QRectF(body.left(), y, body.width(), 5 * mm), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral(
                   "青色：本地块；橙线：占永久基本农田部分；红线：涉及生态保护红线部分；品红线：城镇开发边界外部分"));
    y += 7 * mm;

    const auto& f = sheet.figures;
    std::vector<std::pair<QString, QString>> figures = {{QStringLiteral("地块面积"), m2_and_mu(f.area_m2)},
                                                        {QStringLiteral("占永久基本农田"), m2_and_mu(f.farmland_m2)},
                                                        {QStringLiteral("占生态保护红线"), m2_and_mu(f.redline_m2)},
                                                        {QStringLiteral("城镇开发边界外"), m2_and_mu(f.outside_ucb_m2)},
                                                        {QStringLiteral("合规性结论"), conflict_text(f.conflict)}};
    y += paint_rows(p, QRectF(body.left(), y, body.width(), 0), figures, 8 * mm) + 4 * mm;

    const auto& r = sheet.record;
    std::vector<std::pair<QString, QString>> decision = {
        {QStringLiteral("审查结论"), r ? QString::fromUtf8(geo::status_label(r->status)) : QStringLiteral("尚未审查")},
        {QStringLiteral("审查人"), r ? QString::fromStdString(r->reviewer) : QString()},
        {QStringLiteral("审查时间"), r ? QDateTime::fromString(QString::fromStdString(r->reviewed_at), Qt::ISODate)
                                                 .toLocalTime()
                                                 .toString(QStringLiteral("yyyy年M月d日 HH:mm")) +
                                             QStringLiteral("（第 %1 版）").arg(r->version)
                                       : QString()}};
    y += paint_rows(p, QRectF(body.left(), y, body.width(), 0), decision, 8 * mm);
    // The opinion, as long as it is, in a box of its own.
    const QString opinion = r && !r->opinion.empty() ? QString::fromStdString(r->opinion) : QStringLiteral("（无）");
    const double opinion_height = std::max(18 * mm, body.bottom() - 16 * mm - y);
    const QRectF label_cell(body.left(), y, body.width() * 0.28, opinion_height);
    const QRectF value_cell(label_cell.right(), y, body.width() - label_cell.width(), opinion_height);
    p.setPen(QPen(QColor(60, 60, 60), 2));
    p.fillRect(label_cell, QColor(238, 240, 244));
    p.drawRect(label_cell);
    p.drawRect(value_cell);
    p.drawText(label_cell.adjusted(20, 20, -10, -10), Qt::AlignLeft | Qt::AlignTop, QStringLiteral("审查意见"));
    p.drawText(value_cell.adjusted(20, 20, -20, -20), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, opinion);
    y += opinion_height + 6 * mm;
    p.drawText(QRectF(body.left(), y, body.width(), 6 * mm), Qt::AlignRight | Qt::AlignVCenter,
               QStringLiteral("审查人（签字）：____________    日期：____________"));
    p.setPen(QColor(120, 120, 120));
    p.drawText(QRectF(body.left(), body.bottom() - 4 * mm, body.width(), 4 * mm), Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("PlanView 生成于 %1").arg(QDateTime::currentDateTime().toString(Qt::ISODate)));
    return p.end();
}

} // namespace briefing
