#include "field_labels.h"

#include <QCoreApplication>
#include <map>

namespace ui {

QString field_label(const std::string& field)
{
    // QT_TRANSLATE_NOOP marks them for lupdate; translated when looked up.
    static const std::map<std::string, const char*> kLabels = {
        {"parcel_id", QT_TRANSLATE_NOOP("FieldLabels", "Parcel ID")},
        {"land_use_code", QT_TRANSLATE_NOOP("FieldLabels", "Land-use code")},
        {"land_use_name", QT_TRANSLATE_NOOP("FieldLabels", "Land-use class")},
        {"town", QT_TRANSLATE_NOOP("FieldLabels", "Town")},
        {"status", QT_TRANSLATE_NOOP("FieldLabels", "Status")},
        {"supply_year", QT_TRANSLATE_NOOP("FieldLabels", "Supply year")},
        {"planned_far", QT_TRANSLATE_NOOP("FieldLabels", "Planned floor area ratio")},
        {"height_m", QT_TRANSLATE_NOOP("FieldLabels", "Height (m)")},
        {"patch_id", QT_TRANSLATE_NOOP("FieldLabels", "Patch ID")},
        {"area_mu", QT_TRANSLATE_NOOP("FieldLabels", "Area (mu)")},
        {"area_km2", QT_TRANSLATE_NOOP("FieldLabels", "Area (km²)")},
        {"quality_grade", QT_TRANSLATE_NOOP("FieldLabels", "Quality grade")},
        {"name", QT_TRANSLATE_NOOP("FieldLabels", "Name")},
        {"function", QT_TRANSLATE_NOOP("FieldLabels", "Function")},
        {"level", QT_TRANSLATE_NOOP("FieldLabels", "Level")},
        {"kind", QT_TRANSLATE_NOOP("FieldLabels", "Kind")},
        {"plan", QT_TRANSLATE_NOOP("FieldLabels", "Plan")},
        {"planned_start", QT_TRANSLATE_NOOP("FieldLabels", "Planned start")},
        {"started", QT_TRANSLATE_NOOP("FieldLabels", "Started")},
        {"future_village", QT_TRANSLATE_NOOP("FieldLabels", "Future village")},
        {"approved_year", QT_TRANSLATE_NOOP("FieldLabels", "Year approved")},
        {"code", QT_TRANSLATE_NOOP("FieldLabels", "Code")},
        {"adcode", QT_TRANSLATE_NOOP("FieldLabels", "Division code")},
        // The national specification's field codes, as delivery packages name them.
        {"DKBH", QT_TRANSLATE_NOOP("FieldLabels", "Parcel ID")},
        {"YDYHFLDM", QT_TRANSLATE_NOOP("FieldLabels", "Land-use code")},
        {"YDYHFLMC", QT_TRANSLATE_NOOP("FieldLabels", "Land-use class")},
        {"XZMC", QT_TRANSLATE_NOOP("FieldLabels", "Town")},
        {"XZQDM", QT_TRANSLATE_NOOP("FieldLabels", "Division code")},
        {"XZQMC", QT_TRANSLATE_NOOP("FieldLabels", "Name")},
        {"MC", QT_TRANSLATE_NOOP("FieldLabels", "Name")},
    };
    const auto it = kLabels.find(field);
    return it == kLabels.end() ? QString() : QCoreApplication::translate("FieldLabels", it->second);
}

QString field_header(const std::string& field)
{
    const QString label = field_label(field);
    const QString name = QString::fromStdString(field);
    return label.isEmpty() ? name : label + QStringLiteral("\n") + name;
}

} // namespace ui
