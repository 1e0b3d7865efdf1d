#include "interrupt.h"

#include <csignal>

namespace cli {
namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void on_interrupt(int)
{
    g_interrupted.store(true);
}
} // namespace

const std::atomic<bool>& cancel_on_interrupt()
{
    g_interrupted = false;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    return g_interrupted;
}

} // namespace cli
