#include "query_dock.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QtConcurrent/QtConcurrent>

#include "geo/city_check.h"
#include "geo/compliance.h"
#include "geo/crs.h"
#include "geo/match_writer.h"
#include "geo/vector_source.h"

namespace ui {

QueryDock::QueryDock(QWidget* parent) : QDockWidget(parent)
{
    setObjectName("query");
    auto* body = new QWidget(this);
    auto* form = new QFormLayout(body);
    subject_ = new QComboBox(body);
    predicate_ = new QComboBox(body);
    // Shown in the UI's language; the GEOS predicate's name is the item's data.
    static const std::pair<const char*, const char*> predicates[] = {
        {"intersects", QT_TR_NOOP("intersects")},
        {"disjoint", QT_TR_NOOP("is disjoint from")},
        {"within", QT_TR_NOOP("is within")},
        {"contains", QT_TR_NOOP("contains")},
        {"covers", QT_TR_NOOP("covers")},
        {"covered_by", QT_TR_NOOP("is covered by")},
        {"overlaps", QT_TR_NOOP("overlaps")},
        {"touches", QT_TR_NOOP("touches")},
        {"crosses", QT_TR_NOOP("crosses")},
        {"equals", QT_TR_NOOP("equals")},
        {"dwithin", QT_TR_NOOP("is within a distance of")}};
    for (const auto& [code, label] : predicates) {
        const int index = predicate_->count();
        predicate_->addItem(QString(), QString::fromLatin1(code));
        texts_.add(label, [this, index](const QString& t) { predicate_->setItemText(index, t); });
    }
    other_ = new QComboBox(body);
    wkt_ = new QLineEdit(body);

    distance_ = new QDoubleSpinBox(body);
    distance_->setRange(0, 1e6);
    distance_->setSuffix(QStringLiteral(" m"));
    where_ = new QLineEdit(body);
    where_->setPlaceholderText(QStringLiteral("land_use_code = '1001'"));
    other_where_ = new QLineEdit(body);
    draw_ = new QPushButton(body);
    draw_->setCheckable(true);
    run_ = new QPushButton(body);
    export_ = new QPushButton(body);
    export_->setEnabled(false);
    status_ = new QLabel(body);
    // A long message (a GDAL SQL error) wraps inside the dock instead of widening the window;
    // the whole text stays in the tooltip.
    status_->setWordWrap(true);
    status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_->setWordWrap(true);
    // Each field with a label whose text follows the language.
    auto labelled = [&](const char* label, QWidget* field) {
        auto* text = new QLabel(body);
        form->addRow(text, field);
        texts_.add(label, [text](const QString& t) { text->setText(t); });
    };
    labelled(QT_TR_NOOP("Features of"), subject_);
    labelled(QT_TR_NOOP("that"), predicate_);
    labelled(QT_TR_NOOP("Other layer"), other_);
    labelled(QT_TR_NOOP("Geometry"), wkt_);
    form->addRow(QString(), draw_);
    labelled(QT_TR_NOOP("Distance"), distance_);
    labelled(QT_TR_NOOP("Where"), where_);
    labelled(QT_TR_NOOP("Other where"), other_where_);
    form->addRow(run_, export_);
    form->addRow(status_);
    setWidget(body);
    texts_.add(QT_TR_NOOP("Query"), [this](const QString& t) { setWindowTitle(t); });
    texts_.add(QT_TR_NOOP("or a geometry as WKT in the working CRS"),
               [this](const QString& t) { wkt_->setPlaceholderText(t); });
    texts_.add(QT_TR_NOOP("Draw a polygon on the map"), [this](const QString& t) { draw_->setText(t); });
    texts_.add(QT_TR_NOOP("Click the map to add corners; click the button again to finish."),
               [this](const QString& t) { draw_->setToolTip(t); });
    texts_.add(QT_TR_NOOP("Run"), [this](const QString& t) {
        if (!watcher_.isRunning())
            run_->setText(t);
    });
    texts_.add(QT_TR_NOOP("Export..."), [this](const QString& t) { export_->setText(t); });
    texts_.apply([this](const char* source) { return tr(source); });
    connect(draw_, &QPushButton::toggled, this, [this](bool on) {
        drawing_ = on;
        if (on) { // a new polygon
            sketch_.clear();
            wkt_->clear();
            emit sketch_changed(sketch_);
            status_->setText(tr("Click the map to add corners."));
            return;
        }
        if (sketch_.size() >= 3) {
            QString wkt = QStringLiteral("POLYGON((");
            for (const auto& [x, y] : sketch_)
                wkt += QStringLiteral("%1 %2, ").arg(x, 0, 'f', 3).arg(y, 0, 'f', 3);
            wkt +=
                QStringLiteral("%1 %2))").arg(sketch_.front().first, 0, 'f', 3).arg(sketch_.front().second, 0, 'f', 3);
            wkt_->setText(wkt);
            status_->setText(tr("Polygon of %n corner(s) ready: Run", nullptr, static_cast<int>(sketch_.size())));
        } else {
            status_->setText(tr("A polygon needs at least three corners."));
        }
    });
    connect(run_, &QPushButton::clicked, this, [this] {
        if (!watcher_.isRunning()) {
            start();
        } else { // the button says Cancel while a query runs
            cancel_ = true;
            status_->setText(tr("Cancelling..."));
        }
    });
    connect(export_, &QPushButton::clicked, this, &QueryDock::export_results);
    connect(&watcher_, &QFutureWatcher<std::pair<SourceSelection, QString>>::finished, this, [this] {
        auto [result, error] = watcher_.result();
        run_->setText(tr("Run"));
        if (cancel_) {
            status_->setText(tr("Query cancelled"));
            return;
        }
        if (!error.isEmpty()) {
            status_->setText(error);
            status_->setToolTip(error);
            return;
        }
        result_ = std::move(result);
        export_->setEnabled(true);
        status_->setText(tr("%n feature(s) match", nullptr, static_cast<int>(result_.size())));
        emit finished(result_);
    });
}

void QueryDock::add_vertex(double x, double y)
{
    if (!drawing_)
        return;
    sketch_.emplace_back(x, y);
    status_->setText(tr("%n corner(s); click the button again to finish.", nullptr, static_cast<int>(sketch_.size())));
    emit sketch_changed(sketch_);
}

void QueryDock::set_sources(const QStringList& sources, const QStringList& layers)
{
    sources_ = sources;
    subject_->clear();
    subject_->addItems(layers);
    other_->clear();
    other_->addItems(layers);
    if (layers.contains(QStringLiteral("parcels")))
        subject_->setCurrentText(QStringLiteral("parcels"));
    if (layers.contains(QStringLiteral("eco_redline")))
        other_->setCurrentText(QStringLiteral("eco_redline"));
}

void QueryDock::run(const QString& subject, const QString& predicate, const QString& other, const QString& where,
                    double distance)
{
    subject_->setCurrentText(subject);
    predicate_->setCurrentIndex(std::max(0, predicate_->findData(predicate)));
    other_->setCurrentText(other);
    where_->setText(where);
    distance_->setValue(distance);
    start();
}

geo::QueryOptions QueryDock::options() const
{
    geo::QueryOptions o;
    const std::string first = sources_.isEmpty() ? std::string() : sources_.front().toStdString();
    for (qsizetype i = 1; i < sources_.size(); ++i)
        o.more_sources.push_back(sources_[i].toStdString());
    o.subject = {first, subject_->currentText().toStdString()};
    if (wkt_->text().trimmed().isEmpty())
        o.other = {first, other_->currentText().toStdString()};
    else
        o.wkt = wkt_->text().trimmed().toStdString();
    o.predicate = geo::parse_predicate(predicate_->currentData().toString().toStdString());
    o.distance = distance_->value();
    o.where = where_->text().trimmed().toStdString();
    o.other_where = other_where_->text().trimmed().toStdString();
    return o;
}

QueryDock::~QueryDock()
{
    cancel_ = true; // the query reads the dock's flag: it stops before the dock goes
    watcher_.waitForFinished();
}

void QueryDock::start()
{
    if (sources_.isEmpty() || watcher_.isRunning())
        return;
    run_->setText(tr("Cancel"));
    status_->setText(tr("Running..."));
    cancel_ = false;
    const geo::QueryOptions o = options();
    // A city's query reads every county (a minute at ten million parcels): its share read is
    // shown as it goes, each percent once.
    auto report = [this, shown = std::make_shared<std::atomic<int>>(-1)](double done) {
        const int percent = static_cast<int>(done * 100);
        if (shown->exchange(percent) != percent)
            QMetaObject::invokeMethod(
                this,
                [this, percent] {
                    if (watcher_.isRunning() && !cancel_)
                        status_->setText(tr("Running... %1%").arg(percent));
                },
                Qt::QueuedConnection);
    };
    watcher_.setFuture(QtConcurrent::run([o, report, cancel = &cancel_]() -> std::pair<SourceSelection, QString> {
        try {
            SourceSelection result;
            result.layer = o.subject.layer;
            result.sources.push_back({o.subject.path, {}});
            for (const std::string& source : o.more_sources)
                result.sources.push_back({source, {}});
            geo::QueryCallbacks callbacks;
            callbacks.on_matches = [&](std::vector<geo::QueryMatch>& matches) {
                for (const auto& m : matches)
                    result.sources[m.source].fids.push_back(m.fid);
            };
            callbacks.on_progress = report;
            callbacks.cancel = cancel;
            geo::run_query(o, callbacks);
            return {std::move(result), {}};
        } catch (const std::exception& e) {
            return {{}, QString::fromUtf8(e.what())};
        }
    }));
}

void QueryDock::export_results()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export query results"), QStringLiteral("query.gpkg"),
                                                      tr("GeoPackage (*.gpkg);;CSV (*.csv);;GeoJSON (*.geojson)"));
    if (path.isEmpty())
        return;
    const geo::QueryOptions o = options();
    status_->setText(tr("Exporting..."));
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        const QString error = watcher->result();
        status_->setText(error.isEmpty() ? tr("Exported %1").arg(path) : error);
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([o, path]() -> QString {
        try {
            geo::CheckOptions probe;
            probe.parcels = o.subject;
            const auto working = geo::srs_from_user_text(geo::choose_working_crs(probe));
            geo::QueryOptions with_crs = o;
            with_crs.working_crs = geo::describe(*working).authority_code;
            geo::MatchWriter writer(path.toStdString(), *working);
            if (!o.more_sources.empty()) { // a city: each match says its county
                std::vector<std::string> counties{geo::county_name(o.subject.path)};
                for (const std::string& source : o.more_sources)
                    counties.push_back(geo::county_name(source));
                writer.name_sources(std::move(counties));
            }
            geo::QueryCallbacks callbacks;
            callbacks.on_matches = [&](std::vector<geo::QueryMatch>& matches) { writer.add(matches); };
            geo::run_query(with_crs, callbacks);
            auto source = geo::VectorSource::open(o.subject.path);
            writer.finish(source.layer(o.subject.layer).GetLayerDefn());
            return {};
        } catch (const std::exception& e) {
            return QString::fromUtf8(e.what());
        }
    }));
}

void QueryDock::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        texts_.apply([this](const char* source) { return tr(source); });
    QDockWidget::changeEvent(event);
}

} // namespace ui
