#pragma once
// The query panel: features of one layer standing in a GEOS predicate to another layer (or a
// WKT geometry), with WHERE filters, in one source or across a city's sources; runs the geo
// query engine in the background, selects the results on the map and in the table, and exports
// them to GeoPackage or CSV.
#include <QDockWidget>
#include <QFutureWatcher>
#include <atomic>
#include <vector>

#include "geo/query.h"
#include "source_selection.h"

class QComboBox;
class QLineEdit;
class QDoubleSpinBox;
class QLabel;
class QPushButton;

#include "translated_texts.h"

namespace ui {

class QueryDock : public QDockWidget {
    Q_OBJECT
public:
    explicit QueryDock(QWidget* parent = nullptr);
    ~QueryDock() override;
    // The data sources the layers come from (a county's, or each county of a city, all queried
    // as one) and the layer names to offer.
    void set_sources(const QStringList& sources, const QStringList& layers);
    const QStringList& sources() const { return sources_; }
    // Fills the form (menus, tests) and runs it.
    void run(const QString& subject, const QString& predicate, const QString& other, const QString& where = {},
             double distance = 0);
    // The last query's matches, by source.
    const SourceSelection& result() const { return result_; }
    // Drawing a polygon on the map: while on, map clicks add vertices (add_vertex).
    bool drawing() const { return drawing_; }
    void add_vertex(double x, double y);
    const std::vector<std::pair<double, double>>& sketch() const { return sketch_; }

signals:
    void sketch_changed(const std::vector<std::pair<double, double>>& vertices);
    void finished(const SourceSelection& result);

protected:
    void changeEvent(QEvent* event) override; // retranslates on LanguageChange

private:
    TranslatedTexts texts_;
    geo::QueryOptions options() const;
    void start();
    void export_results();

    QStringList sources_;
    QComboBox* subject_;
    QComboBox* predicate_;
    QComboBox* other_;
    QLineEdit* wkt_;
    QDoubleSpinBox* distance_;
    QLineEdit* where_;
    QLineEdit* other_where_;
    QLabel* status_;
    QPushButton* run_;
    QPushButton* export_;
    QPushButton* draw_;
    bool drawing_ = false;
    std::vector<std::pair<double, double>> sketch_;
    QFutureWatcher<std::pair<SourceSelection, QString>> watcher_;
    std::atomic<bool> cancel_ = false; // set by the Cancel button (and the dock going)
    SourceSelection result_;
};

} // namespace ui
