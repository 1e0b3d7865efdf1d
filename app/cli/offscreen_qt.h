#pragma once
// What a command that paints (snapshot, review sheets) needs before its QGuiApplication: the
// offscreen platform when none is chosen (no display needed), and Qt's own notices (such as
// "XDG_RUNTIME_DIR not set") kept off stderr, which carries one line per error; PLANVIEW_DEBUG
// shows them.

namespace cli {

void prepare_offscreen_qt();

} // namespace cli
