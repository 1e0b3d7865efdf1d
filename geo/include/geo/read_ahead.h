#pragma once
// Runs a producer on one thread of its own, keeping up to `depth` results ready ahead of the
// consumer: GDAL reads the next batches while the caller converts this one. One persistent
// thread, not a new one per batch, so GDAL and SQLite stay warm in one core's cache and what the
// producer allocates it also frees. An exception in the producer is rethrown by next().
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace geo {

template <typename T> class ReadAhead {
public:
    // `produce` returns nullopt when there is nothing more.
    ReadAhead(std::function<std::optional<T>()> produce, std::size_t depth)
        : produce_(std::move(produce)), depth_(depth), thread_([this] { run(); })
    {}
    ~ReadAhead()
    {
        {
            const std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    // The next result in order, or nullopt at the end.
    std::optional<T> next()
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
        if (!ready_.empty()) {
            T item = std::move(ready_.front());
            ready_.pop_front();
            changed_.notify_all();
            return item;
        }
        if (error_)
            std::rethrow_exception(error_);
        return std::nullopt;
    }

private:
    void run()
    {
        try {
            for (;;) {
                {
                    std::unique_lock lock(mutex_);
                    changed_.wait(lock, [&] { return ready_.size() < depth_ || stopping_; });
                    if (stopping_)
                        break;
                }
                std::optional<T> item = produce_();
                const std::lock_guard lock(mutex_);
                if (!item)
                    break;
                ready_.push_back(std::move(*item));
                changed_.notify_all();
            }
        } catch (...) {
            const std::lock_guard lock(mutex_);
            error_ = std::current_exception();
        }
        const std::lock_guard lock(mutex_);
        finished_ = true;
        changed_.notify_all();
    }

    std::function<std::optional<T>()> produce_;
    std::size_t depth_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<T> ready_;
    bool finished_ = false, stopping_ = false;
    std::exception_ptr error_;
    std::thread thread_; // last: started once everything above is ready
};

} // namespace geo
