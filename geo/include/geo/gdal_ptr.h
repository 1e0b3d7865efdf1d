#pragma once
// One deleter and one unique_ptr alias per GDAL/OGR handle type, so no handle is ever
// closed by hand.
#include <memory>

#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

namespace geo {

struct DatasetCloser {
    void operator()(GDALDataset* dataset) const { GDALClose(GDALDataset::ToHandle(dataset)); }
};
struct FeatureDestroyer {
    void operator()(OGRFeature* feature) const { OGRFeature::DestroyFeature(feature); }
};
struct GeometryDestroyer {
    void operator()(OGRGeometry* geometry) const { OGRGeometryFactory::destroyGeometry(geometry); }
};
struct SrsReleaser {
    void operator()(OGRSpatialReference* srs) const { srs->Release(); }
};
struct TransformDestroyer {
    void operator()(OGRCoordinateTransformation* ct) const { OGRCoordinateTransformation::DestroyCT(ct); }
};

using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDestroyer>;
using OgrGeometryPtr = std::unique_ptr<OGRGeometry, GeometryDestroyer>;
using SrsPtr = std::unique_ptr<OGRSpatialReference, SrsReleaser>;
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDestroyer>;

// Registers GDAL's drivers once; cheap to call again. Every geo entry point that opens
// data calls it, so callers need not remember.
void ensure_gdal_registered();

// The text of GDAL's last error, or `fallback` when GDAL recorded none.
std::string last_gdal_error(const std::string& fallback);

} // namespace geo
