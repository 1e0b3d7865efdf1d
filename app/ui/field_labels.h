#pragma once
// What the fields of PlanView's standard layers mean, in the UI's language: "parcel_id" is
// 地块编号 to a planner. Column headers and the identify panel show the label with the field's
// own name under it (a WHERE needs the name). Unknown fields keep their name alone.
#include <QString>
#include <string>

namespace ui {

// The label of `field`, translated; empty when PlanView does not know the field.
QString field_label(const std::string& field);
// "地块编号\nparcel_id" for a known field, "parcel_id" otherwise.
QString field_header(const std::string& field);

} // namespace ui
