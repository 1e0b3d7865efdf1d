#pragma once
// Ctrl-C (SIGINT) and SIGTERM ask long commands to stop cleanly: they finish the current
// batch, remove their temporary output and leave what the user had untouched.
#include <atomic>

namespace cli {

// Installs the handlers (once) and returns the flag they set, cleared.
const std::atomic<bool>& cancel_on_interrupt();

} // namespace cli
