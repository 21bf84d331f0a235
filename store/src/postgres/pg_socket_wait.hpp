#pragma once
// Waiting for libpq's socket through Asio, for one store thread. Kept apart so that one
// translation unit of the store compiles Asio.

#include <chrono>
#include <memory>

namespace fenliu::store::pg {

class socket_wait {
 public:
  socket_wait();
  ~socket_wait();
  socket_wait(const socket_wait&) = delete;
  socket_wait& operator=(const socket_wait&) = delete;

  enum class outcome { ready, timed_out, failed };
  /// Waits until `fd` (libpq's PQsocket) is readable (`read`), writable (`write`), either, or
  /// `until` passes. The descriptor stays libpq's: it is registered for this wait only, so a
  /// socket that libpq replaced (a reconnect) or that was already ready is seen correctly.
  outcome wait(int fd, bool read, bool write, std::chrono::steady_clock::time_point until);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace fenliu::store::pg
