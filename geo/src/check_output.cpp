#include "geo/check_output.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "geo/error.h"
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
};

// The per-parcel fields, in the order the users read them.
void create_result_fields(OGRLayer& layer, const std::string& path)
{
    const std::pair<const char*, OGRFieldType> fields[] = {
        {"parcel_id", OFTString},     {"area_m2", OFTReal},        {"farmland_m2", OFTReal},
        {"farmland_mu", OFTReal},     {"redline_m2", OFTReal},     {"redline_mu", OFTReal},
        {"outside_ucb_m2", OFTReal},  {"outside_ucb_mu", OFTReal}, {"conflict", OFTString},
        {"repaired", OFTInteger}};
    for (const auto& [name, type] : fields) {
        OGRFieldDefn definition(name, type);
        if (layer.CreateField(&definition) != OGRERR_NONE)
            throw file_error(path, std::string("cannot create field ") + name);
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
}

Row row_of(const ParcelCheck& p)
{
    return {p.parcel_id, p.area_m2, p.farmland_m2, p.redline_m2, p.outside_ucb_m2, p.conflict, p.repaired ? 1 : 0};
}

// Owns the temporary dataset and its move into place.
class GdalTarget {
public:
    GdalTarget(const std::string& path, const char* driver_name, const std::string& extension)
        : final_path_(path),
          partial_path_(path.substr(0, path.size() - extension.size()) + ".partial" + extension)
    {
        ensure_gdal_registered();
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
        if (driver == nullptr)
            throw Error(std::string("GDAL has no ") + driver_name + " driver");
        std::error_code ec;
        std::filesystem::remove(partial_path_, ec);
        CPLErrorReset();
        dataset_.reset(driver->Create(partial_path_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!dataset_)
            throw file_error(final_path_, "cannot create (" + last_gdal_error("permission denied?") + ")");
    }
    ~GdalTarget()
    {
        if (dataset_) { // not finished: an error or a cancel; leave the old result alone
            dataset_.reset();
            std::error_code ec;
            std::filesystem::remove(partial_path_, ec);
        }
    }
    GdalTarget(const GdalTarget&) = delete;
    GdalTarget& operator=(const GdalTarget&) = delete;

    GDALDataset& dataset() { return *dataset_; }
    const std::string& path() const { return final_path_; }

    OGRLayer& create_layer(const char* name, const OGRSpatialReference* srs, OGRwkbGeometryType type,
                           const char* const* options = nullptr)
    {
        OGRLayer* layer = dataset_->CreateLayer(name, const_cast<OGRSpatialReference*>(srs), type,
                                                const_cast<char**>(options));
        if (layer == nullptr)
            throw file_error(final_path_, std::string("cannot create layer ") + name + ": " + last_gdal_error(""));
        return *layer;
    }

    void write(OGRLayer& layer, OGRFeature& feature)
    {
        if (layer.CreateFeature(&feature) != OGRERR_NONE)
            throw file_error(final_path_, "write failed: " + last_gdal_error("disk full?"));
    }

    void finish()
    {
        CPLErrorReset();
        dataset_.reset(); // closes and flushes
        if (CPLGetLastErrorType() >= CE_Failure)
            throw file_error(final_path_, "write failed: " + last_gdal_error("disk full?"));
        std::error_code ec;
        std::filesystem::rename(partial_path_, final_path_, ec);
        if (ec)
            throw file_error(final_path_, "cannot move the result into place: " + ec.message());
    }

private:
    std::string final_path_;
    std::string partial_path_;
    DatasetPtr dataset_;
};

class CsvWriter final : public CheckWriter {
public:
    explicit CsvWriter(const std::string& path) : target_(path, "CSV", ".csv") {}
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
        const char* options[] = {"STRING_QUOTING=IF_NEEDED", nullptr};
        OGRLayer& layer = target_.create_layer(kResultLayer, nullptr, wkbNone, options);
        create_result_fields(layer, target_.path());
        for (const auto& row : rows_) {
            FeaturePtr feature(new OGRFeature(layer.GetLayerDefn()));
            fill(*feature, row);
            target_.write(layer, *feature);
        }
        target_.finish();
    }

private:
    GdalTarget target_;
    std::vector<Row> rows_;
};

// GeoJSON and GeoPackage: parcels written as they come, with their geometry.
class MapWriter final : public CheckWriter {
public:
    MapWriter(const std::string& path, const char* driver, const std::string& extension,
              const OGRSpatialReference& working, bool with_overlaps)
        : target_(path, driver, extension)
    {
        results_ = &target_.create_layer(kResultLayer, &working, wkbMultiPolygon);
        create_result_fields(*results_, path);
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
        target_.finish();
    }

private:
    static OGRGeometry* to_multipolygon(const GEOSGeometry& geometry)
    {
        OGRGeometry* ogr =
            OGRGeometryFactory::createFromGEOS(geos_context(), const_cast<GEOSGeometry*>(&geometry));
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

bool ends_with(const std::string& text, const std::string& suffix)
{
    if (text.size() < suffix.size())
        return false;
    return std::equal(suffix.rbegin(), suffix.rend(), text.rbegin(),
                      [](char a, char b) { return std::tolower(a) == std::tolower(b); });
}

} // namespace

std::unique_ptr<CheckWriter> CheckWriter::create(const std::string& path, const OGRSpatialReference& working)
{
    if (ends_with(path, ".csv"))
        return std::make_unique<CsvWriter>(path);
    if (ends_with(path, ".geojson") || ends_with(path, ".json"))
        return std::make_unique<MapWriter>(path, "GeoJSON", ends_with(path, ".json") ? ".json" : ".geojson",
                                           working, false);
    if (ends_with(path, ".gpkg"))
        return std::make_unique<MapWriter>(path, "GPKG", ".gpkg", working, true);
    throw file_error(path, "unknown output type: use a .csv, .geojson or .gpkg file name");
}

} // namespace geo
