// planview review: record a parcel's review decision (exit 0 only once committed), export the
// records for Excel/WPS or GIS, list the audit trail.
#include <QGuiApplication>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "args.h"
#include "commands.h"
#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/gdal_target.h"
#include "geo/review.h"
#include "geo/review_source.h"
#include "geo/roles.h"
#include "geo/text_values.h"
#include "geo/units.h"
#include "offscreen_qt.h"
#include "review_sheet.h"

namespace cli {
namespace {

// Exit code of a save refused because someone else changed the record first.
constexpr int kStale = 3;

void print_record(const geo::ReviewRecord& r)
{
    std::printf("%s: %s, version %lld, %s by %s", r.parcel_id.c_str(), geo::status_label(r.status),
                static_cast<long long>(r.version), r.reviewed_at.c_str(), r.reviewer.c_str());
    if (!r.opinion.empty())
        std::printf(", opinion: %s", r.opinion.c_str());
    std::printf("\n");
}

std::string default_reviewer()
{
    for (const char* variable : {"PLANVIEW_REVIEWER", "USER", "LOGNAME"})
        if (const char* value = std::getenv(variable); value != nullptr && *value != '\0')
            return value;
    return {};
}

int set_status(const Args& args, geo::ReviewStore& store, const std::string& county)
{
    const std::string status_text = args.required("--status");
    const auto status = geo::parse_status(status_text);
    if (!status)
        throw UsageError(
            "option --status takes 待审, 通过, 退回 or 需补正 (pending, approved, returned, amend), not '" +
            status_text + "'");
    const std::string reviewer = args.value_or("--reviewer", default_reviewer());
    if (reviewer.empty())
        throw UsageError("a decision is signed: name the reviewer with --reviewer");
    const auto expected = args.integer("--expect-version", 0, INT64_MAX);
    const auto ids = split_list(args.required("--set"));
    if (ids.empty())
        throw UsageError("option --set needs a parcel id");
    if (expected && ids.size() > 1)
        throw UsageError("--expect-version applies to one parcel; give one id with --set");
    int code = 0;
    for (const auto& id : ids) {
        geo::ReviewRecord change;
        change.parcel_id = id;
        change.status = *status;
        change.opinion = args.value_or("--opinion", "");
        change.reviewer = reviewer;
        change.figures = geo::review_figures(county, id); // also: the parcel exists
        // Without --expect-version, over the version there now (a script deciding on what it sees).
        const std::int64_t over = expected ? *expected : (store.record(id) ? store.record(id)->version : 0);
        const auto result = store.save(change, over);
        if (!result.saved) {
            std::fprintf(stderr,
                         "planview: %s: not saved: parcel %s was changed by %s at %s (now version %lld, %s%s%s); "
                         "read it again before deciding\n",
                         store.target().c_str(), id.c_str(), result.record.reviewer.c_str(),
                         result.record.reviewed_at.c_str(), static_cast<long long>(result.record.version),
                         geo::status_label(result.record.status), result.record.opinion.empty() ? "" : ", ",
                         result.record.opinion.c_str());
            code = kStale;
            continue;
        }
        std::printf("saved ");
        print_record(result.record);
        std::fflush(stdout); // acknowledged: committed
    }
    return code;
}

int export_records(const geo::ReviewStore& store, const std::string& path)
{
    std::string extension;
    const char* driver = geo::driver_for_output(path, extension);
    if (extension == ".shp" || extension == ".geojson" || extension == ".json")
        throw UsageError("export the review to a .csv, .xlsx or .gpkg file, not '" + path + "'");
    geo::GdalTarget target(path, driver, extension);
    OGRLayer& layer = target.create_layer("parcel_review", nullptr, wkbNone);
    auto field = [&](const char* name, OGRFieldType type) {
        OGRFieldDefn defn(name, type);
        if (layer.CreateField(&defn) != OGRERR_NONE)
            throw geo::file_error(path, "cannot create the column " + std::string(name));
    };
    for (const char* name : {"parcel_id", "status", "opinion", "reviewer", "reviewed_at"})
        field(name, OFTString);
    field("version", OFTInteger64);
    const char* figures[] = {"area", "farmland", "redline", "outside_ucb"};
    for (const char* name : figures) {
        field((std::string(name) + "_m2").c_str(), OFTReal);
        field((std::string(name) + "_mu").c_str(), OFTReal);
    }
    field("conflict", OFTString);
    const auto records = store.records();
    for (const auto& r : records) {
        OGRFeature feature(layer.GetLayerDefn());
        feature.SetField("parcel_id", r.parcel_id.c_str());
        feature.SetField("status", geo::status_label(r.status));
        feature.SetField("opinion", r.opinion.c_str());
        feature.SetField("reviewer", r.reviewer.c_str());
        feature.SetField("reviewed_at", r.reviewed_at.c_str());
        feature.SetField("version", static_cast<GIntBig>(r.version));
        if (r.figures) {
            const double m2[] = {r.figures->area_m2, r.figures->farmland_m2, r.figures->redline_m2,
                                 r.figures->outside_ucb_m2};
            for (std::size_t i = 0; i < 4; ++i) {
                feature.SetField((std::string(figures[i]) + "_m2").c_str(), m2[i]);
                feature.SetField((std::string(figures[i]) + "_mu").c_str(), geo::to_mu(m2[i]));
            }
            feature.SetField("conflict", r.figures->conflict.c_str());
        }
        target.write(layer, feature);
    }
    target.finish();
    std::printf("wrote %s (%zu reviewed parcels)\n", path.c_str(), records.size());
    return 0;
}

int print_history(const geo::ReviewStore& store, const std::string& parcel_id)
{
    const auto changes = store.history(parcel_id);
    for (const auto& c : changes)
        std::printf("%s\t%s\tversion %lld\t%s -> %s\t%s\t%s\n", c.changed_at.c_str(), c.parcel_id.c_str(),
                    static_cast<long long>(c.version), c.from_status.empty() ? "-" : c.from_status.c_str(),
                    c.to_status.c_str(), c.reviewer.c_str(), c.opinion.c_str());
    if (changes.empty())
        std::printf("no review recorded%s\n", parcel_id.empty() ? "" : (" for parcel " + parcel_id).c_str());
    return 0;
}

// One PDF review sheet per parcel (审查意见单) in `out`, each parcel's map drawn from the county
// read around it.
int write_sheets(const Args& args, const geo::ReviewStore& store, const std::string& county, char** argv)
{
    const std::string out = args.required("--out");
    std::error_code error;
    std::filesystem::create_directories(out, error);
    if (error)
        throw geo::file_error(out, "cannot create the folder (" + error.message() + ")");
    std::vector<std::string> ids = split_list(args.required("--sheet"));
    if (ids == std::vector<std::string>{"all"}) { // every reviewed parcel
        ids.clear();
        for (const auto& record : store.records())
            ids.push_back(record.parcel_id);
        if (ids.empty())
            throw geo::file_error(store.target(), "no parcel has been reviewed yet: no sheets to write");
    }
    if (ids.empty())
        throw UsageError("option --sheet needs parcel ids or all");

    // Every id checked before any sheet is written.
    const geo::FeatureTable parcels = geo::load_review_parcels(county);
    const auto id_field = geo::find_field(parcels.field_names(), geo::FieldRole::ParcelId);
    const auto id_index = id_field ? parcels.field_index(id_field->name) : std::nullopt;
    if (!id_index)
        throw geo::file_error(county, "the parcels have no parcel id field (parcel_id, DKBH, …)");
    std::set<std::string, std::less<>> known;
    for (std::size_t row = 0; row < parcels.size(); ++row)
        known.emplace(parcels.value(row, *id_index));
    for (const auto& id : ids)
        if (!known.contains(id))
            throw geo::file_error(county, "no parcel '" + id + "'");

    prepare_offscreen_qt();
    int qt_argc = 1;
    QGuiApplication app(qt_argc, argv);
    const geo::SourceReview review = geo::source_review(county);
    for (const auto& id : ids) { // each read around its parcel alone: a county of any size
        const auto sheet = briefing::review_sheet_from_source(review, id, store.record(id));
        const std::string path = (std::filesystem::path(out) / (geo::safe_file_stem(id) + ".pdf")).string();
        if (!briefing::write_review_sheet(sheet, QString::fromStdString(path)))
            throw geo::file_error(path, "cannot write the PDF");
        std::printf("wrote %s\n", path.c_str());
    }
    return 0;
}

} // namespace

int run_review(int argc, char** argv)
{
    const Args args(argc, argv, 2,
                    {{"--set"},
                     {"--status"},
                     {"--opinion"},
                     {"--reviewer"},
                     {"--expect-version"},
                     {"--review-db"},
                     {"--export"},
                     {"--history", false},
                     {"--show"},
                     {"--sheet"},
                     {"--out"}});
    const auto& positional = args.positional();
    if (positional.empty())
        throw UsageError("missing the county (planview review COUNTY.gpkg --set ID --status 通过)");
    const std::string county = positional.front();
    int actions = 0;
    for (const char* action : {"--set", "--export", "--history", "--show", "--sheet"})
        actions += args.has(action) ? 1 : 0;
    if (actions != 1)
        throw UsageError("give one of --set, --export, --history, --show and --sheet");
    if (args.has("--out") != args.has("--sheet"))
        throw UsageError("--sheet IDS|all and --out DIR go together");
    if (positional.size() > (args.has("--history") ? 2U : 1U))
        throw UsageError("unexpected argument '" + positional.back() + "'");
    for (const char* flag : {"--status", "--opinion", "--reviewer", "--expect-version"})
        if (args.has(flag) && !args.has("--set"))
            throw UsageError(std::string("option ") + flag + " goes with --set");

    geo::ReviewStore store(args.value_or("--review-db", county));
    if (args.has("--set"))
        return set_status(args, store, county);
    if (auto path = args.value("--export"))
        return export_records(store, *path);
    if (args.has("--sheet"))
        return write_sheets(args, store, county, argv);
    if (auto id = args.value("--show")) {
        const auto record = store.record(*id);
        if (!record) {
            std::printf("%s: %s (never reviewed)\n", id->c_str(), geo::status_label(geo::ReviewStatus::Pending));
            return 0;
        }
        print_record(*record);
        return 0;
    }
    return print_history(store, positional.size() > 1 ? positional[1] : std::string());
}

} // namespace cli
