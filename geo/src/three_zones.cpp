#include "geo/three_zones.h"

#include "geo/error.h"
#include "geo/layer_reader.h"
#include "geo/vector_source.h"

namespace geo {

int zone_named_in(std::string_view text)
{
    for (std::size_t z = 0; z < kZoneNames.size(); ++z)
        if (text.find(kZoneNames[z]) != std::string_view::npos)
            return static_cast<int>(z);
    return -1;
}

ThreeZones::ThreeZones(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference& layer_srs,
                       const OGRSpatialReference& working, int threads)
{
    std::array<std::vector<GeomPtr>, 3> read;
    LayerReader reader(source, layer, layer_srs, &working);
    reader.set_transform_threads(threads);
    while (auto feature = reader.next()) {
        if (!feature->geometry)
            continue;
        int zone = -1;
        for (int i = 0; i < feature->attributes->GetFieldCount() && zone < 0; ++i)
            if (feature->attributes->GetFieldDefnRef(i)->GetType() == OFTString)
                zone = zone_named_in(feature->attributes->GetFieldAsString(i));
        if (zone >= 0)
            read[static_cast<std::size_t>(zone)].push_back(std::move(feature->geometry));
    }
    if (read[0].empty() && read[1].empty() && read[2].empty())
        throw file_error(source.path(), "layer '" + std::string(layer.GetName()) +
                                            "' names none of 农业空间, 生态空间, 城镇空间 in its fields");
    for (std::size_t z = 0; z < zones_.size(); ++z) {
        std::vector<const GEOSGeometry*> polygons;
        for (const auto& g : read[z])
            polygons.push_back(g.get());
        zones_[z] = std::make_unique<OverlayLayer>(kZoneNames[z], polygons, threads);
    }
}

std::array<double, 3> ThreeZones::areas(const GEOSGeometry& parcel, double parcel_area, int worker) const
{
    std::array<double, 3> m2{};
    for (std::size_t z = 0; z < zones_.size(); ++z)
        m2[z] = zones_[z]->overlap_area(parcel, parcel_area, worker);
    return m2;
}

} // namespace geo
