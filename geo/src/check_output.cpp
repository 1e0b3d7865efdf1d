#include "geo/check_output.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include "geo/error.h"
#include "geo/gdal_target.h"
#include "geo/qgis_style.h"
#include "geo/staging.h"
#include "geo/three_zones.h"
#include "geo/units.h"

namespace geo {
namespace {

constexpr const char* kResultLayer = "parcel_check";
constexpr const char* kOverlapLayer = "conflict_overlaps";
constexpr long kRowsPerTransaction = 20000;

struct Row {
    std::string parcel_id;
    double area_m2, farmland_m2, redline_m2, outside_ucb_m2;
    std::string conflict;
    int repaired;
    std::optional<std::array<double, 3>> zone_m2;
};

// The per-parcel fields, in the order the users read them.
void create_result_fields(OGRLayer& layer, const std::string& path, bool with_zones)
{
    const std::pair<const char*, OGRFieldType> fields[] = {
        {"parcel_id", OFTString}, {"area_m2", OFTReal},    {"farmland_m2", OFTReal},    {"farmland_mu", OFTReal},
        {"redline_m2", OFTReal},  {"redline_mu", OFTReal}, {"outside_ucb_m2", OFTReal}, {"outside_ucb_mu", OFTReal},
        {"conflict", OFTString},  {"repaired", OFTInteger}};
    for (const auto& [name, type] : fields) {
        OGRFieldDefn definition(name, type);
        if (layer.CreateField(&definition) != OGRERR_NONE)
            throw file_error(path, std::string("cannot create field ") + name);
    }
    for (const char* zone : with_zones ? kZoneColumns : std::array<const char*, 3>{}) {
        if (zone == nullptr)
            continue;
        for (const char* unit : {"_m2", "_mu"}) {
            OGRFieldDefn definition((std::string(zone) + unit).c_str(), OFTReal);
            if (layer.CreateField(&definition) != OGRERR_NONE)
                throw file_error(path, std::string("cannot create field ") + zone + unit);
        }
    }
}

void fill(OGRFeature& feature, const Row& row)
{
    feature.SetField("parcel_id", row.parcel_id.c_str());
    feature.SetField("area_m2", row.area_m2);
    feature.SetField("farmland_m2", row.farmland_m2);
    feature.SetField("farmland_mu", to_mu(row.farmland_m2));
    feature.SetField("redline_m2", row.redline_m2);
    feature.SetField("redline_mu", to_mu(row.redline_m2));
    feature.SetField("outside_ucb_m2", row.outside_ucb_m2);
    feature.SetField("outside_ucb_mu", to_mu(row.outside_ucb_m2));
    feature.SetField("conflict", row.conflict.c_str());
    feature.SetField("repaired", row.repaired);
    if (row.zone_m2 && feature.GetFieldIndex("agri_space_m2") >= 0)
        for (std::size_t z = 0; z < kZoneColumns.size(); ++z) {
            feature.SetField((std::string(kZoneColumns[z]) + "_m2").c_str(), (*row.zone_m2)[z]);
            feature.SetField((std::string(kZoneColumns[z]) + "_mu").c_str(), to_mu((*row.zone_m2)[z]));
        }
}

Row row_of(const ParcelCheck& p)
{
    return {p.parcel_id,      p.area_m2,  p.farmland_m2,      p.redline_m2,
            p.outside_ucb_m2, p.conflict, p.repaired ? 1 : 0, p.zone_m2};
}

// CSV is written directly rather than through GDAL's CSV driver: it is a plain table with no
// geometry, and the driver's per-field printf formatting took most of a 1M-parcel check.
// Numbers use std::to_chars (shortest form that reads back to the same double).
class CsvWriter final : public CheckWriter {
public:
    CsvWriter(const std::string& path, bool with_zones)
        : path_(path), staging_(path), partial_path_(staging_.path_for("result.csv")), with_zones_(with_zones)
    {
        out_ = std::fopen(partial_path_.c_str(), "wb");
        if (out_ == nullptr)
            throw file_error(path_, std::string("cannot create (") + std::strerror(errno) + ")");
    }
    ~CsvWriter() override
    {
        if (out_ != nullptr) // not finished: any earlier result stays, the staging folder goes
            std::fclose(out_);
    }
    bool wants_geometry() const override { return false; }
    void add(std::vector<ParcelCheck>& batch) override
    {
        for (const auto& parcel : batch)
            rows_.push_back(row_of(parcel));
    }
    void finish() override
    {
        std::stable_sort(rows_.begin(), rows_.end(),
                         [](const Row& a, const Row& b) { return a.parcel_id < b.parcel_id; });
        std::string text = "parcel_id,area_m2,farmland_m2,farmland_mu,redline_m2,redline_mu,outside_ucb_m2,"
                           "outside_ucb_mu,conflict,repaired";
        if (with_zones_)
            for (const char* zone : kZoneColumns)
                text += std::string(",") + zone + "_m2," + zone + "_mu";
        text += '\n';
        text.reserve(rows_.size() * 160);
        for (const auto& row : rows_) {
            append_text(text, row.parcel_id);
            for (double v : {row.area_m2, row.farmland_m2, to_mu(row.farmland_m2), row.redline_m2,
                             to_mu(row.redline_m2), row.outside_ucb_m2, to_mu(row.outside_ucb_m2)}) {
                text += ',';
                append_number(text, v);
            }
            text += ',';
            append_text(text, row.conflict);
            text += row.repaired ? ",1" : ",0";
            if (with_zones_)
                for (std::size_t z = 0; z < kZoneColumns.size(); ++z) {
                    const double m2 = row.zone_m2 ? (*row.zone_m2)[z] : 0.0;
                    text += ',';
                    append_number(text, m2);
                    text += ',';
                    append_number(text, to_mu(m2));
                }
            text += '\n';
        }
        const bool written = std::fwrite(text.data(), 1, text.size(), out_) == text.size();
        const bool closed = std::fclose(out_) == 0;
        out_ = nullptr;
        if (!written || !closed)
            throw file_error(path_, "write failed (disk full?)");
        StagingDir::move_into_place(partial_path_, path_);
    }

private:
    static void append_number(std::string& text, double value)
    {
        char buffer[32];
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
        text.append(buffer, end);
    }
    // RFC 4180: quote a field holding a comma, quote, or line break; double inner quotes.
    static void append_text(std::string& text, const std::string& value)
    {
        if (value.find_first_of(",\"\r\n") == std::string::npos) {
            text += value;
            return;
        }
        text += '"';
        for (char c : value) {
            if (c == '"')
                text += '"';
            text += c;
        }
        text += '"';
    }

    std::string path_;
    StagingDir staging_;
    std::string partial_path_;
    std::FILE* out_ = nullptr;
    std::vector<Row> rows_;
    bool with_zones_;
};

// GeoJSON and GeoPackage: parcels written as they come, with their geometry.
class MapWriter final : public CheckWriter {
public:
    MapWriter(const std::string& path, const char* driver, const std::string& extension,
              const OGRSpatialReference& working, bool with_overlaps, bool with_zones)
        : target_(path, driver, extension)
    {
        results_ = &target_.create_layer(kResultLayer, &working, wkbMultiPolygon);
        create_result_fields(*results_, path, with_zones);
        if (with_overlaps) {
            overlaps_ = &target_.create_layer(kOverlapLayer, &working, wkbMultiPolygon);
            const std::pair<const char*, OGRFieldType> fields[] = {
                {"parcel_id", OFTString}, {"kind", OFTString}, {"area_m2", OFTReal}, {"area_mu", OFTReal}};
            for (const auto& [name, type] : fields) {
                OGRFieldDefn definition(name, type);
                overlaps_->CreateField(&definition);
            }
        }
        transactions_ = target_.dataset().TestCapability(ODsCTransactions) == TRUE;
        if (transactions_)
            target_.dataset().StartTransaction();
    }
    bool wants_geometry() const override { return true; }

    void add(std::vector<ParcelCheck>& batch) override
    {
        for (auto& parcel : batch) {
            FeaturePtr feature(new OGRFeature(results_->GetLayerDefn()));
            fill(*feature, row_of(parcel));
            if (parcel.geometry)
                feature->SetGeometryDirectly(to_multipolygon(*parcel.geometry));
            target_.write(*results_, *feature);
            if (overlaps_ != nullptr)
                for (const auto& [kind, piece] : parcel.overlaps) {
                    FeaturePtr overlap(new OGRFeature(overlaps_->GetLayerDefn()));
                    const double piece_area = area(*piece);
                    overlap->SetField("parcel_id", parcel.parcel_id.c_str());
                    overlap->SetField("kind", kind.c_str());
                    overlap->SetField("area_m2", piece_area);
                    overlap->SetField("area_mu", to_mu(piece_area));
                    overlap->SetGeometryDirectly(to_multipolygon(*piece));
                    target_.write(*overlaps_, *overlap);
                }
            if (transactions_ && ++pending_ % kRowsPerTransaction == 0) {
                target_.dataset().CommitTransaction();
                target_.dataset().StartTransaction();
            }
            // Geometries are not needed any more: free them now, batch by batch.
            parcel.geometry.reset();
            parcel.overlaps.clear();
        }
    }

    void finish() override
    {
        if (transactions_ && target_.dataset().CommitTransaction() != OGRERR_NONE)
            throw file_error(target_.path(), "write failed: " + last_gdal_error("disk full?"));
        if (overlaps_ != nullptr) // a GeoPackage: QGIS opens it styled
            save_styles();
        target_.finish();
    }

private:
    // Parcels by their worst conflict (red line, farmland, outside the boundary, none) and the
    // overlap pieces by kind, in the colours the viewer uses.
    void save_styles()
    {
        const QmlFill none{{170, 210, 170, 200}}, farmland{{250, 220, 60, 230}}, redline{{230, 40, 40, 230}},
            outside{{150, 40, 200, 200}};
        const std::vector<QmlClass> parcels = {{"redline", "占用生态保护红线 on the red line", redline},
                                               {"farmland", "占用永久基本农田 on farmland", farmland},
                                               {"outside_ucb", "城镇开发边界外 outside the boundary", outside},
                                               {"none", "无冲突 no conflict", none}};
        const std::string worst = "CASE WHEN \"conflict\" LIKE '%redline%' THEN 'redline' "
                                  "WHEN \"conflict\" LIKE '%farmland%' THEN 'farmland' "
                                  "WHEN \"conflict\" LIKE '%outside_ucb%' THEN 'outside_ucb' ELSE 'none' END";
        const char* geometry = results_->GetGeometryColumn();
        save_qgis_style(target_.dataset(), kResultLayer, geometry, "PlanView conflicts",
                        categorised_fill_qml(worst, parcels));
        const std::vector<QmlClass> pieces(parcels.begin(), parcels.begin() + 3);
        save_qgis_style(target_.dataset(), kOverlapLayer, overlaps_->GetGeometryColumn(), "PlanView overlaps",
                        categorised_fill_qml("kind", pieces));
    }

    static OGRGeometry* to_multipolygon(const GEOSGeometry& geometry)
    {
        OGRGeometry* ogr = OGRGeometryFactory::createFromGEOS(geos_context(), const_cast<GEOSGeometry*>(&geometry));
        if (ogr == nullptr)
            throw Error("cannot convert a result geometry");
        return OGRGeometryFactory::forceToMultiPolygon(ogr);
    }

    GdalTarget target_;
    OGRLayer* results_ = nullptr;
    OGRLayer* overlaps_ = nullptr;
    bool transactions_ = false;
    long pending_ = 0;
};

} // namespace

std::unique_ptr<CheckWriter> CheckWriter::create(const std::string& path, const OGRSpatialReference& working,
                                                 bool with_zones)
{
    std::string extension;
    const std::string driver = driver_for_output(path, extension);
    if (driver == "CSV")
        return std::make_unique<CsvWriter>(path, with_zones);
    if (driver == "GeoJSON")
        return std::make_unique<MapWriter>(path, "GeoJSON", extension, working, false, with_zones);
    if (driver == "GPKG")
        return std::make_unique<MapWriter>(path, "GPKG", extension, working, true, with_zones);
    throw file_error(path, "unknown output type for the check: use a .csv, .geojson or .gpkg file name");
}

} // namespace geo
