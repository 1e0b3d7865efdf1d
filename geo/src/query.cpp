#include "geo/query.h"
#include "geo/postgis_query.h"

#include <algorithm>
#include <functional>
#include <optional>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/layer_reader.h"
#include "geo/parallel.h"
#include "geo/vector_source.h"

namespace geo {
namespace {

constexpr std::size_t kBatchSize = 8192;

struct NamedPredicate {
    const char* name;
    Predicate predicate;
};
constexpr NamedPredicate kPredicates[] = {
    {"intersects", Predicate::Intersects}, {"disjoint", Predicate::Disjoint}, {"within", Predicate::Within},
    {"contains", Predicate::Contains},     {"covers", Predicate::Covers},     {"covered_by", Predicate::CoveredBy},
    {"overlaps", Predicate::Overlaps},     {"touches", Predicate::Touches},   {"crosses", Predicate::Crosses},
    {"equals", Predicate::Equals},         {"dwithin", Predicate::DWithin},
};

GeomPtr valid(GeomPtr geometry)
{
    if (is_valid(*geometry))
        return geometry;
    return is_polygonal(*geometry) || GEOSGeomTypeId_r(geos_context(), geometry.get()) == GEOS_GEOMETRYCOLLECTION
               ? make_valid_polygonal(*geometry)
               : checked(GEOSMakeValid_r(geos_context(), geometry.get()), "MakeValid");
}

// The other side, held whole: usually far smaller than the subject, and the side with many
// vertices (the red line), so it is the side that gets prepared.
class OtherSide {
public:
    OtherSide(std::vector<GeomPtr> geometries, int threads)
        : geometries_(std::move(geometries)), prepared_(static_cast<std::size_t>(threads)),
          tree_(GEOSSTRtree_create_r(geos_context(), 10)), ids_(geometries_.size())
    {
        for (std::size_t i = 0; i < geometries_.size(); ++i) {
            ids_[i] = i;
            GEOSSTRtree_insert_r(geos_context(), tree_.get(), geometries_[i].get(), &ids_[i]);
        }
        build_now(*tree_);
        for (auto& per_worker : prepared_)
            per_worker.resize(geometries_.size());
    }

    // The other features whose envelopes come near `subject` (within `distance` for DWithin),
    // in index order. Repairing a geometry never widens its envelope, so this may be asked of a
    // subject not yet made valid: one near none needs no repair.
    std::vector<std::size_t> near(const GEOSGeometry& subject, Predicate predicate, double distance) const
    {
        GeomPtr search_area;
        const GEOSGeometry* search = &subject;
        if (predicate == Predicate::DWithin) {
            const Envelope e = envelope_of(subject);
            search_area = checked(GEOSGeom_createRectangle_r(geos_context(), e.min_x - distance, e.min_y - distance,
                                                             e.max_x + distance, e.max_y + distance),
                                  "rectangle");
            search = search_area.get();
        }
        std::vector<std::size_t> candidates = query_indexes(*tree_, *search);
        std::sort(candidates.begin(), candidates.end());
        return candidates;
    }

    // Does P(subject, some other feature) hold? `candidates`: near(subject).
    bool matches(const GEOSGeometry& subject, const std::vector<std::size_t>& candidates, Predicate predicate,
                 double distance, int worker) const
    {
        if (predicate == Predicate::Disjoint) {
            for (std::size_t i : candidates)
                if (GEOSPreparedIntersects_r(geos_context(), &prepared(i, worker), &subject) == 1)
                    return false;
            return true;
        }
        for (std::size_t i : candidates)
            if (holds(subject, i, predicate, distance, worker))
                return true;
        return false;
    }

private:
    // P(subject, other[i]) through the other side's prepared geometry, which answers
    // "other Q subject": within ⇔ other contains subject, and so on.
    bool holds(const GEOSGeometry& subject, std::size_t i, Predicate predicate, double distance, int worker) const
    {
        auto ctx = geos_context();
        const GEOSPreparedGeometry* p = &prepared(i, worker);
        switch (predicate) {
        case Predicate::Intersects:
            return GEOSPreparedIntersects_r(ctx, p, &subject) == 1;
        case Predicate::Within:
            return GEOSPreparedContains_r(ctx, p, &subject) == 1;
        case Predicate::Contains:
            return GEOSPreparedWithin_r(ctx, p, &subject) == 1;
        case Predicate::Covers:
            return GEOSPreparedCoveredBy_r(ctx, p, &subject) == 1;
        case Predicate::CoveredBy:
            return GEOSPreparedCovers_r(ctx, p, &subject) == 1;
        case Predicate::Overlaps:
            return GEOSPreparedOverlaps_r(ctx, p, &subject) == 1;
        case Predicate::Touches:
            return GEOSPreparedTouches_r(ctx, p, &subject) == 1;
        case Predicate::Crosses:
            return GEOSCrosses_r(ctx, &subject, geometries_[i].get()) == 1;
        case Predicate::Equals:
            return GEOSEquals_r(ctx, &subject, geometries_[i].get()) == 1;
        case Predicate::DWithin:
            return GEOSPreparedDistanceWithin_r(ctx, p, &subject, distance) == 1;
        case Predicate::Disjoint:
            break;
        }
        return false;
    }

    const GEOSPreparedGeometry& prepared(std::size_t i, int worker) const
    {
        PreparedPtr& slot = prepared_[static_cast<std::size_t>(worker)][i];
        if (!slot)
            slot.reset(GEOSPrepare_r(geos_context(), geometries_[i].get()));
        return *slot;
    }

    std::vector<GeomPtr> geometries_;
    mutable std::vector<std::vector<PreparedPtr>> prepared_;
    StrTreePtr tree_;
    std::vector<std::size_t> ids_;
};

struct Opened {
    std::unique_ptr<VectorSource> source;
    OGRLayer* layer = nullptr;
    SrsPtr srs;
};

Opened open_layer(const LayerRef& ref, const std::string& assigned_crs)
{
    Opened opened;
    opened.source = std::make_unique<VectorSource>(VectorSource::open(ref.path));
    if (!ref.layer.empty())
        opened.layer = &opened.source->layer(ref.layer);
    else if (opened.source->dataset().GetLayerCount() == 1)
        opened.layer = opened.source->dataset().GetLayer(0);
    else
        throw file_error(ref.path, "holds several layers: name one as FILE:LAYER");
    opened.srs = layer_crs(*opened.source, *opened.layer, assigned_crs);
    return opened;
}

// Layer `name` of a city's county, which may lack it.
std::optional<Opened> open_layer_if_held(const std::string& path, const std::string& name,
                                         const std::string& assigned_crs)
{
    Opened opened;
    opened.source = std::make_unique<VectorSource>(VectorSource::open(path));
    opened.layer = opened.source->dataset().GetLayerByName(name.c_str());
    if (opened.layer == nullptr)
        return std::nullopt;
    opened.srs = layer_crs(*opened.source, *opened.layer, assigned_crs);
    return opened;
}

// Where `opened`'s features lie in the working CRS, `margin` wider; nullopt when GDAL cannot say.
std::optional<OGREnvelope> extent_in(const Opened& opened, const OGRSpatialReference& working, double margin)
{
    std::optional<OGREnvelope> e = layer_extent_in(*opened.source, *opened.layer, *opened.srs, working);
    if (e) {
        e->MinX -= margin;
        e->MinY -= margin;
        e->MaxX += margin;
        e->MaxY += margin;
    }
    return e;
}

// The other side's geometries: the WKT, or the other layer of each source, read (in a city)
// only within `around`, the subject's extent, through the source's spatial index.
std::vector<GeomPtr> other_geometries(const QueryOptions& options, const std::vector<Opened>& others,
                                      const OGRSpatialReference& working, const std::optional<OGREnvelope>& around)
{
    std::vector<GeomPtr> geometries;
    if (!options.wkt.empty()) {
        geometries.push_back(valid(from_wkt(options.wkt)));
        return geometries;
    }
    for (const Opened& other : others) {
        const SpatialFilterCleared unfiltered_after(*other.layer);
        if (around)
            read_only_within(*other.layer, *other.srs, *around, working); // false: read whole
        LayerReader reader(*other.source, *other.layer, *other.srs, &working, options.other_where);
        while (auto feature = reader.next())
            if (feature->geometry)
                geometries.push_back(valid(std::move(feature->geometry)));
    }
    return geometries;
}

// Streams a source's subject layer past `other_side`, handing its matches over batch by batch
// and adding to `result`; `progress` gets the share of the layer read.
void query_layer(const Opened& subject, std::size_t source_index, const OtherSide& other_side,
                 const QueryOptions& options, const OGRSpatialReference& working, int threads,
                 const QueryCallbacks& callbacks, QueryResult& result, const std::function<void(double)>& progress)
{
    LayerReader reader(*subject.source, *subject.layer, *subject.srs, &working, options.where);
    const double expected = static_cast<double>(std::max<std::int64_t>(reader.expected_count(), 1));
    for (std::int64_t examined = 0;;) {
        if (callbacks.cancel && callbacks.cancel->load())
            throw Cancelled();
        std::vector<QueryMatch> batch;
        std::vector<GeomPtr> geometries;
        while (batch.size() < kBatchSize) {
            auto feature = reader.next();
            if (!feature)
                break;
            if (!feature->geometry)
                continue;
            batch.push_back({feature->attributes->GetFID(), std::move(feature->attributes), source_index});
            geometries.push_back(std::move(feature->geometry));
        }
        if (batch.empty())
            return;
        std::vector<char> hit(batch.size(), 0);
        parallel_for(batch.size(), threads, [&](int worker, std::size_t i) {
            const std::vector<std::size_t> near = other_side.near(*geometries[i], options.predicate, options.distance);
            if (near.empty() && options.predicate != Predicate::Disjoint)
                return;                                      // no match, whatever its repair
            geometries[i] = valid(std::move(geometries[i])); // as the check repairs it; a match is written so
            hit[i] = other_side.matches(*geometries[i], near, options.predicate, options.distance, worker) ? 1 : 0;
        });
        std::vector<QueryMatch> matches;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (!hit[i])
                continue;
            OGRGeometry* ogr = OGRGeometryFactory::createFromGEOS(geos_context(), geometries[i].get());
            batch[i].feature->SetGeometryDirectly(ogr);
            matches.push_back(std::move(batch[i]));
        }
        examined += static_cast<std::int64_t>(batch.size());
        result.examined += static_cast<std::int64_t>(batch.size());
        result.matched += static_cast<std::int64_t>(matches.size());
        if (callbacks.on_matches)
            callbacks.on_matches(matches);
        progress(std::min(1.0, static_cast<double>(examined) / expected));
    }
}

} // namespace

Predicate parse_predicate(const std::string& name)
{
    for (const auto& p : kPredicates)
        if (name == p.name)
            return p.predicate;
    std::string known;
    for (const auto& p : kPredicates)
        known += (known.empty() ? "" : ", ") + std::string(p.name);
    throw Error("unknown predicate '" + name + "' (use one of " + known + ")");
}

const char* predicate_name(Predicate predicate)
{
    for (const auto& p : kPredicates)
        if (p.predicate == predicate)
            return p.name;
    return "?";
}

QueryResult run_query(const QueryOptions& options, const QueryCallbacks& callbacks)
{
    if (options.predicate == Predicate::DWithin && !(options.distance >= 0))
        throw Error("dwithin needs a distance in metres (--distance M)");
    if (options.wkt.empty() == options.other.path.empty())
        throw Error("compare with either another layer (--with) or a geometry (--wkt), not both or neither");
    if (options.engine == CheckEngine::PostGIS ||
        (options.engine == CheckEngine::Automatic && query_in_postgis_possible(options)))
        return run_query_in_postgis(options, callbacks);
    if (!options.more_sources.empty() &&
        (options.subject.layer.empty() || (options.wkt.empty() && options.other.layer.empty())))
        throw Error("a query over several sources needs the layers named (FILE:LAYER)");
    const int threads = options.threads > 0 ? options.threads : default_thread_count();

    // Every source's subject layer (the first must hold it) and other layer.
    std::vector<std::string> paths{options.subject.path};
    paths.insert(paths.end(), options.more_sources.begin(), options.more_sources.end());
    std::vector<std::pair<std::size_t, Opened>> subjects;
    subjects.emplace_back(0, open_layer(options.subject, options.assigned_crs));
    std::vector<Opened> others;
    if (options.wkt.empty())
        others.push_back(open_layer(options.other, options.assigned_crs));
    for (std::size_t i = 1; i < paths.size(); ++i) {
        if (auto subject = open_layer_if_held(paths[i], options.subject.layer, options.assigned_crs))
            subjects.emplace_back(i, std::move(*subject));
        if (options.wkt.empty())
            if (auto other = open_layer_if_held(paths[i], options.other.layer, options.assigned_crs))
                others.push_back(std::move(*other));
    }
    const Opened& first = subjects.front().second;
    const SrsPtr working = options.working_crs.empty() ? working_crs_for_layer(*first.source, *first.layer, *first.srs)
                                                       : srs_from_user_text(options.working_crs);

    QueryResult result;
    result.working_crs = describe(*working).authority_code;
    const double margin = options.predicate == Predicate::DWithin ? options.distance : 0;
    for (std::size_t s = 0; s < subjects.size(); ++s) {
        const auto& [source_index, subject] = subjects[s];
        // One source: its other layer whole, as it always was read.
        const std::optional<OGREnvelope> around =
            paths.size() > 1 ? extent_in(subject, *working, margin) : std::nullopt;
        const OtherSide other_side(other_geometries(options, others, *working, around), threads);
        query_layer(subject, source_index, other_side, options, *working, threads, callbacks, result, [&](double f) {
            if (callbacks.on_progress)
                callbacks.on_progress((static_cast<double>(s) + f) / static_cast<double>(subjects.size()));
        });
    }
    if (callbacks.on_progress)
        callbacks.on_progress(1.0);
    return result;
}

} // namespace geo
