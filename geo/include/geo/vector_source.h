#pragma once
// Opening any OGR vector source (GeoPackage, Shapefile, GeoJSON, FileGDB, KML, a PostGIS
// connection string) with its text decoded to UTF-8, and finding its layers.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "geo/gdal_ptr.h"
#include "geo/roles.h"

namespace geo {

// "FILE[:LAYER]" as given on a command line. A "PG:..." connection string is kept whole.
struct SourceSpec {
    std::string path;
    std::string layer; // empty: the caller's default
};
SourceSpec parse_source_spec(const std::string& text);

// Whether `path` is a PostgreSQL connection ("PG:…").
bool is_postgresql(const std::string& path);
// How a source is named on a map or a sheet: a file's name, a connection without its password.
std::string source_display_name(const std::string& path);

class VectorSource {
public:
    // Opens read-only. Throws geo::Error("PATH: problem") when the path does not exist, is
    // not vector data GDAL can read, or is damaged. Shapefiles that declare no encoding
    // (no .cpg, no DBF code-page byte) and whose text is GBK are re-opened as GBK, with a
    // warning; text that is neither UTF-8 nor GBK is passed through with a warning.
    static VectorSource open(const std::string& path);

    const std::string& path() const { return path_; }
    std::string driver_name() const;
    std::vector<std::string> layer_names() const;
    // Throws geo::Error naming the file and its layers when there is no such layer.
    OGRLayer& layer(const std::string& name) const;
    // The layer named in `spec`, else the one playing `role` (see roles.h), else the only
    // layer. Throws geo::Error naming the file, the role and its layers when there is none.
    OGRLayer& layer_for(const SourceSpec& spec, LayerRole role) const;
    GDALDataset& dataset() const { return *dataset_; }
    // Problems noticed while opening (encoding guesses), each a complete sentence.
    const std::vector<std::string>& warnings() const { return warnings_; }
    // Layers that declared no encoding and were read as GBK.
    const std::vector<std::string>& layers_read_as_gbk() const { return gbk_layers_; }

private:
    VectorSource(std::string path, DatasetPtr dataset);
    void settle_shapefile_encoding();

    std::string path_;
    DatasetPtr dataset_;
    std::vector<std::string> warnings_;
    std::vector<std::string> gbk_layers_;
};

// The CRS of `layer`, in traditional GIS axis order. When the layer has none, `assigned`
// (from --crs) is used; with neither, throws geo::Error naming the file and how to set one.
SrsPtr layer_crs(const VectorSource& source, OGRLayer& layer, const std::string& assigned = {});

// The working CRS for `layer` (in `layer_srs`): the CGCS2000 3-degree zone of its centre.
// Throws geo::Error naming the file when the layer is empty.
SrsPtr working_crs_for_layer(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference& layer_srs);

// Where `layer` (in `layer_srs`) lies in `target`: its extent (a PostGIS table's from its GiST
// index, postgis_extent.h) carried over; nullopt when GDAL cannot say.
std::optional<OGREnvelope> layer_extent_in(const VectorSource& source, OGRLayer& layer,
                                           const OGRSpatialReference& layer_srs, const OGRSpatialReference& target);

// Limits what `layer` (in `layer_srs`) reads to the features crossing `window` (in
// `window_srs`; its bounds carried over densified, a metre wider, so a curved transform still
// covers it), through the source's spatial index. False, the layer unfiltered, when the window
// cannot be carried into the layer's CRS.
bool read_only_within(OGRLayer& layer, const OGRSpatialReference& layer_srs, const OGREnvelope& window,
                      const OGRSpatialReference& window_srs);

// Clears `layer`'s spatial filter when it goes, however the read the filter limits ends.
class SpatialFilterCleared {
public:
    explicit SpatialFilterCleared(OGRLayer& layer) : layer_(layer) {}
    ~SpatialFilterCleared() { layer_.SetSpatialFilter(nullptr); }
    SpatialFilterCleared(const SpatialFilterCleared&) = delete;
    SpatialFilterCleared& operator=(const SpatialFilterCleared&) = delete;

private:
    OGRLayer& layer_;
};

// FIDs of the features of `layer` matching the OGR SQL `where`, in reading order; the layer's
// filter is cleared afterwards. Throws geo::Error("filter '…' is not valid OGR SQL (…)"), also
// when the driver (GeoPackage hands the WHERE to SQLite) reports the error only while reading.
std::vector<std::int64_t> fids_matching(OGRLayer& layer, const std::string& where);

} // namespace geo
