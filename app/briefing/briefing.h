#pragma once
// Briefing images: the map with a title and subtitle (Chinese), the data date, a legend of the
// visible layers, a scale bar (2D) or a note that an oblique view has none (3D), a north arrow,
// the target panel and a source line, in one fixed layout that stays readable when the image is
// pasted at full width into a 16:9 slide. Painted with QPainter: to a PNG, or to a PDF whose
// text, legend and frames are vector and whose map is a high-resolution raster. Qt GUI only
// (no widgets): the command line and the viewer's export share this code.
#include <QImage>
#include <QRectF>
#include <QString>
#include <vector>

namespace briefing {

struct LegendEntry {
    QString label;
    QColor fill; // transparent: no fill
    QColor outline;
    bool line = false; // drawn as a line symbol (roads, railways)
    bool hatched = false;
    QColor hatch;
};

struct TargetBar {
    QString name;
    QString achieved_text; // "2517.13 亩", "43.6%"
    QString target_text;   // "≥ 2100 亩"
    double ratio = 0;      // achieved / target
    QString status;        // "met", "on track", "behind"
};

struct Content {
    QImage map; // the rendered map, the full picture size
    QString title;
    QString subtitle;
    QString data_date;   // "数据日期 2023-12-31"
    QString source_line; // data and CRS
    std::vector<LegendEntry> legend;
    std::vector<TargetBar> targets;
    QString what_if; // the plan the target figures come from; empty: actual figures
    bool map_is_2d = false;
    double metres_per_pixel = 0; // of `map`, for the scale bar (2D only)
};

// The whole picture at the map's size.
QImage compose(const Content& content);
// The whole picture as a PNG file. Returns false when the file cannot be written.
bool write_png(const Content& content, const QString& path);
// A PDF page of the map's aspect ratio: vector text and frames over the raster map.
// Returns false when the file cannot be written.
bool write_pdf(const Content& content, const QString& path);

// The picture's panels that cover the map (title band, source line, legend, targets), in image
// pixels from the top left: labels are kept out of them.
std::vector<QRectF> panels_over_map(const Content& content, int width, int height);

// Green for "met", amber for "on track", red for "behind": the target bars' colours.
QColor status_color(const QString& status);

// Round scale-bar length (1, 2 or 5 × 10^n metres) not longer than `max_metres`.
double round_scale_length(double max_metres);

} // namespace briefing
