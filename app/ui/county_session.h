#pragma once
// The county on screen, shared by the window and its controllers: what was loaded, the scene
// drawn from it, and (once the background analysis is done) the complete tables, indexes,
// overlays and ledger. GUI thread only.
#include <QObject>
#include <memory>
#include <string>

#include "county_analysis.h"
#include "county_loader.h"
#include "county_scene.h"

namespace ui {

// What a background load hands to the GUI thread: first the county, drawn at once; then,
// from a second background task while the user already looks at it, the analysis (indexes,
// overlays, ledger) that identify and the targets need.
struct LoadResult {
    scene::LoadedCounty county;
    std::shared_ptr<scene::CountyAnalysis> analysis; // null until the analysis has finished
    QString error;
    // Viewed as pictures: the county cannot be meshed in the memory free (memory_budget.h), or
    // the sources are a city's, viewed as one (LoadOptions::city_as_one).
    bool too_large = false;
};

class CountySession : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // Replaces the county; the caller has detached the old scene from every view first.
    void show(std::shared_ptr<LoadResult> data, std::unique_ptr<scene::CountyScene> scene);
    // The analysis has started (true) or ended; `analysis` is null when it failed or was
    // cancelled (the county stays, without what the analysis adds).
    void set_analysing(bool on) { analysing_ = on; }
    void finish_analysis(std::shared_ptr<scene::CountyAnalysis> analysis);

    bool has_county() const { return scene_ != nullptr; }
    bool analysing() const { return analysing_; }
    // Null before the first county is shown.
    scene::CountyScene* scene() const { return scene_.get(); }
    // The layer called `name` on screen, or null.
    scene::SceneLayer* layer(const QString& name) const;
    const scene::LoadedCounty& county() const { return data_->county; }
    // Shared with background tasks so that a county opened meanwhile frees nothing they read.
    std::shared_ptr<const LoadResult> data() const { return data_; }
    // Null until the analysis has finished (and after it failed).
    const scene::CountyAnalysis* analysis() const { return data_ ? data_->analysis.get() : nullptr; }
    // The first source's file (bookmarks, scenarios and reviews live beside it).
    std::string primary_path() const;
    // Authority code of the working CRS, e.g. "EPSG:4528".
    QString crs_code() const;

signals:
    void shown();    // a county is on screen (layers, table and camera work from here on)
    void analysed(); // the analysis ended (successfully or not): identify and targets can answer

private:
    std::shared_ptr<LoadResult> data_;
    std::unique_ptr<scene::CountyScene> scene_;
    bool analysing_ = false;
};

} // namespace ui
