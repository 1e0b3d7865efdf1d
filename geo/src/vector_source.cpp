#include "geo/vector_source.h"

#include <filesystem>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/ignored_fields.h"
#include "geo/postgis_extent.h"
#include "geo/text_encoding.h"

namespace geo {
namespace {

// How many features to look at when guessing a Shapefile's encoding.
constexpr int kEncodingSampleFeatures = 2000;

bool is_connection_string(const std::string& path)
{
    return path.rfind("PG:", 0) == 0 || path.rfind("/vsi", 0) == 0;
}

DatasetPtr open_vector(const std::string& path, const char* const* open_options)
{
    CPLErrorReset();
    return DatasetPtr(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, open_options, nullptr));
}

enum class TextVerdict { Utf8, Gbk, Unknown };

// Looks at the string fields of the first features of a layer read without recoding.
TextVerdict sample_text(OGRLayer& layer)
{
    bool any_non_utf8 = false;
    bool all_gbk = true;
    layer.ResetReading();
    int seen = 0;
    for (FeaturePtr feature(layer.GetNextFeature()); feature && seen < kEncodingSampleFeatures;
         feature.reset(layer.GetNextFeature()), ++seen) {
        for (int i = 0; i < feature->GetFieldCount(); ++i) {
            if (feature->GetFieldDefnRef(i)->GetType() != OFTString || !feature->IsFieldSetAndNotNull(i))
                continue;
            const char* text = feature->GetFieldAsString(i);
            if (is_valid_utf8(text))
                continue;
            any_non_utf8 = true;
            all_gbk = all_gbk && is_valid_gbk(text);
        }
    }
    layer.ResetReading();
    if (!any_non_utf8)
        return TextVerdict::Utf8;
    return all_gbk ? TextVerdict::Gbk : TextVerdict::Unknown;
}

} // namespace

bool is_postgresql(const std::string& path)
{
    return path.rfind("PG:", 0) == 0;
}

std::string source_display_name(const std::string& path)
{
    return is_postgresql(path) ? without_password(path) : std::filesystem::path(path).filename().string();
}

SourceSpec parse_source_spec(const std::string& text)
{
    if (is_connection_string(text) || std::filesystem::exists(text))
        return {text, {}};
    const auto colon = text.rfind(':');
    if (colon != std::string::npos && colon > 0 && std::filesystem::exists(text.substr(0, colon)))
        return {text.substr(0, colon), text.substr(colon + 1)};
    return {text, {}};
}

VectorSource::VectorSource(std::string path, DatasetPtr dataset) : path_(std::move(path)), dataset_(std::move(dataset))
{}

VectorSource VectorSource::open(const std::string& path)
{
    ensure_gdal_registered();
    if (!is_connection_string(path)) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            throw file_error(path, "no such file or directory");
        if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == 0)
            throw file_error(path, "the file is empty (0 bytes)");
    }
    DatasetPtr dataset = open_vector(path, nullptr);
    if (!dataset)
        throw file_error(path,
                         "not vector data GDAL can read (" + last_gdal_error("unrecognised or damaged format") + ")");
    VectorSource source(path, std::move(dataset));
    if (source.driver_name() == "ESRI Shapefile")
        source.settle_shapefile_encoding();
    return source;
}

void VectorSource::settle_shapefile_encoding()
{
    bool reopen_as_gbk = false;
    for (int i = 0; i < dataset_->GetLayerCount(); ++i) {
        OGRLayer& layer = *dataset_->GetLayer(i);
        const char* declared = layer.GetMetadataItem("SOURCE_ENCODING", "SHAPEFILE");
        if (declared != nullptr && *declared != '\0')
            continue; // .cpg or the DBF code-page byte said it; GDAL recodes to UTF-8.
        switch (sample_text(layer)) {
        case TextVerdict::Utf8:
            break;
        case TextVerdict::Gbk:
            reopen_as_gbk = true;
            gbk_layers_.emplace_back(layer.GetName());
            warnings_.push_back(path_ + ": layer '" + layer.GetName() +
                                "' declares no encoding (no .cpg, no DBF code page) and its text is "
                                "not UTF-8 but valid GBK: read as GBK. Add a .cpg file containing "
                                "'GBK' to make this explicit.");
            break;
        case TextVerdict::Unknown:
            warnings_.push_back(path_ + ": layer '" + layer.GetName() +
                                "' declares no encoding and its text is neither UTF-8 nor GBK: "
                                "text may be garbled. Add a .cpg file naming its code page.");
            break;
        }
    }
    if (!reopen_as_gbk)
        return;
    const char* options[] = {"ENCODING=CP936", nullptr};
    DatasetPtr recoded = open_vector(path_, options);
    if (!recoded)
        throw file_error(path_, "cannot re-open as GBK: " + last_gdal_error("GDAL refused"));
    dataset_ = std::move(recoded);
}

std::string VectorSource::driver_name() const
{
    return dataset_->GetDriver() ? dataset_->GetDriver()->GetDescription() : "unknown";
}

std::vector<std::string> VectorSource::layer_names() const
{
    std::vector<std::string> names;
    for (int i = 0; i < dataset_->GetLayerCount(); ++i)
        names.emplace_back(dataset_->GetLayer(i)->GetName());
    return names;
}

OGRLayer& VectorSource::layer(const std::string& name) const
{
    if (OGRLayer* found = dataset_->GetLayerByName(name.c_str()))
        return *found;
    std::string known;
    for (const auto& n : layer_names())
        known += (known.empty() ? "" : ", ") + n;
    throw file_error(path_, "no layer '" + name + "' (its layers: " + (known.empty() ? "none" : known) + ")");
}

OGRLayer& VectorSource::layer_for(const SourceSpec& spec, LayerRole role) const
{
    if (!spec.layer.empty())
        return layer(spec.layer);
    if (OGRLayer* found = find_role_layer(*this, role))
        return *found;
    if (dataset_->GetLayerCount() == 1)
        return *dataset_->GetLayer(0);
    std::string known;
    for (const auto& n : layer_names())
        known += (known.empty() ? "" : ", ") + n;
    throw file_error(path_, std::string("no layer for ") + role_title(role) + " (looked for '" +
                                standard_layer_name(role) +
                                "', the national specification's table codes and Chinese names; its layers: " +
                                (known.empty() ? "none" : known) + "); name one as FILE:LAYER");
}

SrsPtr layer_crs(const VectorSource& source, OGRLayer& layer, const std::string& assigned)
{
    if (!assigned.empty())
        return srs_from_user_text(assigned);
    const OGRSpatialReference* srs = layer.GetSpatialRef();
    if (srs == nullptr || srs->IsEmpty()) {
        std::string message = "layer '" + std::string(layer.GetName()) +
                              "' has no CRS; name one with --crs EPSG:CODE (e.g. --crs EPSG:4549)"
                              " or add a .prj beside the file";
        OGREnvelope extent;
        if (layer.GetExtent(&extent, TRUE) == OGRERR_NONE) {
            const std::string hint = guess_crs_hint(extent);
            if (!hint.empty())
                message += "; " + hint;
        }
        throw file_error(source.path(), message);
    }
    SrsPtr copy(srs->Clone());
    copy->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return copy;
}

SrsPtr working_crs_for_layer(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference& layer_srs)
{
    OGREnvelope extent;
    if (layer.GetExtent(&extent, TRUE) != OGRERR_NONE)
        throw file_error(source.path(), "layer '" + std::string(layer.GetName()) + "' is empty (no features)");
    return working_crs_for_longitude(centre_longitude(layer_srs, extent));
}

std::vector<std::int64_t> fids_matching(OGRLayer& layer, const std::string& where)
{
    auto invalid = [&](const std::string& message) {
        layer.SetAttributeFilter(nullptr);
        return Error("filter '" + where + "' is not valid OGR SQL (" + message + ")");
    };
    CPLErrorReset();
    if (layer.SetAttributeFilter(where.empty() ? nullptr : where.c_str()) != OGRERR_NONE)
        throw invalid(last_gdal_error("syntax error"));
    layer.ResetReading();
    IgnoredFields ignored(layer); // never in a filter, and most of what GDAL would decode
    ignored.add("OGR_GEOMETRY");
    ignored.apply();
    std::vector<std::int64_t> fids;
    for (FeaturePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature()))
        fids.push_back(f->GetFID());
    if (CPLGetLastErrorType() >= CE_Failure)
        throw invalid(last_gdal_error("syntax error"));
    layer.SetAttributeFilter(nullptr);
    return fids;
}

bool read_only_within(OGRLayer& layer, const OGRSpatialReference& layer_srs, const OGREnvelope& window,
                      const OGRSpatialReference& window_srs)
{
    OGREnvelope wider = window;
    wider.MinX -= 1;
    wider.MinY -= 1;
    wider.MaxX += 1;
    wider.MaxY += 1;
    const auto in_layer = carried_over(wider, window_srs, layer_srs);
    if (!in_layer)
        return false;
    layer.SetSpatialFilterRect(in_layer->MinX, in_layer->MinY, in_layer->MaxX, in_layer->MaxY);
    return true;
}

std::optional<OGREnvelope> layer_extent_in(const VectorSource& source, OGRLayer& layer,
                                           const OGRSpatialReference& layer_srs, const OGRSpatialReference& target)
{
    OGREnvelope extent;
    if (const auto indexed = postgis_index_extent(source.dataset(), layer))
        extent = *indexed;
    else if (layer.GetExtent(&extent, TRUE) != OGRERR_NONE)
        return std::nullopt;
    return carried_over(extent, layer_srs, target);
}

} // namespace geo
