#include "county_analysis.h"

#include <filesystem>
#include <map>

#include "geo/feature_table.h"
#include "geo/ledger_loader.h"
#include "geo/roles.h"
#include "geo/vector_source.h"

namespace scene {
namespace {

std::unique_ptr<geo::OverlayLayer> overlay_of(const CountyAnalysis& analysis, const std::string& name)
{
    for (const auto& table : analysis.tables)
        if (geo::standard_name_of(table->name()) == name) // a delivery's YJJBNT is the farmland
            return geo::overlay_from(*table, 1 + CountyAnalysis::kBackgroundWorkers);
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
    const double layers = static_cast<double>(county.layers.size());
    for (std::size_t i = 0; i < county.layers.size(); ++i) {
        const LoadedLayer& layer = county.layers[i];
        if (!county.attributes_pending) {
            analysis->tables.push_back(layer.table);
            continue;
        }
        // Another GDAL handle: this runs beside the GUI thread, which may use the first.
        const geo::VectorSource source = geo::VectorSource::open(layer.source_path);
        geo::FeatureTable::LoadOptions options;
        options.cancel = cancel;
        options.progress = [&](double f) { report(0.5 * (static_cast<double>(i) + f) / layers); };
        analysis->tables.push_back(std::make_shared<const geo::FeatureTable>(
            layer.table->with_fields(source, source.layer(layer.table->name()), options)));
    }
    for (std::size_t i = 0; i < analysis->tables.size(); ++i) {
        if (cancelled())
            return nullptr;
        analysis->tables[i]->build_index();
        report(0.5 + 0.3 * static_cast<double>(i + 1) / layers);
    }
    analysis->farmland = overlay_of(*analysis, "farmland");
    analysis->redline = overlay_of(*analysis, "eco_redline");
    analysis->ucb = overlay_of(*analysis, "urban_boundary");
    if (analysis->farmland && analysis->redline && analysis->ucb)
        analysis->overlays.emplace(geo::Overlays{*analysis->farmland, *analysis->redline, *analysis->ucb});
    report(0.9);
    if (cancelled())
        return nullptr;
    // The work report's targets (a project's, or a targets.toml beside the data).
    const std::string gpkg = geo::parse_source_spec(county.sources.front()).path;
    if (!county.targets_path.empty()) {
        analysis->targets = geo::load_targets(county.targets_path);
        std::map<std::string, geo::Ledger::Layer> tables;
        for (const auto& table : analysis->tables)
            tables[table->name()] = {table, gpkg, table->name(), {}, {}};
        analysis->ledger = std::make_unique<geo::Ledger>(*analysis->targets, tables,
                                                         analysis->overlays ? &*analysis->overlays : nullptr);
    }
    report(1.0);
    return analysis;
}

} // namespace scene
