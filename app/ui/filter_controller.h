#pragma once
// Attribute filters: an OGR SQL WHERE evaluated by GDAL on the layer's source, on a worker
// thread (a WHERE over a million rows must not freeze the window), answered as table rows.
#include <QFuture>
#include <QObject>
#include <vector>

namespace ui {

class CountySession;

// The rows a WHERE matched, or why it could not be evaluated (then `rows` is empty).
struct FilterResult {
    std::vector<std::size_t> rows;
    QString error;
};

class FilterController : public QObject {
    Q_OBJECT
public:
    explicit FilterController(const CountySession& session, QObject* parent = nullptr);
    // Starts evaluating `where` on `layer`; the future never throws. Each evaluation opens the
    // source on its own (one GDAL dataset per thread) and holds the table it maps FIDs onto,
    // so a county opened meanwhile frees nothing it uses.
    QFuture<FilterResult> rows_matching(const QString& layer, const QString& where) const;

private:
    const CountySession& session_;
};

} // namespace ui
