#include "target_hud.h"

#include <QEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace ui {
namespace {

constexpr int kRow = 26;
constexpr int kPad = 8;
constexpr int kNameWidth = 190; // at the preferred width; columns shrink in proportion
constexpr int kBarWidth = 150;
constexpr int kValueWidth = 190; // "3144 亩 / >= 2100 亩"
constexpr int kPreferredWidth = kPad * 2 + kNameWidth + kBarWidth + kValueWidth;

} // namespace

TargetHud::TargetHud(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_TranslucentBackground);
    setCursor(Qt::PointingHandCursor);
    hide();
}

void TargetHud::set_bars(std::vector<briefing::TargetBar> bars, const QString& what_if)
{
    bars_ = std::move(bars);
    what_if_ = what_if;
    fit();
}

void TargetHud::set_folded(bool folded)
{
    if (folded == folded_)
        return;
    folded_ = folded;
    fit();
    emit folded_changed(folded_);
}

void TargetHud::set_wanted(bool wanted)
{
    wanted_ = wanted;
    fit();
}

void TargetHud::set_county(const QString& name)
{
    county_ = name;
    update();
}

void TargetHud::set_max_width(int pixels)
{
    if (pixels == max_width_)
        return;
    max_width_ = pixels;
    fit();
}

void TargetHud::set_review_progress(const QString& text)
{
    review_ = text;
    fit();
}

void TargetHud::fit()
{
    const int rows =
        folded_ ? 1 : static_cast<int>(bars_.size()) + 1 + (what_if_.isEmpty() ? 0 : 1) + (review_.isEmpty() ? 0 : 1);
    resize(std::clamp(max_width_, 160, kPreferredWidth), kPad * 2 + kRow * rows);
    setVisible(wanted_ && (!bars_.empty() || !review_.isEmpty()));
    update();
}

QRect TargetHud::title_rect() const
{
    return QRect(kPad, kPad, width() - 2 * kPad, kRow);
}

QRect TargetHud::bar_rect(int index) const
{
    if (folded_)
        return {};
    const int first = what_if_.isEmpty() ? 1 : 2; // under the title and the what-if line
    return QRect(kPad, kPad + kRow * (index + first), width() - 2 * kPad, kRow);
}

void TargetHud::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(QColor(80, 80, 80, 160), 1));
    p.setBrush(QColor(255, 255, 255, 225));
    p.drawRoundedRect(rect().adjusted(0, 0, -1, -1), 6, 6);
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(QColor(20, 20, 20));
    // ▸ folded, ▾ unfolded: the title is the panel's handle.
    const QString title = county_.isEmpty() ? tr("Targets this year") : tr("Targets this year: %1").arg(county_);
    p.drawText(title_rect(), Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetrics(bold).elidedText((folded_ ? QStringLiteral("▸ ") : QStringLiteral("▾ ")) + title,
                                             Qt::ElideRight, title_rect().width()));
    p.setFont(font());
    if (!what_if_.isEmpty()) { // never mistaken for the actual figures
        const QRect line = title_rect().translated(0, folded_ ? 0 : kRow);
        const QString text = tr("What-if '%1': not actual figures").arg(what_if_);
        if (folded_) {
            p.setPen(QColor(180, 90, 0));
            p.drawText(line, Qt::AlignRight | Qt::AlignVCenter, tr("what-if"));
        } else {
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(255, 170, 0, 70));
            p.drawRect(line);
            p.setPen(QColor(140, 70, 0));
            p.drawText(line.adjusted(4, 0, -4, 0), Qt::AlignLeft | Qt::AlignVCenter,
                       fontMetrics().elidedText(text, Qt::ElideRight, line.width() - 8));
        }
    }
    for (int i = 0; !folded_ && i < static_cast<int>(bars_.size()); ++i) {
        const auto& bar = bars_[static_cast<std::size_t>(i)];
        const QRect row = bar_rect(i);
        if (i == highlighted_) {
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(0, 150, 255, 40));
            p.drawRect(row);
        }
        p.setPen(QColor(30, 30, 30));
        const double scale = static_cast<double>(row.width()) / (kPreferredWidth - 2 * kPad);
        const int name_width = static_cast<int>(kNameWidth * scale), bar_width = static_cast<int>(kBarWidth * scale);
        p.drawText(QRect(row.left(), row.top(), name_width, kRow), Qt::AlignLeft | Qt::AlignVCenter,
                   fontMetrics().elidedText(bar.name, Qt::ElideRight, name_width - 4));
        const QRectF track(row.left() + name_width, row.top() + kRow * 0.3, bar_width, kRow * 0.4);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(225, 225, 225));
        p.drawRect(track);
        p.setBrush(briefing::status_color(bar.status));
        p.drawRect(QRectF(track.left(), track.top(), track.width() * std::clamp(bar.ratio, 0.0, 1.0), track.height()));
        p.setPen(QColor(30, 30, 30));
        const QRect value(static_cast<int>(track.right()) + kPad, row.top(),
                          row.right() - static_cast<int>(track.right()) - kPad, kRow);
        p.drawText(value, Qt::AlignLeft | Qt::AlignVCenter,
                   fontMetrics().elidedText(bar.achieved_text + QStringLiteral(" / ") + bar.target_text, Qt::ElideRight,
                                            value.width()));
    }
    if (!folded_ && !review_.isEmpty()) {
        const QRect line = bar_rect(static_cast<int>(bars_.size()));
        p.setPen(QColor(30, 30, 30));
        p.drawText(line, Qt::AlignLeft | Qt::AlignVCenter,
                   fontMetrics().elidedText(review_, Qt::ElideRight, line.width()));
    }
}

void TargetHud::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        update();
    QWidget::changeEvent(event);
}

void TargetHud::mousePressEvent(QMouseEvent* event)
{
    if (title_rect().contains(event->position().toPoint())) {
        set_folded(!folded_);
        return;
    }
    for (int i = 0; i < static_cast<int>(bars_.size()); ++i)
        if (bar_rect(i).contains(event->position().toPoint())) {
            highlighted_ = i;
            update();
            emit target_clicked(i);
            return;
        }
}

MapDecorations::MapDecorations(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_TranslucentBackground);
    setAttribute(Qt::WA_TransparentForMouseEvents);
    resize(180, 110);
}

void MapDecorations::set_state(double metres_per_pixel, double heading_degrees)
{
    metres_per_pixel_ = metres_per_pixel;
    heading_ = heading_degrees;
    update();
}

void MapDecorations::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    // Compass rose: the north half dark, turned with the camera heading.
    const QPointF c(width() - 34, 50);
    p.save();
    p.translate(c);
    p.rotate(-heading_);
    QPainterPath north, south;
    north.moveTo(0, -26);
    north.lineTo(-9, 0);
    north.lineTo(9, 0);
    north.closeSubpath();
    south.moveTo(0, 26);
    south.lineTo(-9, 0);
    south.lineTo(9, 0);
    south.closeSubpath();
    p.setPen(QPen(QColor(30, 30, 30), 1.2));
    p.setBrush(QColor(200, 30, 30));
    p.drawPath(north);
    p.setBrush(Qt::white);
    p.drawPath(south);
    p.drawText(QRectF(-10, -44, 20, 16), Qt::AlignCenter, QStringLiteral("N"));
    p.restore();
    if (metres_per_pixel_ <= 0)
        return;
    // Scale bar of a round length, up to 120 px.
    const double metres = briefing::round_scale_length(120 * metres_per_pixel_);
    const double length = metres / metres_per_pixel_;
    const QPointF start(width() - 20 - length, height() - 16);
    p.setPen(QPen(QColor(20, 20, 20), 3));
    p.drawLine(start, start + QPointF(length, 0));
    p.setPen(QColor(20, 20, 20));
    p.drawText(QRectF(start.x(), start.y() - 22, length, 18), Qt::AlignCenter,
               metres >= 1000 ? QStringLiteral("%1 km").arg(metres / 1000) : QStringLiteral("%1 m").arg(metres));
}

} // namespace ui
