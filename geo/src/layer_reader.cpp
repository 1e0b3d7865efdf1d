#include "geo/layer_reader.h"

#include <system_error>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/parallel.h"

namespace geo {
namespace {

// Features read before a batch is transformed: some 60,000 vertices of real parcels, ~15 ms of
// PROJ's work, against the ~0.1 ms it costs to start a thread.
constexpr std::size_t kTransformBatch = 1024;

} // namespace

LayerReader::LayerReader(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference& layer_srs,
                         const OGRSpatialReference* target, const std::string& where)
    : source_(source), layer_(layer), threads_(default_thread_count())
{
    if (target != nullptr && !same_crs(layer_srs, *target))
        transform_ = make_transform(layer_srs, *target);
    CPLErrorReset();
    if (layer_.SetAttributeFilter(where.empty() ? nullptr : where.c_str()) != OGRERR_NONE)
        fail("bad --where filter '" + where + "': " + last_gdal_error("OGR SQL syntax error"));
    layer_.ResetReading();
    expected_ = layer_.GetFeatureCount(FALSE);
}

LayerReader::~LayerReader()
{
    if (transforming_) // stopped early: the helpers finish before their features go
        transforming_->finish(*transform_);
    layer_.SetAttributeFilter(nullptr);
    layer_.ResetReading();
}

void LayerReader::fail(const std::string& problem) const
{
    throw file_error(source_.path(), "layer '" + std::string(layer_.GetName()) + "': " + problem);
}

FeaturePtr LayerReader::read_one(std::string& problem, std::int64_t read_before)
{
    CPLErrorReset();
    FeaturePtr feature(layer_.GetNextFeature());
    if (CPLGetLastErrorType() >= CE_Failure) {
        problem = "read error after " + std::to_string(read_before) + " features (" + last_gdal_error("damaged data") +
                  "); the file may be truncated or corrupt";
        return nullptr;
    }
    return feature;
}

FeaturePtr LayerReader::next_in_target_crs()
{
    if (!transform_) { // nothing to share out: straight from GDAL
        std::string problem;
        FeaturePtr feature = read_one(problem, read_);
        if (!problem.empty())
            fail(problem);
        if (feature)
            ++read_;
        return feature;
    }
    if (next_in_batch_ == batch_.size())
        fill_batch();
    if (next_in_batch_ == batch_.size()) {
        if (read_failure_)
            fail(*read_failure_);
        return nullptr;
    }
    const std::size_t i = next_in_batch_++;
    FeaturePtr feature = std::move(batch_[i]);
    ++read_;
    if (!batch_errors_[i].empty())
        cannot_transform(*feature, batch_errors_[i]);
    return feature;
}

std::vector<FeaturePtr> LayerReader::read_batch()
{
    std::vector<FeaturePtr> features;
    while (!read_failure_ && features.size() < kTransformBatch) {
        std::string problem;
        FeaturePtr feature = read_one(problem, fetched_);
        if (!problem.empty())
            read_failure_ = problem; // thrown once the features read before it are handed out
        if (!feature)
            break;
        ++fetched_;
        features.push_back(std::move(feature));
    }
    return features;
}

void LayerReader::Transforming::work(OGRCoordinateTransformation& transform)
{
    for (std::size_t i = next++; i < features.size(); i = next++) {
        try {
            errors[i] = transformed(*features[i], transform);
        } catch (const std::exception& e) {
            errors[i] = e.what();
        }
    }
}

void LayerReader::Transforming::finish(OGRCoordinateTransformation& transform)
{
    work(transform);
    for (auto& helper : helpers)
        helper.join();
    helpers.clear();
}

std::unique_ptr<LayerReader::Transforming> LayerReader::start_transforming(std::vector<FeaturePtr> features)
{
    auto job = std::make_unique<Transforming>();
    job->features = std::move(features);
    job->errors.resize(job->features.size());
    while (helper_transforms_.size() + 1 < static_cast<std::size_t>(threads_)) {
        TransformPtr clone(transform_->Clone());
        if (!clone)
            break; // fewer helpers, then
        helper_transforms_.push_back(std::move(clone));
    }
    try {
        for (std::size_t h = 0; h + 1 < static_cast<std::size_t>(threads_) && h < helper_transforms_.size(); ++h)
            job->helpers.emplace_back(
                [job = job.get(), transform = helper_transforms_[h].get()] { job->work(*transform); });
    } catch (const std::system_error&) {
        // No thread to be had: the caller transforms what the helpers started have not taken.
    }
    return job;
}

void LayerReader::fill_batch()
{
    batch_.clear();
    next_in_batch_ = 0;
    if (!transforming_) {
        std::vector<FeaturePtr> first = read_batch();
        if (first.empty())
            return; // the end, or a read error
        transforming_ = start_transforming(std::move(first));
    }
    std::vector<FeaturePtr> after = read_batch(); // while the helpers transform
    transforming_->finish(*transform_);
    batch_ = std::move(transforming_->features);
    batch_errors_ = std::move(transforming_->errors);
    transforming_ = after.empty() ? nullptr : start_transforming(std::move(after));
}

std::string LayerReader::transformed(OGRFeature& feature, OGRCoordinateTransformation& transform)
{
    OGRGeometry* geometry = feature.GetGeometryRef();
    if (geometry == nullptr || geometry->IsEmpty())
        return {};
    CPLErrorReset(); // GDAL's last error is per thread
    if (geometry->transform(&transform) == OGRERR_NONE)
        return {};
    return last_gdal_error("coordinates out of range");
}

FeaturePtr LayerReader::feature_in_target_crs(std::int64_t fid)
{
    CPLErrorReset();
    FeaturePtr feature(layer_.GetFeature(fid));
    if (CPLGetLastErrorType() >= CE_Failure)
        fail("read error at feature " + std::to_string(fid) + " (" + last_gdal_error("damaged data") +
             "); the file may be truncated or corrupt");
    if (feature)
        to_target_crs(*feature);
    return feature;
}

void LayerReader::to_target_crs(OGRFeature& feature) const
{
    if (!transform_)
        return;
    const std::string problem = transformed(feature, *transform_);
    if (!problem.empty())
        cannot_transform(feature, problem);
}

void LayerReader::cannot_transform(const OGRFeature& feature, const std::string& problem) const
{
    fail("feature " + std::to_string(feature.GetFID()) + " cannot be transformed to the working CRS: " + problem);
}

std::optional<LayerFeature> LayerReader::next()
{
    FeaturePtr feature = next_in_target_crs();
    if (!feature)
        return std::nullopt;
    LayerFeature result;
    OgrGeometryPtr geometry(feature->StealGeometry());
    if (geometry && !geometry->IsEmpty())
        result.geometry = to_geos(*geometry);
    result.attributes = std::move(feature);
    return result;
}

} // namespace geo
