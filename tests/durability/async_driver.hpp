#pragma once
// Drives many participants over real WebSocket connections from one I/O thread (Beast inside,
// not in this header). Each participant reconnects with a short jittered backoff whenever its
// connection ends, so a killed server is simply reconnected to once it listens again.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "chat_model.hpp"

namespace fenliu::durability {

class async_driver {
 public:
  /// `port` is read before every connect: the test may move the server to another port when a
  /// restart cannot bind the old one. The participants and the ledger must outlive the driver.
  async_driver(ledger& l, std::vector<participant*> participants,
               const std::atomic<std::uint16_t>& port, unsigned seed);
  ~async_driver();
  async_driver(const async_driver&) = delete;
  async_driver& operator=(const async_driver&) = delete;

  /// Starts the I/O thread.
  void start();
  /// Closes every connection and joins the I/O thread. Idempotent.
  void stop();
  /// Connections that completed the WebSocket handshake and are open now.
  int open_connections() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace fenliu::durability
