#include "geo/review_source.h"

#include "geo/crs.h"
#include "geo/layer_reader.h"
#include "geo/review.h"
#include "geo/roles.h"
#include "geo/sql.h"

namespace geo {
namespace {

// The check of `county`'s parcels against its own three lines, zones not measured.
CheckOptions check_of(const std::string& county)
{
    CheckOptions options;
    options.parcels = {county, {}};
    options.farmland = options.redline = options.ucb = {county, {}};
    options.measure_zones = false;
    return options;
}

// The figures of the parcels `where` selects (a few), the overlays read near them only.
std::optional<ParcelCheck> check_few(CheckOptions options, const std::string& where)
{
    options.threads = 1;
    options.overlays_near_parcels = true;
    options.where = where;
    std::optional<ParcelCheck> found;
    CheckCallbacks callbacks;
    callbacks.on_batch = [&](std::vector<ParcelCheck>& batch) {
        if (!found && !batch.empty())
            found = std::move(batch.front());
    };
    try {
        run_check(options, callbacks);
    } catch (const Error& e) {
        if (std::string(e.what()).find("no parcels match") != std::string::npos)
            return std::nullopt;
        throw;
    }
    return found;
}

// The filter choosing parcel `parcel_id` of `parcels` (the county's parcel layer) by its id
// field, whose name goes in `id_field`. Throws geo::Error naming the county when it has none.
std::string id_where(const std::string& county, OGRLayer& parcels, const std::string& parcel_id,
                     std::string* id_field = nullptr)
{
    const auto id = find_field(*parcels.GetLayerDefn(), FieldRole::ParcelId);
    if (!id)
        throw file_error(county, "the parcels have no parcel id field (parcel_id, DKBH, …)");
    if (id_field != nullptr)
        *id_field = id->name;
    return sql_identifier(id->name) + " = " + sql_literal(parcel_id);
}

} // namespace

ReviewFigures review_figures(const std::string& county, const std::string& parcel_id)
{
    CheckOptions options = check_of(county);
    std::string where;
    {
        VectorSource source = VectorSource::open(county);
        where = id_where(county, source.layer_for({county, {}}, LayerRole::Parcels), parcel_id, &options.id_field);
    }
    const auto parcel = check_few(options, where);
    if (!parcel)
        throw file_error(county, "no parcel '" + parcel_id + "'");
    return {parcel->area_m2, parcel->farmland_m2, parcel->redline_m2, parcel->outside_ucb_m2, parcel->conflict};
}

FeatureTable load_review_parcels(const std::string& county, const std::atomic<bool>* cancel)
{
    VectorSource source = VectorSource::open(county);
    OGRLayer& parcels = source.layer_for({county, {}}, LayerRole::Parcels);
    FeatureTable::LoadOptions options;
    options.cancel = cancel;
    options.attributes_only = true;
    for (const auto role : {FieldRole::ParcelId, FieldRole::Town, FieldRole::LandUseCode})
        for (auto& name : known_field_names(role))
            options.only_fields.push_back(std::move(name));
    const SrsPtr srs = layer_crs(source, parcels);
    return FeatureTable::load(source, parcels, *srs, *srs, options);
}

SourceReview source_review(const std::string& county)
{
    SourceReview review{county, choose_working_crs(check_of(county)), {}};
    VectorSource source = VectorSource::open(county);
    review.fid_column = source.layer_for({county, {}}, LayerRole::Parcels).GetFIDColumn();
    return review;
}

GeomPtr source_parcel_geometry(const SourceReview& review, const std::string& parcel_id)
{
    VectorSource source = VectorSource::open(review.county);
    OGRLayer& parcels = source.layer_for({review.county, {}}, LayerRole::Parcels);
    const SrsPtr working = srs_from_user_text(review.working_crs);
    LayerReader reader(source, parcels, *layer_crs(source, parcels), working.get(),
                       id_where(review.county, parcels, parcel_id));
    auto feature = reader.next();
    if (!feature || !feature->geometry)
        return nullptr;
    return valid_polygonal(std::move(feature->geometry));
}

ParcelCheck check_source_parcel(const SourceReview& review, std::int64_t fid)
{
    CheckOptions options = check_of(review.county);
    options.working_crs = review.working_crs;
    // By the FID column where the driver has one, else OGR SQL's FID.
    const std::string where = (review.fid_column.empty() ? std::string("FID") : sql_identifier(review.fid_column)) +
                              " = " + std::to_string(fid);
    auto parcel = check_few(options, where);
    if (!parcel)
        throw file_error(review.county, "no parcel of feature id " + std::to_string(fid));
    return std::move(*parcel);
}

void check_every_parcel(const SourceReview& review, const std::function<void(std::vector<ParcelCheck>&)>& on_batch,
                        const std::atomic<bool>* cancel)
{
    CheckOptions options = check_of(review.county);
    options.working_crs = review.working_crs;
    options.engine = CheckEngine::Local;
    CheckCallbacks callbacks;
    callbacks.on_batch = on_batch;
    callbacks.cancel = cancel;
    run_check(options, callbacks);
}

} // namespace geo
