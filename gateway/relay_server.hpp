#pragma once
// A cluster node that does not own its shop: it serves WebSocket clients and relays their
// sessions to the owner over Redis (gateway/relay), with the web UI's files and the endpoints
// its configuration answers alone. It opens no store: the owner writes everything. When the
// node takes the shop over, main stops this and starts a gateway::server on the same port.
// No Asio or Beast in this header.

#include <cstdint>
#include <functional>
#include <memory>

#include "gateway/config/config.hpp"

namespace fenliu::gateway {

class relay_server {
 public:
  /// Needs config.cluster.redis.
  explicit relay_server(server_config config);
  ~relay_server();
  relay_server(const relay_server&) = delete;
  relay_server& operator=(const relay_server&) = delete;

  /// Binds the listener, connects to Redis and starts the I/O threads. Returns the port.
  std::uint16_t start();
  /// Closes every session with 1001 (after its queued frames, bounded by
  /// limits.shutdown_drain_ms), stops the listener and the threads. Blocks; idempotent.
  void stop();
  /// SIGINT/SIGTERM call `on_signal` (on an I/O thread).
  void on_signals(std::function<void()> on_signal);

  std::size_t relayed_sessions() const;
  const server_config& config() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace fenliu::gateway
