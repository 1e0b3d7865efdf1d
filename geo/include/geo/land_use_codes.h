#pragma once
// The national land-use classifications a delivery mixes up: the 用地用海 classes of planning
// (国土空间调查、规划、用途管制用地用海分类指南, 2023) and the third land survey's (三调)
// classes (GB/T 21010-2017 as the survey uses them), with the guide's conversion from the
// latter to the former. Some codes exist in both with different meanings (1001: industrial
// land in planning, railway land in the survey), so a code alone does not always tell.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace geo {

// The colour planners expect for a 用地用海 class on a map, after the guide's colour table
// (approximated to its hues: residential yellow, public service magenta-pink, commercial red,
// industry brown, storage purple, utilities blue-green, green space green).
struct LandUseColour {
    const char* code;
    const char* name;
    unsigned char r, g, b;
};
const std::vector<LandUseColour>& land_use_palette();

// The 用地用海 class name of `code` (4 digits, or 2 for a first-level class), or nullptr.
const char* land_use_class_name(std::string_view code);
// The 三调 class name of `code`, or nullptr.
const char* survey_class_name(std::string_view code);

struct SurveyConversion {
    std::string land_use_code; // the 用地用海 code the guide maps it to (2 digits: the first
                               // level, where the survey's class spans several)
    std::string reason;        // why the code was taken for a 三调 one
};

// Whether `code`, found in a field meant to hold 用地用海 codes, is a 三调 code, and what it
// converts to. `class_name` is the feature's class-name field (YDYHFLMC, DLMC; empty when the
// layer has none): an ambiguous code (0601: 乡村道路用地 or the survey's 工业用地) is taken for
// a 三调 one only when that name says so. `whole_field_is_survey`: the field is the survey's
// own (DLBM), so every known 三调 code converts.
std::optional<SurveyConversion> survey_conversion(std::string_view code, std::string_view class_name,
                                                  bool whole_field_is_survey);

} // namespace geo
