#pragma once
// A vector layer held in memory for interactive use (the viewer, the target ledger): its
// attributes as compact UTF-8 columns, its geometries in the working CRS (invalid ones repaired
// with MakeValid, the originals kept), and a GEOS STRtree for picking and queries, built on
// first use (or ahead of it with build_index, e.g. in the background after the first frame).
#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "geo/geos.h"
#include "geo/vector_source.h"

namespace geo {

class FeatureTable {
public:
    struct LoadOptions {
        std::string where; // OGR SQL filter
        std::function<void(double)> progress;
        const std::atomic<bool>* cancel = nullptr; // set to stop; load() then throws geo::Error("cancelled")
        // Keep only these attribute fields (empty: all). A picture needs far fewer than a table.
        std::vector<std::string> only_fields;
        // Read no more features than this (a sample: the first ones).
        std::size_t max_rows = std::numeric_limits<std::size_t>::max();
        // The attributes alone: every row's geometry null (what a style is chosen from).
        bool attributes_only = false;
        // Rows (by FID) whose geometry is kept; the others' is dropped as read, never converted
        // or made valid (null, area and envelope zero): a ledger of a million parcels needs the
        // few its targets count. Unset: every row's.
        std::function<bool(std::int64_t fid)> keep_geometry;
        // Converted as read, their validity checked (and invalid ones repaired) on the first call
        // of geometry(), was_repaired() or the index rather than while loading: GEOS's check is
        // most of a concave layer's load, and a viewer can draw (geometry_to_draw) before it.
        bool check_validity_later = false;
    };

    // Reads `layer` into `working`. Throws geo::Error on read errors or cancellation.
    static FeatureTable load(const VectorSource& source, OGRLayer& layer, const OGRSpatialReference& layer_srs,
                             const OGRSpatialReference& working, const LoadOptions& options);

    // The same features with other attribute fields (all, or options.only_fields), read again
    // from `layer` (use the same filter) without their geometry, sharing this table's
    // geometries and index. So a viewer can draw first and read the attributes after. Throws
    // geo::Error if the layer no longer holds the same features, or on read errors.
    FeatureTable with_fields(const VectorSource& source, OGRLayer& layer, const LoadOptions& options) const;

    FeatureTable(FeatureTable&&) noexcept;
    FeatureTable& operator=(FeatureTable&&) noexcept;
    ~FeatureTable();

    const std::string& name() const { return name_; }
    std::size_t size() const { return fids_->size(); }
    const std::vector<std::string>& field_names() const { return field_names_; }
    // Index of a field by name, or nullopt.
    std::optional<std::size_t> field_index(std::string_view name) const;
    std::string_view value(std::size_t row, std::size_t field) const;
    bool is_null(std::size_t row, std::size_t field) const;
    std::int64_t fid(std::size_t row) const { return (*fids_)[row]; }

    // The (valid, repaired if needed) geometry; null for features without geometry, or not
    // kept (LoadOptions::keep_geometry). With check_validity_later, the first call checks every
    // row's validity (on all cores; other callers wait for it).
    const GEOSGeometry* geometry(std::size_t row) const;
    // The geometry as loaded, without waiting for check_validity_later's check: for drawing,
    // where an invalid ring is filled as it is (even-odd). Valid when loaded without it.
    const GEOSGeometry* geometry_to_draw(std::size_t row) const;
    // `read` as load() keeps a row's geometry: in GEOS, made valid if it is not.
    static GeomPtr valid_geometry(const OGRGeometry& read);
    bool was_repaired(std::size_t row) const;
    std::size_t repaired_count() const;
    double area_m2(std::size_t row) const; // planar, 0 for non-polygons
    Envelope extent() const;
    // The row's envelope, known without asking GEOS (zero for a row without geometry); that of
    // the geometry as read where check_validity_later repairs it (a repair only loses parts).
    Envelope envelope(std::size_t row) const;
    // When the row's geometry is a polygon of one strictly convex ring (most parcels), that
    // ring's coordinates as read (x, y pairs, closed); empty otherwise. Drawing reads these
    // rather than walk a million GEOS objects.
    std::span<const double> convex_ring(std::size_t row) const;
    OGRwkbGeometryType geometry_type() const { return geometry_type_; }

    // Builds the spatial index now, if not built yet; thread-safe (other callers wait for it).
    void build_index() const;

    // Rows whose geometry intersects the point (x, y), or lies within `tolerance` of it (for
    // lines and points), nearest first. For picking: answers in well under 10 ms at 1M rows.
    std::vector<std::size_t> rows_at(double x, double y, double tolerance = 0) const;
    // The rows holding these FIDs (FIDs not in the table are skipped), in the given order.
    std::vector<std::size_t> rows_of(const std::vector<std::int64_t>& fids) const;
    // Rows whose geometry intersects `area`.
    std::vector<std::size_t> rows_intersecting(const GEOSGeometry& area) const;

private:
    struct SourceField;
    struct Shapes; // geometries, repair flags, extent and index: shared with with_fields' copies

    FeatureTable() = default;
    std::vector<SourceField> define_fields(const OGRFeatureDefn& definition, const std::vector<std::string>& only);
    void append_attributes(const OGRFeature& feature, const std::vector<SourceField>& fields, const std::string& path);
    GEOSSTRtree& tree() const;
    void check_validity() const; // check_validity_later's check, once

    std::string name_;
    OGRwkbGeometryType geometry_type_ = wkbUnknown;
    std::vector<std::string> field_names_;
    // Column c's cell r is text_[c].substr(offsets_[c][r], offsets_[c][r+1] - offsets_[c][r]).
    std::vector<std::string> text_;
    std::vector<std::vector<std::uint32_t>> offsets_;
    std::vector<std::vector<bool>> nulls_;
    std::shared_ptr<std::vector<std::int64_t>> fids_;
    std::shared_ptr<Shapes> shapes_;
};

// A field's value as a FeatureTable keeps it: text as read, numbers in their shortest
// round-trip form; empty when null.
std::string field_text(const OGRFeature& feature, int field);

} // namespace geo
