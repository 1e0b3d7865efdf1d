#include "geo/ledger_loader.h"

#include <algorithm>
#include <set>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/feature_table.h"
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

// The layers the targets name and the overlays the county has.
std::set<std::string> layers_wanted(const VectorSource& source, const TargetsFile& targets)
{
    std::set<std::string> wanted;
    for (const auto& t : targets.targets)
        wanted.insert(t.layer);
    for (const char* overlay : {"farmland", "eco_redline", "urban_boundary"})
        if (source.dataset().GetLayerByName(overlay) != nullptr)
            wanted.insert(overlay);
    return wanted;
}

} // namespace

std::size_t ledger_features(const std::string& county_path, const TargetsFile& targets)
{
    VectorSource source = VectorSource::open(county_path);
    std::size_t features = 0;
    for (const auto& name : layers_wanted(source, targets))
        if (OGRLayer* layer = source.dataset().GetLayerByName(name.c_str()))
            features += static_cast<std::size_t>(std::max<GIntBig>(0, layer->GetFeatureCount(TRUE)));
    return features;
}

std::unique_ptr<LedgerData> load_ledger(const std::string& county_path, const TargetsFile& targets,
                                        const std::atomic<bool>* cancel)
{
    auto data = std::make_unique<LedgerData>();
    VectorSource source = VectorSource::open(county_path);
    const std::set<std::string> wanted = layers_wanted(source, targets);
    FeatureTable::LoadOptions options;
    options.cancel = cancel;
    SrsPtr working;
    for (const auto& name : wanted) {
        OGRLayer* layer = source.dataset().GetLayerByName(name.c_str());
        if (layer == nullptr)
            continue; // the Ledger names the target and line that asks for it
        SrsPtr srs = layer_crs(source, *layer);
        if (!working)
            working = working_crs_for_layer(source, *layer, *srs);
        auto table = std::make_shared<FeatureTable>(FeatureTable::load(source, *layer, *srs, *working, options));
        data->layers[name] = {table, county_path, name};
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
