#pragma once
// The review sheet (审查意见单): one A4 page per parcel, as the bureau files it — the parcel's
// attributes, a north-up map of the parcel with its overlaps with the 三区三线 outlined, its
// figures in m² and mu, the decision, the opinion, the reviewer and the date, and a line to sign.
// The map comes from the county scene (the briefing renderer); the page is painted with QPainter
// into a PDF (vector text over the raster map).
#include <QImage>
#include <QString>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "geo/compliance.h"
#include "geo/review.h"
#include "geo/review_source.h"

namespace scene {
class CountyScene;
}

namespace briefing {

struct ReviewSheet {
    QString county; // "武义县"
    QString parcel_id;
    std::vector<std::pair<QString, QString>> attributes; // label, value: town, land use, …
    geo::ReviewFigures figures;
    std::optional<geo::ReviewRecord> record; // none: not reviewed yet (the sheet says so)
    QImage map;
    double metres_per_pixel = 0;
};

// The sheet of parcel `row` of the scene's parcels: its attributes, its figures by the check's
// rules against `overlays`, the map rendered with the parcel selected and its overlap pieces
// outlined (as the scene shows it afterwards). Throws geo::Error when the parcel has no
// geometry or its overlaps cannot be computed.
ReviewSheet review_sheet_for(scene::CountyScene& scene, std::size_t row, const geo::Overlays& overlays,
                             std::optional<geo::ReviewRecord> record);

// The sheet of parcel `parcel_id` of the county `review` names, its map drawn from the county read
// around the parcel alone (a few hundred metres: a county of a million parcels is not meshed whole
// for it), its figures in the check's working CRS. Throws geo::Error naming the county when the
// parcel is not there or the county lacks the parcels or one of the three lines.
ReviewSheet review_sheet_from_source(const geo::SourceReview& review, const std::string& parcel_id,
                                     std::optional<geo::ReviewRecord> record);

// Writes the one-page PDF. False when the file cannot be written.
bool write_review_sheet(const ReviewSheet& sheet, const QString& path);

} // namespace briefing
