#include "geo/ledger_loader.h"

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_set>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/feature_table.h"
#include "geo/layer_reader.h"
#include "geo/roles.h"
#include "geo/vector_source.h"

namespace geo {

std::unique_ptr<OverlayLayer> overlay_from(const FeatureTable& table, int workers)
{
    std::vector<const GEOSGeometry*> geometries;
    for (std::size_t row = 0; row < table.size(); ++row)
        geometries.push_back(table.geometry(row));
    return std::make_unique<OverlayLayer>(table.name(), geometries, workers);
}

namespace {

constexpr const char* kOverlays[] = {"farmland", "eco_redline", "urban_boundary"};

bool is_overlay(const std::string& layer)
{
    return std::find(std::begin(kOverlays), std::end(kOverlays), layer) != std::end(kOverlays);
}

// The layers the targets name and the overlays the county has.
std::set<std::string> layers_wanted(const VectorSource& source, const TargetsFile& targets)
{
    std::set<std::string> wanted;
    for (const auto& t : targets.targets)
        wanted.insert(t.layer);
    for (const char* overlay : kOverlays)
        if (source.dataset().GetLayerByName(overlay) != nullptr)
            wanted.insert(overlay);
    return wanted;
}

// The attributes a ledger reads: a feature's id (Ledger's and the plan's id field), and its
// town and land-use class (the targets dock's breakdowns). Filters are evaluated by GDAL on
// the source, so their fields need not be held: 8 fields a parcel were a third of its memory.
std::vector<std::string> ledger_fields()
{
    std::vector<std::string> fields = {"parcel_id", "name", "id", "town", "land_use_code"};
    for (const auto role : {FieldRole::ParcelId, FieldRole::Name, FieldRole::Town, FieldRole::LandUseCode})
        for (auto& name : known_field_names(role))
            fields.push_back(std::move(name));
    return fields;
}

// The features of a target layer whose geometry the ledger needs at once: those its targets'
// filters count, whose conflicts the figures flag (each filter's FIDs kept in `matched` for the
// Ledger). Null: every feature's (a target counts the whole layer, or its filter is wrong and the
// Ledger will say so).
std::shared_ptr<std::unordered_set<std::int64_t>>
counted_features(OGRLayer& layer, const TargetsFile& targets, std::map<std::string, std::vector<std::int64_t>>& matched)
{
    auto counted = std::make_shared<std::unordered_set<std::int64_t>>();
    for (const Target& target : targets.targets) {
        if (target.layer != layer.GetName())
            continue;
        if (target.filter.empty())
            return nullptr;
        auto known = matched.find(target.filter);
        try {
            if (known == matched.end())
                known = matched.emplace(target.filter, fids_matching(layer, target.filter)).first;
        } catch (const Error&) {
            return nullptr;
        }
        counted->insert(known->second.begin(), known->second.end());
    }
    return counted;
}

// Reads one feature's geometry again, for a parcel a plan adds: the source opened on first use.
class GeometryReader {
public:
    GeometryReader(std::string path, std::string layer, SrsPtr working)
        : path_(std::move(path)), layer_name_(std::move(layer)), working_(std::move(working))
    {}

    GeomPtr operator()(std::int64_t fid)
    {
        if (!reader_) {
            source_.emplace(VectorSource::open(path_));
            OGRLayer& layer = source_->layer(layer_name_);
            reader_.emplace(*source_, layer, *layer_crs(*source_, layer), working_.get());
        }
        const FeaturePtr feature = reader_->feature_in_target_crs(fid);
        const OGRGeometry* geometry = feature ? feature->GetGeometryRef() : nullptr;
        return geometry == nullptr || geometry->IsEmpty() ? nullptr : FeatureTable::valid_geometry(*geometry);
    }

private:
    std::string path_, layer_name_;
    SrsPtr working_;
    std::optional<VectorSource> source_;
    std::optional<LayerReader> reader_; // reads source_'s layer: goes before it
};

} // namespace

LedgerSize ledger_size(const std::string& county_path, const TargetsFile& targets)
{
    VectorSource source = VectorSource::open(county_path);
    LedgerSize size;
    for (const auto& name : layers_wanted(source, targets))
        if (OGRLayer* layer = source.dataset().GetLayerByName(name.c_str())) {
            const auto features = static_cast<std::size_t>(std::max<GIntBig>(0, layer->GetFeatureCount(TRUE)));
            size.features += features;
            size.bytes += features * (is_overlay(name) ? kLedgerBytesPerOverlayFeature : kLedgerBytesPerFeature);
        }
    return size;
}

std::unique_ptr<LedgerData> load_ledger(const std::string& county_path, const TargetsFile& targets,
                                        const std::atomic<bool>* cancel)
{
    auto data = std::make_unique<LedgerData>();
    VectorSource source = VectorSource::open(county_path);
    const std::set<std::string> wanted = layers_wanted(source, targets);
    FeatureTable::LoadOptions options;
    options.cancel = cancel;
    options.only_fields = ledger_fields();
    SrsPtr working;
    for (const auto& name : wanted) {
        OGRLayer* layer = source.dataset().GetLayerByName(name.c_str());
        if (layer == nullptr)
            continue; // the Ledger names the target and line that asks for it
        SrsPtr srs = layer_crs(source, *layer);
        if (!working)
            working = working_crs_for_layer(source, *layer, *srs);
        // The overlays' every geometry is needed; a target layer's, only what its targets count.
        FeatureTable::LoadOptions layer_options = options;
        std::map<std::string, std::vector<std::int64_t>> matched;
        if (auto counted = is_overlay(name) ? nullptr : counted_features(*layer, targets, matched))
            layer_options.keep_geometry = [counted](std::int64_t fid) { return counted->contains(fid); };
        auto table = std::make_shared<FeatureTable>(FeatureTable::load(source, *layer, *srs, *working, layer_options));
        Ledger::Layer& held = data->layers[name];
        held = {table, county_path, name, {}, std::move(matched)};
        if (layer_options.keep_geometry)
            held.read_geometry = [reader =
                                      std::make_shared<GeometryReader>(county_path, name, SrsPtr(working->Clone()))](
                                     std::int64_t fid) { return (*reader)(fid); };
    }
    if (cancel != nullptr && cancel->load())
        throw Error("cancelled");
    auto overlay = [&](const char* name) -> std::unique_ptr<OverlayLayer> {
        auto it = data->layers.find(name);
        return it == data->layers.end() ? nullptr : overlay_from(*it->second.table);
    };
    data->farmland = overlay("farmland");
    data->redline = overlay("eco_redline");
    data->ucb = overlay("urban_boundary");
    if (data->farmland && data->redline && data->ucb)
        data->overlays.emplace(Overlays{*data->farmland, *data->redline, *data->ucb});
    data->ledger = std::make_unique<Ledger>(targets, data->layers, data->overlays ? &*data->overlays : nullptr);
    return data;
}

} // namespace geo
