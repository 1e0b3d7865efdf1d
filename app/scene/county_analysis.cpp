#include "county_analysis.h"

#include <filesystem>
#include <map>

#include "geo/feature_table.h"
#include "geo/ledger_loader.h"
#include "geo/vector_source.h"

namespace scene {
namespace {

std::unique_ptr<geo::OverlayLayer> overlay_of(const LoadedCounty& county, const std::string& name)
{
    for (const auto& layer : county.layers)
        if (layer.table->name() == name)
            return geo::overlay_from(*layer.table);
    return nullptr;
}

} // namespace

std::unique_ptr<CountyAnalysis> analyse_county(const LoadedCounty& county, const std::function<void(double)>& progress,
                                               const std::atomic<bool>* cancel)
{
    auto cancelled = [&] { return cancel != nullptr && cancel->load(); };
    auto report = [&](double fraction) {
        if (progress)
            progress(fraction);
    };
    auto analysis = std::make_unique<CountyAnalysis>();
    for (std::size_t i = 0; i < county.layers.size(); ++i) {
        if (cancelled())
            return nullptr;
        county.layers[i].table->build_index();
        report(0.6 * static_cast<double>(i + 1) / static_cast<double>(county.layers.size()));
    }
    analysis->farmland = overlay_of(county, "farmland");
    analysis->redline = overlay_of(county, "eco_redline");
    analysis->ucb = overlay_of(county, "urban_boundary");
    if (analysis->farmland && analysis->redline && analysis->ucb)
        analysis->overlays.emplace(geo::Overlays{*analysis->farmland, *analysis->redline, *analysis->ucb});
    report(0.8);
    if (cancelled())
        return nullptr;
    // The work report's targets, when a targets.toml lies beside the data.
    const std::string gpkg = geo::parse_source_spec(county.sources.front()).path;
    const auto targets_path = std::filesystem::path(gpkg).parent_path() / "targets.toml";
    if (std::filesystem::exists(targets_path)) {
        analysis->targets = geo::load_targets(targets_path.string());
        std::map<std::string, geo::Ledger::Layer> tables;
        for (const auto& layer : county.layers)
            tables[layer.table->name()] = {layer.table, gpkg, layer.table->name()};
        analysis->ledger = std::make_unique<geo::Ledger>(*analysis->targets, tables,
                                                         analysis->overlays ? &*analysis->overlays : nullptr);
    }
    report(1.0);
    return analysis;
}

} // namespace scene
