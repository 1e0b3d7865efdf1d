#include "geo/query.h"
#include "geo/postgis_query.h"

#include <algorithm>

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

    // Does P(subject, some other feature) hold?
    bool matches(const GEOSGeometry& subject, Predicate predicate, double distance, int worker) const
    {
        auto ctx = geos_context();
        GeomPtr search_area;
        const GEOSGeometry* search = &subject;
        if (predicate == Predicate::DWithin) {
            const Envelope e = envelope_of(subject);
            search_area = checked(GEOSGeom_createRectangle_r(ctx, e.min_x - distance, e.min_y - distance,
                                                             e.max_x + distance, e.max_y + distance),
                                  "rectangle");
            search = search_area.get();
        }
        std::vector<std::size_t> candidates = query_indexes(*tree_, *search);
        std::sort(candidates.begin(), candidates.end());
        if (predicate == Predicate::Disjoint) {
            for (std::size_t i : candidates)
                if (GEOSPreparedIntersects_r(ctx, &prepared(i, worker), &subject) == 1)
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
    const int threads = options.threads > 0 ? options.threads : default_thread_count();
    auto cancelled = [&] { return callbacks.cancel && callbacks.cancel->load(); };

    Opened subject = open_layer(options.subject, options.assigned_crs);
    const SrsPtr working = options.working_crs.empty()
                               ? working_crs_for_layer(*subject.source, *subject.layer, *subject.srs)
                               : srs_from_user_text(options.working_crs);

    std::vector<GeomPtr> others;
    if (!options.wkt.empty()) {
        others.push_back(valid(from_wkt(options.wkt)));
    } else {
        Opened other = open_layer(options.other, options.assigned_crs);
        LayerReader reader(*other.source, *other.layer, *other.srs, working.get(), options.other_where);
        while (auto feature = reader.next())
            if (feature->geometry)
                others.push_back(valid(std::move(feature->geometry)));
    }
    const OtherSide other_side(std::move(others), threads);

    QueryResult result;
    result.working_crs = describe(*working).authority_code;
    LayerReader reader(*subject.source, *subject.layer, *subject.srs, working.get(), options.where);
    const double expected = static_cast<double>(std::max<std::int64_t>(reader.expected_count(), 1));
    for (;;) {
        if (cancelled())
            throw Cancelled();
        std::vector<QueryMatch> batch;
        std::vector<GeomPtr> geometries;
        while (batch.size() < kBatchSize) {
            auto feature = reader.next();
            if (!feature)
                break;
            if (!feature->geometry)
                continue;
            batch.push_back({feature->attributes->GetFID(), std::move(feature->attributes)});
            geometries.push_back(valid(std::move(feature->geometry)));
        }
        if (batch.empty())
            break;
        std::vector<char> hit(batch.size(), 0);
        parallel_for(batch.size(), threads, [&](int worker, std::size_t i) {
            hit[i] = other_side.matches(*geometries[i], options.predicate, options.distance, worker) ? 1 : 0;
        });
        std::vector<QueryMatch> matches;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (!hit[i])
                continue;
            OGRGeometry* ogr = OGRGeometryFactory::createFromGEOS(geos_context(), geometries[i].get());
            batch[i].feature->SetGeometryDirectly(ogr);
            matches.push_back(std::move(batch[i]));
        }
        result.examined += static_cast<std::int64_t>(batch.size());
        result.matched += static_cast<std::int64_t>(matches.size());
        if (callbacks.on_matches)
            callbacks.on_matches(matches);
        if (callbacks.on_progress)
            callbacks.on_progress(std::min(1.0, static_cast<double>(result.examined) / expected));
    }
    if (callbacks.on_progress)
        callbacks.on_progress(1.0);
    return result;
}

} // namespace geo
