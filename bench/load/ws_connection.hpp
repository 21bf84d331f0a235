#pragma once
// The load generator's only window onto Asio and Beast: an event loop (one io_context, run by
// one thread) and a client WebSocket connection driven by callbacks. Beast lives in
// ws_connection.cpp alone, so the scenario files compile without it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace fenliu::load {

/// Microseconds on the steady clock since the process started; one clock for every thread, so
/// a timestamp written by one connection can be read by another.
std::int64_t now_us();

/// One io_context run by one thread. post() and after() may be called from any thread.
class event_loop {
 public:
  event_loop();
  ~event_loop();
  event_loop(const event_loop&) = delete;
  event_loop& operator=(const event_loop&) = delete;

  /// Runs handlers until stop() or until nothing is left to do.
  void run();
  void stop();
  void post(std::function<void()> fn);
  /// Calls `fn` on this loop after `delay`.
  void after(std::chrono::microseconds delay, std::function<void()> fn);

  struct impl;
  impl& get() { return *impl_; }

 private:
  std::unique_ptr<impl> impl_;
};

/// Callbacks of one connection; all run on the connection's loop.
class frame_handler {
 public:
  virtual ~frame_handler() = default;
  /// The upgrade completed.
  virtual void on_open() = 0;
  /// One complete binary (or text) message.
  virtual void on_frame(std::string_view bytes) = 0;
  /// The connection ended. `close_code` is the peer's WebSocket close code (0 if none);
  /// `error` is set when it ended by an I/O error or a refused upgrade.
  virtual void on_closed(int close_code, std::string_view error) = 0;
};

struct connect_target {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string path = "/ws";  // with the query, e.g. "/ws?token=..."
  std::string source_ip;     // bind before connect (more than ~28k ports to one address)
};

/// A client WebSocket. Owned by a shared_ptr; pending operations keep it alive. The handler
/// must outlive the connection's last callback (scenarios keep handlers until the loop ends).
class ws_connection {
 public:
  virtual ~ws_connection() = default;
  static std::shared_ptr<ws_connection> create(event_loop& loop, frame_handler& handler);

  /// Starts TCP connect + upgrade; ends in on_open() or on_closed().
  virtual void connect(const connect_target& target) = 0;
  /// Queues one binary message. Must be called on the connection's loop.
  virtual void send(std::string bytes) = 0;
  /// Writes what is queued, then closes normally (1000); on_closed() follows.
  virtual void close() = 0;
  /// Messages queued and not yet written.
  virtual std::size_t queued() const = 0;
};

}  // namespace fenliu::load
