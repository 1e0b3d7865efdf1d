#include "geo/compliance.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/layer_reader.h"
#include "geo/overlay_layer.h"
#include "geo/parallel.h"
#include "geo/postgis_check.h"
#include "geo/read_ahead.h"
#include "geo/roles.h"
#include "geo/three_zones.h"

namespace geo {
namespace {

// Parcels per batch: enough to keep every worker busy, few enough to bound memory.
constexpr std::size_t kBatchSize = 8192;

struct OpenedLayer {
    std::unique_ptr<VectorSource> source;
    OGRLayer* layer = nullptr;
    SrsPtr srs;
};

OpenedLayer open_role(const LayerRef& ref, LayerRole role, const std::string& assigned_crs)
{
    OpenedLayer opened;
    opened.source = std::make_unique<VectorSource>(VectorSource::open(ref.path));
    opened.layer = &opened.source->layer_for({ref.path, ref.layer}, role);
    opened.srs = layer_crs(*opened.source, *opened.layer, assigned_crs);
    return opened;
}

std::string field_or_empty(const OGRFeature& feature, int index)
{
    return index >= 0 && feature.IsFieldSetAndNotNull(index) ? feature.GetFieldAsString(index) : "";
}

} // namespace

void judge_conflicts(ParcelCheck& parcel, double sliver_m2)
{
    // Below a square millimetre an overlap is the overlay's rounding (a parcel inside the urban
    // boundary measured as the sum of its pieces), neither a conflict nor a sliver.
    constexpr double kRoundingM2 = 1e-6;
    auto judge = [&](double overlap, const char* kind) {
        if (overlap <= kRoundingM2)
            return;
        if (overlap < sliver_m2) {
            parcel.has_sliver = true;
            return;
        }
        if (!parcel.conflict.empty())
            parcel.conflict += ';';
        parcel.conflict += kind;
    };
    judge(parcel.farmland_m2, "farmland");
    judge(parcel.redline_m2, "redline");
    judge(parcel.outside_ucb_m2, "outside_ucb");
}

void check_parcel(ParcelCheck& parcel, GeomPtr geometry, const Overlays& overlays, const CheckOptions& options,
                  int worker, const ThreeZones* zones)
{
    geometry = valid_polygonal(std::move(geometry), &parcel.repaired);
    parcel.area_m2 = area(*geometry);
    if (zones != nullptr)
        parcel.zone_m2 = zones->areas(*geometry, parcel.area_m2, worker);
    std::vector<GeomPtr> farmland_pieces, redline_pieces, inside_pieces;
    auto want = [&](std::vector<GeomPtr>& v) { return options.keep_geometry ? &v : nullptr; };
    parcel.farmland_m2 = overlays.farmland.overlap_area(*geometry, parcel.area_m2, worker, want(farmland_pieces));
    parcel.redline_m2 = overlays.redline.overlap_area(*geometry, parcel.area_m2, worker, want(redline_pieces));
    const double inside = overlays.ucb.overlap_area(*geometry, parcel.area_m2, worker, want(inside_pieces));
    parcel.outside_ucb_m2 = std::max(0.0, parcel.area_m2 - inside);

    judge_conflicts(parcel, options.sliver_m2);

    if (options.keep_geometry) {
        for (auto& piece : farmland_pieces)
            parcel.overlaps.emplace_back("farmland", std::move(piece));
        for (auto& piece : redline_pieces)
            parcel.overlaps.emplace_back("redline", std::move(piece));
        if (parcel.outside_ucb_m2 > 0) {
            std::vector<const GEOSGeometry*> inside_raw;
            for (auto& piece : inside_pieces)
                inside_raw.push_back(piece.get());
            GeomPtr outside =
                inside_raw.empty() ? clone(*geometry) : polygonal_part(*difference(*geometry, *union_all(inside_raw)));
            if (!GEOSisEmpty_r(geos_context(), outside.get()))
                parcel.overlaps.emplace_back("outside_ucb", std::move(outside));
        }
        parcel.geometry = std::move(geometry);
    }
}

std::string choose_working_crs(const CheckOptions& options)
{
    if (!options.working_crs.empty()) {
        srs_from_user_text(options.working_crs); // validates
        return options.working_crs;
    }
    OpenedLayer parcels = open_role(options.parcels, LayerRole::Parcels, options.assigned_crs);
    return describe(*working_crs_for_layer(*parcels.source, *parcels.layer, *parcels.srs)).authority_code;
}

namespace {

// The three-zones layer: options.zones's layer, else the one playing the role beside the parcels.
std::optional<OpenedLayer> open_zones(const CheckOptions& options)
{
    if (!options.measure_zones)
        return std::nullopt;
    const LayerRef& ref = options.zones.path.empty() ? LayerRef{options.parcels.path, {}} : options.zones;
    OpenedLayer opened;
    opened.source = std::make_unique<VectorSource>(VectorSource::open(ref.path));
    if (!ref.layer.empty() || !options.zones.path.empty())
        opened.layer = &opened.source->layer_for({ref.path, ref.layer}, LayerRole::ThreeZones);
    else
        opened.layer = find_role_layer(*opened.source, LayerRole::ThreeZones);
    if (opened.layer == nullptr)
        return std::nullopt;
    opened.srs = layer_crs(*opened.source, *opened.layer, options.assigned_crs);
    return opened;
}

} // namespace

bool has_three_zones(const CheckOptions& options)
{
    return open_zones(options).has_value();
}

void SummaryRow::add(const ParcelCheck& parcel)
{
    ++parcels;
    conflicts += parcel.conflict.empty() ? 0 : 1;
    area_m2 += parcel.area_m2;
    farmland_m2 += parcel.farmland_m2;
    redline_m2 += parcel.redline_m2;
    outside_ucb_m2 += parcel.outside_ucb_m2;
}

void SummaryRow::add(const SummaryRow& other)
{
    parcels += other.parcels;
    conflicts += other.conflicts;
    area_m2 += other.area_m2;
    farmland_m2 += other.farmland_m2;
    redline_m2 += other.redline_m2;
    outside_ucb_m2 += other.outside_ucb_m2;
}

void CheckSummary::add(const ParcelCheck& parcel)
{
    total.add(parcel);
    by_town[parcel.town].add(parcel);
    by_land_use[parcel.land_use_code].add(parcel);
    repaired_parcels += parcel.repaired ? 1 : 0;
    slivers += parcel.has_sliver ? 1 : 0;
    if (parcel.zone_m2) {
        auto& sum = zone_m2.emplace(zone_m2.value_or(std::array<double, 3>{}));
        for (std::size_t z = 0; z < sum.size(); ++z)
            sum[z] += (*parcel.zone_m2)[z];
    }
}

CheckSummary run_check(const CheckOptions& options, const CheckCallbacks& callbacks)
{
    // A few parcels' figures (overlays_near_parcels: a review's) are quicker read near them than
    // worth the server's preparing whole overlays.
    if (options.engine == CheckEngine::PostGIS ||
        (options.engine == CheckEngine::Automatic && !options.overlays_near_parcels && all_layers_in_postgis(options)))
        return run_check_in_postgis(options, callbacks);
    if (options.sliver_m2 < 0)
        throw Error("the sliver tolerance must not be negative");
    if (!options.assigned_crs.empty())
        srs_from_user_text(options.assigned_crs);
    const int threads = options.threads > 0 ? options.threads : default_thread_count();
    auto cancelled = [&] { return callbacks.cancel && callbacks.cancel->load(); };
    auto progress = [&](double f) {
        if (callbacks.on_progress)
            callbacks.on_progress(f);
    };

    OpenedLayer parcels = open_role(options.parcels, LayerRole::Parcels, options.assigned_crs);
    SrsPtr working =
        srs_from_user_text(options.working_crs.empty() ? choose_working_crs(options) : options.working_crs);
    if (parcels.layer->GetFeatureCount(FALSE) == 0) // FALSE: only when the driver knows it cheaply
        throw file_error(parcels.source->path(),
                         "layer '" + std::string(parcels.layer->GetName()) + "' is empty (no features)");
    const OGRFeatureDefn& parcel_fields = *parcels.layer->GetLayerDefn();
    const std::optional<FieldMatch> found_id = find_field(parcel_fields, FieldRole::ParcelId);
    const int id_index = options.id_field.empty() ? (found_id ? found_id->index : -1)
                                                  : parcel_fields.GetFieldIndex(options.id_field.c_str());
    if (id_index < 0)
        throw file_error(parcels.source->path(),
                         "layer '" + std::string(parcels.layer->GetName()) + "' has no field '" +
                             (options.id_field.empty() ? "parcel_id" : options.id_field) +
                             "' (nor DKBH or another parcel-id code; name the parcel id column with --id-field)");
    auto index_of = [&](FieldRole role) {
        const std::optional<FieldMatch> match = find_field(parcel_fields, role);
        return match ? match->index : -1;
    };
    const int town_index = index_of(FieldRole::Town);
    const int use_index = index_of(FieldRole::LandUseCode);

    std::optional<OGREnvelope> window;
    if (options.overlays_near_parcels) {
        // The selected parcels' own envelopes: a GeoPackage's GetExtent ignores the filter.
        if (parcels.layer->SetAttributeFilter(options.where.empty() ? nullptr : options.where.c_str()) == OGRERR_NONE) {
            parcels.layer->ResetReading();
            for (FeaturePtr f(parcels.layer->GetNextFeature()); f; f.reset(parcels.layer->GetNextFeature()))
                if (const OGRGeometry* g = f->GetGeometryRef(); g != nullptr && !g->IsEmpty()) {
                    OGREnvelope e;
                    g->getEnvelope(&e);
                    window ? window->Merge(e) : void(window = e);
                }
        }
        parcels.layer->SetAttributeFilter(nullptr); // the reader sets its own
        parcels.layer->ResetReading();
    }
    auto load = [&](const LayerRef& ref, LayerRole role) {
        OpenedLayer opened = open_role(ref, role, options.assigned_crs);
        if (window)
            read_only_within(*opened.layer, *opened.srs, *window, *parcels.srs);
        return std::make_unique<OverlayLayer>(*opened.source, *opened.layer, *opened.srs, *working, threads);
    };
    const auto farmland = load(options.farmland, LayerRole::Farmland);
    progress(0.02);
    const auto redline = load(options.redline, LayerRole::Redline);
    progress(0.04);
    const auto ucb = load(options.ucb, LayerRole::UrbanBoundary);
    progress(0.05);
    const Overlays overlays{*farmland, *redline, *ucb};
    std::unique_ptr<ThreeZones> zones;
    if (auto opened = open_zones(options)) {
        if (window)
            read_only_within(*opened->layer, *opened->srs, *window, *parcels.srs);
        zones = std::make_unique<ThreeZones>(*opened->source, *opened->layer, *opened->srs, *working, threads);
    }

    CheckSummary summary;
    summary.working_crs = describe(*working).authority_code;
    summary.repaired_farmland = farmland->repaired_count();
    summary.repaired_redline = redline->repaired_count();
    summary.repaired_ucb = ucb->repaired_count();

    LayerReader reader(*parcels.source, *parcels.layer, *parcels.srs, working.get(), options.where);
    reader.set_transform_threads(threads);
    const double expected = static_cast<double>(std::max<std::int64_t>(reader.expected_count(), 1));
    // Reading (GDAL, one thread) overlaps the overlays (GEOS, all workers): the next batch is
    // read while the current one is checked.
    struct Batch {
        std::vector<ParcelCheck> parcels;
        std::vector<GeomPtr> geometries;
    };
    auto read_batch = [&] {
        Batch next;
        next.parcels.reserve(kBatchSize);
        while (next.parcels.size() < kBatchSize) {
            auto feature = reader.next();
            if (!feature)
                break;
            if (!feature->geometry)
                continue; // no geometry: nothing to measure
            ParcelCheck parcel;
            parcel.fid = feature->attributes->GetFID();
            parcel.parcel_id = field_or_empty(*feature->attributes, id_index);
            parcel.town = field_or_empty(*feature->attributes, town_index);
            parcel.land_use_code = field_or_empty(*feature->attributes, use_index);
            next.parcels.push_back(std::move(parcel));
            next.geometries.push_back(std::move(feature->geometry));
        }
        return next;
    };
    ReadAhead<Batch> reading(
        [&]() -> std::optional<Batch> {
            Batch next = read_batch();
            return next.parcels.empty() ? std::nullopt : std::optional(std::move(next));
        },
        1);
    while (std::optional<Batch> current = reading.next()) {
        if (cancelled())
            throw Cancelled();
        std::vector<ParcelCheck>& batch = current->parcels;
        std::vector<GeomPtr>& geometries = current->geometries;

        // GEOS errors in a worker become one message, never an abort.
        try {
            parallel_for(batch.size(), threads, [&](int worker, std::size_t i) {
                if (!cancelled())
                    check_parcel(batch[i], std::move(geometries[i]), overlays, options, worker, zones.get());
            });
        } catch (const Error& error) {
            throw file_error(parcels.source->path(), std::string("check failed: ") + error.what());
        }
        if (cancelled())
            throw Cancelled();

        for (const auto& parcel : batch)
            summary.add(parcel);
        if (callbacks.on_batch)
            callbacks.on_batch(batch);
        progress(0.05 + 0.95 * std::min(1.0, static_cast<double>(summary.total.parcels) / expected));
    }
    if (summary.total.parcels == 0)
        throw file_error(parcels.source->path(),
                         options.where.empty() ? "layer '" + std::string(parcels.layer->GetName()) + "' has no parcels"
                                               : "no parcels match --where " + options.where);
    progress(1.0);
    return summary;
}

} // namespace geo
