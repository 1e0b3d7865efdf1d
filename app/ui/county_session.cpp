#include "county_session.h"

#include "geo/crs.h"
#include "geo/feature_table.h"
#include "geo/vector_source.h"

namespace ui {

void CountySession::show(std::shared_ptr<LoadResult> data, std::unique_ptr<scene::CountyScene> scene)
{
    data_ = std::move(data);
    scene_ = std::move(scene);
    analysing_ = false;
    emit shown();
}

void CountySession::finish_analysis(std::shared_ptr<scene::CountyAnalysis> analysis)
{
    analysing_ = false;
    if (analysis && data_) {
        data_->analysis = analysis;
        // The complete tables (every attribute) take the place of the ones drawn from.
        for (std::size_t i = 0; i < analysis->tables.size(); ++i) {
            data_->county.layers[i].table = analysis->tables[i];
            if (auto* on_screen = scene_->layer(analysis->tables[i]->name()))
                on_screen->table = analysis->tables[i];
        }
    }
    emit analysed();
}

scene::SceneLayer* CountySession::layer(const QString& name) const
{
    return scene_ ? scene_->layer(name.toStdString()) : nullptr;
}

std::string CountySession::primary_path() const
{
    return data_ ? geo::parse_source_spec(data_->county.sources.front()).path : std::string();
}

QString CountySession::crs_code() const
{
    return data_ ? QString::fromStdString(geo::describe(*data_->county.working).authority_code) : QString();
}

} // namespace ui
