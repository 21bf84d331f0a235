#pragma once
// The fields a log line carries besides its message: which connection, request and identity it
// is about. Set on the thread that handles a frame or an HTTP request for as long as the
// handling runs (a log_scope), read by the log formatter on the same thread (the logger is
// synchronous). Cheap: one thread-local pointer per scope, no allocation.

#include <cstdint>
#include <string_view>

namespace fenliu::gateway {

struct log_fields {
  std::uint64_t conn = 0;        // WebSocket session id (0: none)
  std::uint64_t request_id = 0;  // the frame's request_id (ws), or the HTTP request's id
  bool has_request = false;      // request_id is set (a frame's may be 0)
  std::string_view kind = {};    // "ws" | "http"
  std::string_view role = {};    // the identity's role
  std::string_view shop = {};    // the identity's shop
};

/// The innermost scope's fields on this thread, or nullptr.
const log_fields* current_log_fields() noexcept;

/// Makes `fields` the current ones on this thread until destroyed (scopes nest). The viewed
/// strings must outlive the scope.
class log_scope {
 public:
  explicit log_scope(const log_fields& fields) noexcept;
  ~log_scope();
  log_scope(const log_scope&) = delete;
  log_scope& operator=(const log_scope&) = delete;
  log_fields& fields() noexcept { return fields_; }

 private:
  log_fields fields_;
  const log_fields* previous_;
};

/// A fresh id for an HTTP request (process-wide, increasing).
std::uint64_t next_http_request_id() noexcept;

}  // namespace fenliu::gateway
