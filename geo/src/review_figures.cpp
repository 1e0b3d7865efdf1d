#include "geo/compliance.h"
#include "geo/review.h"
#include "geo/roles.h"
#include "geo/sql.h"

namespace geo {

ReviewFigures review_figures(const std::string& county, const std::string& parcel_id)
{
    CheckOptions options;
    options.parcels = {county, {}};
    options.farmland = options.redline = options.ucb = {county, {}};
    options.measure_zones = false;
    options.threads = 1;
    options.overlays_near_parcels = true;
    {
        VectorSource source = VectorSource::open(county);
        OGRLayer& parcels = source.layer_for({county, {}}, LayerRole::Parcels);
        const auto id = find_field(*parcels.GetLayerDefn(), FieldRole::ParcelId);
        if (!id)
            throw file_error(county, "the parcels have no parcel id field (parcel_id, DKBH, …)");
        options.id_field = id->name;
        options.where = "\"" + id->name + "\" = " + sql_literal(parcel_id);
    }
    std::optional<ReviewFigures> figures;
    CheckCallbacks callbacks;
    callbacks.on_batch = [&](std::vector<ParcelCheck>& batch) {
        for (const auto& parcel : batch)
            if (!figures)
                figures = ReviewFigures{parcel.area_m2, parcel.farmland_m2, parcel.redline_m2, parcel.outside_ucb_m2,
                                        parcel.conflict};
    };
    try {
        run_check(options, callbacks);
    } catch (const Error& e) {
        if (std::string(e.what()).find("no parcels match") != std::string::npos)
            throw file_error(county, "no parcel '" + parcel_id + "'");
        throw;
    }
    if (!figures)
        throw file_error(county, "no parcel '" + parcel_id + "'");
    return *figures;
}

} // namespace geo
