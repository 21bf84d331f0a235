#pragma once
// One coarse timer for every WebSocket session's deadlines (pings, idle timeout, token expiry)
// instead of a timer, a parked coroutine and a timer-queue update per session: an idle session
// costs one entry in a slot here. A deadline fires within one tick after it is due; a session
// whose deadline moved later (a frame arrived) is called early, finds nothing due and schedules
// itself again, as its own timer would have.

#include <chrono>
#include <cstdint>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace fenliu::gateway {

/// What the wheel calls when a deadline is due. Called on an I/O thread outside any session's
/// strand: the client hops to its own strand.
class deadline_client {
 public:
  virtual ~deadline_client() = default;
  virtual void on_deadline() = 0;
};

class deadline_wheel {
 public:
  /// Deadlines are steady-clock milliseconds (the session policy's time line).
  explicit deadline_wheel(boost::asio::io_context& io,
                          std::chrono::milliseconds tick = std::chrono::milliseconds(50));
  ~deadline_wheel();
  deadline_wheel(const deadline_wheel&) = delete;
  deadline_wheel& operator=(const deadline_wheel&) = delete;

  /// Thread-safe. Calls `client->on_deadline()` once, about one tick after `at_ms`, unless the
  /// client is gone by then.
  void schedule(std::weak_ptr<deadline_client> client, std::int64_t at_ms);
  /// Stops the timer; pending deadlines are dropped. Thread-safe.
  void stop();
  /// Entries waiting (for tests and metrics).
  std::size_t pending() const;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace fenliu::gateway
