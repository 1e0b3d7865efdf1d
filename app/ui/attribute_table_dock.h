#pragma once
// The attribute table: one layer's features in a sortable table, filtered by an OGR SQL WHERE
// (evaluated by GDAL on the source layer, off the GUI thread), with the selection shared with
// the map.
#include <QDockWidget>
#include <QFuture>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "filter_controller.h"
#include "source_selection.h"

class QAbstractItemModel;
class QComboBox;
class QLineEdit;
class QTableView;
class QLabel;

namespace geo {
class FeatureTable;
}

#include "translated_texts.h"

namespace ui {

class FeatureTableModel;
class SourceTableModel;

class AttributeTableDock : public QDockWidget {
    Q_OBJECT
public:
    // Starts evaluating a WHERE on a layer; the future answers with the table rows that match.
    using WhereEvaluator = std::function<QFuture<FilterResult>(const QString& layer, const QString& where)>;

    explicit AttributeTableDock(QWidget* parent = nullptr);
    void set_layers(const QStringList& names,
                    std::function<std::shared_ptr<const geo::FeatureTable>(const QString&)> lookup,
                    WhereEvaluator where);
    // A layer of a county viewed as pictures (too large to hold), in each source holding it (a
    // city's counties in one table): its attributes read from the sources page by page, sorted
    // by them (SourceTableModel); rows chosen are the selection the map outlines.
    struct SourceLayer {
        QString label; // as the layer list shows it
        std::vector<std::string> paths;
        std::string layer;
    };
    void set_source_layers(std::vector<SourceLayer> layers);
    bool from_sources() const { return from_sources_; }
    // Shows only these features (a query's result), `why` in the footer.
    void show_source_features(const SourceSelection& features, const QString& why);
    SourceTableModel* source_model() const { return source_model_; }
    void show_layer(const QString& name);
    QString current_layer() const;
    // Selects these table rows in the view (from a map click or a query), scrolling to the first.
    void select_rows(const std::vector<std::size_t>& rows);
    // Shows only `rows` (a query's result), the footer saying so and the WHERE box cleared.
    void show_only(const std::vector<std::size_t>& rows, const QString& why);
    FeatureTableModel* model() const { return model_; }
    QTableView* view() const { return view_; }

signals:
    void selection_changed(const QString& layer, const std::vector<std::size_t>& rows);
    // Rows of a layer read from its sources were selected.
    void source_selection_changed(const SourceSelection& features);
    // A row of a layer read from its source was double-clicked: feature `fid` of `layer` of `path`.
    void source_feature_activated(const std::string& path, const std::string& layer, long long fid);
    // A WHERE has been applied, or refused (the footer says why).
    void filtered();

protected:
    void changeEvent(QEvent* event) override; // retranslates on LanguageChange

private:
    TranslatedTexts texts_;
    void apply_where();
    void use_model(QAbstractItemModel* model); // and follows its selection
    void show_source_layer(const QString& label);
    void show_source_rows(const QString& error);
    void show_count();

    QComboBox* layers_;
    QLineEdit* where_;
    QLabel* status_;
    QTableView* view_;
    FeatureTableModel* model_;
    SourceTableModel* source_model_;
    std::vector<SourceLayer> source_layers_;
    bool from_sources_ = false;
    bool source_pending_ = false; // chosen while the dock was hidden: read once it shows
    QString source_rows_why_;     // what the rows read from the sources are (a query's result), if not all
    std::function<std::shared_ptr<const geo::FeatureTable>(const QString&)> lookup_;
    WhereEvaluator evaluate_;
    bool syncing_ = false;
    unsigned filter_request_ = 0; // a newer WHERE or another layer makes an older answer stale
};

} // namespace ui
