#pragma once
// The attribute table of a layer not held in memory (a county viewed as pictures,
// picture_view_controller.h): the feature ids of its rows (all, or those a WHERE keeps) read by
// GDAL off the GUI thread, and each row's attributes read from the source by id when the view
// shows it, a page at a time. Memory is 8 bytes a row and the pages seen; nothing is sorted.
#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <ogr_core.h>

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

    // Layer `layer` of `path` (a file or a PG: connection): its fields at once, its rows once
    // their ids are read (rows_read). Throws geo::Error when it cannot be opened.
    void set_layer(const std::string& path, const std::string& layer);
    // Only these features of the layer (a query's result), at once.
    void show_fids(std::vector<GIntBig> fids);
    // Keeps the rows an OGR SQL WHERE selects (empty: all), read again in the background.
    void set_where(const QString& where);
    bool reading() const { return ids_.isRunning(); }
    // The layer shown and the feature id of a row of it.
    const std::string& path() const { return path_; }
    const std::string& layer() const { return layer_name_; }
    GIntBig fid(int row) const { return fids_.at(static_cast<std::size_t>(row)); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

signals:
    // The rows are in; `error` says why there are none when GDAL refused the WHERE.
    void rows_read(const QString& error);

public:
    struct Ids {
        std::vector<GIntBig> fids;
        QString error;
        unsigned request = 0;
    };

private:
    void read_ids(const QString& where);
    void show_ids();
    const std::vector<QStringList>& page(std::size_t index) const;

    std::string path_, layer_name_;
    std::unique_ptr<geo::VectorSource> source_; // the GUI thread's handle, for the pages
    OGRLayer* layer_ = nullptr;
    std::vector<std::string> fields_;
    std::vector<GIntBig> fids_; // the rows shown
    mutable std::map<std::size_t, std::vector<QStringList>> pages_;
    QFutureWatcher<Ids> ids_;
    unsigned request_ = 0; // a newer layer or WHERE makes an older read stale
};

} // namespace ui
