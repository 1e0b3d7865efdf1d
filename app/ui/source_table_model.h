#pragma once
// The attribute table of a layer not held in memory (a county viewed as pictures,
// picture_view_controller.h), in one source or across a city's sources (a first column naming
// each row's county): the rows' feature ids (all, those a WHERE keeps, or a query's result),
// sorted by any column, read off the GUI thread (source_rows.h); each row's attributes read
// from its source by id when the view shows it, a page at a time. Memory is 8 bytes a row and
// the pages seen.
#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "source_rows.h"
#include "source_selection.h"

class OGRLayer;

namespace geo {
class VectorSource;
}

namespace ui {

class SourceTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit SourceTableModel(QObject* parent = nullptr);
    ~SourceTableModel() override;

    // Layer `layer` of each of `paths` (files or PG: connections), unsorted: its fields at once,
    // its rows once their ids are read (rows_read). Throws geo::Error when a source cannot be
    // opened or lacks the layer.
    void set_layer(std::vector<std::string> paths, const std::string& layer);
    // Only these features of the layer (a query's result), at once (sorted when ready, if the
    // table is sorted).
    void show_features(const SourceSelection& features);
    // Keeps the rows an OGR SQL WHERE selects (empty: all), read again in the background.
    void set_where(const QString& where);
    // Sorts by a column in the background (-1: the sources' order); rows_read when done.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    // Rows asked for and not yet shown (the read's watcher may have finished before it says so).
    bool reading() const { return awaiting_; }
    const std::string& layer() const { return layer_name_; }
    const std::vector<std::string>& paths() const { return paths_; }
    // The source and feature id of a row, and the features of some rows.
    const std::string& path(int row) const;
    GIntBig fid(int row) const { return fid_of(rows_shown_.at(static_cast<std::size_t>(row))); }
    SourceSelection features(const std::vector<int>& rows) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

signals:
    // The rows are in; `error` says why there are none when GDAL refused the WHERE.
    void rows_read(const QString& error);

private:
    struct Source {
        std::unique_ptr<geo::VectorSource> source; // the GUI thread's handle, for the pages
        OGRLayer* layer = nullptr;
        std::vector<int> field_of_column; // its field for each of the table's fields, or -1
        std::string name;                 // its county's name (the first column of a city)
    };
    void start_reading();
    void show_rows();
    void replace_rows(std::vector<SourceRow> rows);
    int first_field_column() const { return sources_.size() > 1 ? 1 : 0; }
    const std::vector<QStringList>& page(std::size_t index) const;

    std::vector<std::string> paths_;
    std::string layer_name_;
    std::vector<Source> sources_;
    std::vector<std::string> fields_; // every source's fields by name, the first source's first
    std::vector<SourceRow> rows_shown_;
    std::string where_;
    std::optional<std::vector<SourceRow>> only_; // a query's result shown
    int sort_column_ = -1;
    Qt::SortOrder sort_order_ = Qt::AscendingOrder;
    mutable std::map<std::size_t, std::vector<QStringList>> pages_;
    QFutureWatcher<Rows> rows_;
    bool awaiting_ = false;
    // A newer layer, WHERE or sort makes an older read stale: it stops, its answer is dropped.
    std::shared_ptr<std::atomic<unsigned>> request_ = std::make_shared<std::atomic<unsigned>>(0);
};

} // namespace ui
