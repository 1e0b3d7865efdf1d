#include "source_pick.h"

#include <ogrsf_frmts.h>

#include "county_scene.h"
#include "geo/crs.h"
#include "geo/feature_table.h"
#include "geo/geos.h"
#include "geo/vector_source.h"

namespace scene {

std::optional<PickedFeature> pick_from_sources(const LayersToShow& layers, const std::vector<LayerStyle>& styles,
                                               double x, double y, double tolerance)
{
    OGREnvelope around;
    around.MinX = x - tolerance;
    around.MinY = y - tolerance;
    around.MaxX = x + tolerance;
    around.MaxY = y + tolerance;
    for (std::size_t i = layers.layers.size(); i-- > 0;) { // topmost first
        const LayerToShow& l = layers.layers[i];
        if (i >= styles.size() || !styles[i].pickable)
            continue;
        const geo::SpatialFilterCleared cleared(*l.layer);
        if (!geo::read_only_within(*l.layer, *l.srs, around, *layers.working))
            continue;     // the click cannot be carried into the layer's CRS: nothing of it there
        SceneLayer probe; // picked by the rules of a meshed layer
        probe.style = styles[i];
        probe.table = std::make_shared<const geo::FeatureTable>(
            geo::FeatureTable::load(*l.source, *l.layer, *l.srs, *layers.working, {}));
        if (const auto rows = rows_under(probe, x, y, tolerance); !rows.empty())
            return PickedFeature{probe.table, rows.front()};
    }
    return std::nullopt;
}

std::optional<PickedFeature> feature_from_source(const LayersToShow& layers, std::size_t index, std::int64_t fid)
{
    const LayerToShow& l = layers.layers.at(index);
    const geo::FeaturePtr feature{l.layer->GetFeature(fid)};
    if (!feature || feature->GetGeometryRef() == nullptr || feature->GetGeometryRef()->IsEmpty())
        return std::nullopt;
    OGREnvelope e;
    feature->GetGeometryRef()->getEnvelope(&e);
    const geo::SpatialFilterCleared cleared(*l.layer);
    l.layer->SetSpatialFilterRect(e.MinX, e.MinY, e.MaxX, e.MaxY); // in the layer's own CRS
    auto table = std::make_shared<const geo::FeatureTable>(
        geo::FeatureTable::load(*l.source, *l.layer, *l.srs, *layers.working, {}));
    const std::vector<std::size_t> rows = table->rows_of({fid});
    if (rows.empty())
        return std::nullopt;
    return PickedFeature{table, rows.front()};
}

std::vector<Ring> outlines_from_source(const LayersToShow& layers, std::size_t index,
                                       const std::vector<std::int64_t>& fids, const std::atomic<bool>* cancel)
{
    const LayerToShow& l = layers.layers.at(index);
    const geo::TransformPtr to_working =
        geo::same_crs(*l.srs, *layers.working) ? nullptr : geo::make_transform(*l.srs, *layers.working);
    std::vector<Ring> rings;
    for (const std::int64_t fid : fids) {
        if (cancel != nullptr && *cancel)
            break;
        const geo::FeaturePtr feature{l.layer->GetFeature(fid)};
        OGRGeometry* geometry = feature ? feature->GetGeometryRef() : nullptr;
        if (geometry == nullptr || geometry->IsEmpty() ||
            (to_working && geometry->transform(to_working.get()) != OGRERR_NONE))
            continue;
        if (const geo::GeomPtr g = geo::to_geos(*geometry))
            for (auto& ring : geo::rings_of(*g))
                rings.push_back(std::move(ring));
    }
    return rings;
}

} // namespace scene
