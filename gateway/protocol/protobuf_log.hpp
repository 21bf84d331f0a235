#pragma once
// protobuf's own log lines (for example one per string field with invalid UTF-8, which any client
// can send) go to the project's logger, rate limited, instead of straight to stderr.

#include <cstdint>

namespace fenliu::gateway {

/// Fixed windows of `window_ms`: the first `lines_per_window` lines of a window pass, the rest
/// are counted. Time is passed in. Not thread-safe (the handler holds a mutex around it).
class log_line_limiter {
 public:
  log_line_limiter(int lines_per_window, std::int64_t window_ms)
      : lines_per_window_(lines_per_window), window_ms_(window_ms) {}

  struct verdict {
    bool emit = false;             // write this line
    std::uint64_t suppressed = 0;  // lines dropped since the last summary: report them first
  };

  /// One line at `now_ms`. `suppressed` is non-zero on the first line that passes after some
  /// were dropped, so every dropped line is counted in exactly one summary.
  verdict admit(std::int64_t now_ms);

 private:
  int lines_per_window_;
  std::int64_t window_ms_;
  std::int64_t window_start_ = 0;
  int in_window_ = 0;
  bool started_ = false;
  std::uint64_t suppressed_ = 0;
};

/// Routes protobuf's log handler into spdlog's default logger (lines start with "protobuf:"), at
/// most `lines_per_window` lines per `window_ms`, then one summary line with
/// the number dropped. The first call installs it; later calls change nothing. Call at start-up,
/// before threads that parse frames run (protobuf's SetLogHandler is not thread-safe).
void install_protobuf_log_handler(int lines_per_window = 10, std::int64_t window_ms = 1000);

}  // namespace fenliu::gateway
