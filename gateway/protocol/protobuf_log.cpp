#include "gateway/protocol/protobuf_log.hpp"

#include <google/protobuf/stubs/logging.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <string>

namespace fenliu::gateway {

log_line_limiter::verdict log_line_limiter::admit(std::int64_t now_ms) {
  if (!started_ || now_ms - window_start_ >= window_ms_) {
    started_ = true;
    window_start_ = now_ms;
    in_window_ = 0;
  }
  if (in_window_ >= lines_per_window_) {
    ++suppressed_;
    return {};
  }
  ++in_window_;
  verdict v{true, suppressed_};
  suppressed_ = 0;
  return v;
}

namespace {

struct handler_state {
  std::mutex mutex;
  std::unique_ptr<log_line_limiter> limiter;
};

handler_state& state() {
  static handler_state s;
  return s;
}

spdlog::level::level_enum to_spdlog(google::protobuf::LogLevel level) {
  switch (level) {
    case google::protobuf::LOGLEVEL_INFO:
      return spdlog::level::info;
    case google::protobuf::LOGLEVEL_WARNING:
      return spdlog::level::warn;
    case google::protobuf::LOGLEVEL_ERROR:
      return spdlog::level::err;
    case google::protobuf::LOGLEVEL_FATAL:
      return spdlog::level::critical;
  }
  return spdlog::level::err;
}

void handle(google::protobuf::LogLevel level, const char* filename, int line,
            const std::string& message) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                       .count();
  auto& s = state();
  log_line_limiter::verdict v;
  {
    std::lock_guard lock(s.mutex);
    v = s.limiter->admit(now);
  }
  if (v.suppressed > 0) {
    spdlog::warn("protobuf: {} log lines suppressed (rate limit)", v.suppressed);
  }
  if (v.emit) {
    spdlog::log(to_spdlog(level), "protobuf: {} ({}:{})", message, filename, line);
  }
}

}  // namespace

void install_protobuf_log_handler(int lines_per_window, std::int64_t window_ms) {
  static std::once_flag once;
  std::call_once(once, [&] {
    state().limiter = std::make_unique<log_line_limiter>(lines_per_window, window_ms);
    google::protobuf::SetLogHandler(&handle);
  });
}

}  // namespace fenliu::gateway
