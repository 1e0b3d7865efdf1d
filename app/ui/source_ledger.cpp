#include "source_ledger.h"

#include <QtConcurrent>

#include "background_priority.h"
#include "geo/ledger_loader.h"
#include "geo/targets.h"

namespace ui {

struct SourceLedger::Loaded {
    std::unique_ptr<geo::LedgerData> data; // null: not read, `why` says so
    QString why;
    std::string county_path;
};

SourceLedger::SourceLedger(QObject* parent) : QObject(parent)
{
    connect(&loading_, &QFutureWatcher<std::shared_ptr<Loaded>>::finished, this, [this] {
        if (cancel_)
            return; // stopped: another county is on its way
        loaded_ = loading_.result();
        if (!loaded_->data) {
            emit unavailable(loaded_->why);
            return;
        }
        emit ready(loaded_->data->ledger.get(), QString::fromStdString(loaded_->county_path));
    });
}

SourceLedger::~SourceLedger()
{
    stop();
}

void SourceLedger::stop()
{
    cancel_ = true;
    loading_.waitForFinished();
    loaded_.reset();
}

void SourceLedger::load(const std::string& county_path, const std::string& targets_path, std::size_t budget)
{
    stop();
    cancel_ = false;
    loading_.setFuture(QtConcurrent::run([county_path, targets_path, budget, cancel = &cancel_] {
        const scene::BackgroundPriority below_the_pictures(scene::kIdleNice);
        auto loaded = std::make_shared<Loaded>();
        loaded->county_path = county_path;
        try {
            const geo::TargetsFile targets = geo::load_targets(targets_path);
            const geo::LedgerSize size = geo::ledger_size(county_path, targets);
            const double needed = static_cast<double>(size.bytes);
            if (budget > 0 && needed > static_cast<double>(budget)) {
                loaded->why =
                    tr("No targets: their layers' %L1 features need about %2 GB, more than the %3 GB the viewer "
                       "may take (`planview targets` computes them)")
                        .arg(size.features)
                        .arg(needed / 1e9, 0, 'f', 1)
                        .arg(static_cast<double>(budget) / 1e9, 0, 'f', 1);
                return loaded;
            }
            loaded->data = geo::load_ledger(county_path, targets, cancel);
        } catch (const std::exception& e) {
            loaded->why = tr("No targets: %1").arg(QString::fromUtf8(e.what()));
        }
        return loaded;
    }));
}

} // namespace ui
