#pragma once
// The target ledger of a county viewed as pictures (too large to mesh: picture_view_controller.h):
// the layers its targets name and the three overlays read on their own in the background, when
// they fit in the memory the viewer may take (0.6 GB for a million parcels: geo/ledger_loader.h),
// so the targets dock and the map's bars follow the work report there too: one county's at a
// time, a city's first one's unless the dock's choice says another. Otherwise the targets dock
// says why there is none.
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

namespace geo {
class Ledger;
struct LedgerData;
} // namespace geo

namespace ui {

class SourceLedger : public QObject {
    Q_OBJECT
public:
    explicit SourceLedger(QObject* parent = nullptr);
    ~SourceLedger() override; // stops the read and waits for it

    // Reads the ledger of `county_path` against the targets file `targets_path`, unless it needs
    // more than `budget` bytes (0: no limit). Stops one being read.
    void load(const std::string& county_path, const std::string& targets_path, std::size_t budget);
    // Stops a read and forgets the ledger: a dock showing it must be given another first.
    void stop();

signals:
    // Valid until stop() or the next load().
    void ready(const geo::Ledger* ledger, const QString& county_path);
    void unavailable(const QString& why); // too large for the memory budget, or unreadable

private:
    struct Loaded;
    QFutureWatcher<std::shared_ptr<Loaded>> loading_;
    std::shared_ptr<Loaded> loaded_;
    std::atomic<bool> cancel_{false};
};

} // namespace ui
