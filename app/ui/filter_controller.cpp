#include "filter_controller.h"

#include <QtConcurrent/QtConcurrent>

#include "county_session.h"
#include "geo/feature_table.h"
#include "geo/vector_source.h"

namespace ui {

FilterController::FilterController(const CountySession& session, QObject* parent) : QObject(parent), session_(session)
{}

QFuture<FilterResult> FilterController::rows_matching(const QString& layer_name, const QString& where) const
{
    const auto* layer = session_.layer(layer_name);
    if (layer == nullptr)
        return QtFuture::makeReadyFuture(FilterResult{{}, tr("No layer %1").arg(layer_name)});
    return QtConcurrent::run(
        [table = layer->table, sources = session_.county().sources, where = where.toStdString()]() -> FilterResult {
            try {
                // The first source holding the layer is the one it was read from.
                for (const auto& source_text : sources) {
                    geo::VectorSource source = geo::VectorSource::open(geo::parse_source_spec(source_text).path);
                    if (OGRLayer* ogr = source.dataset().GetLayerByName(table->name().c_str()))
                        return {table->rows_of(geo::fids_matching(*ogr, where)), {}};
                }
                return {{}, QObject::tr("No source holds the layer %1").arg(QString::fromStdString(table->name()))};
            } catch (const std::exception& e) {
                return {{}, QString::fromUtf8(e.what())};
            }
        });
}

} // namespace ui
