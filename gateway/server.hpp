#pragma once
// The fenliu server: HTTP + WebSocket gateway, router service and store, wired together.
// No Asio or Beast in this header: main and the integration tests include it cheaply.

#include <cstdint>
#include <memory>

#include "gateway/config/config.hpp"

namespace fenliu::store {
class write_fence;
}

namespace fenliu::gateway {

class server {
 public:
  /// Opens the store in config.store.data_dir, seeds it from the shop config and rebuilds the
  /// router's live state from it. Throws on start-up failure (bad data dir, locked database).
  /// A cluster node passes the fence its lease keeper holds: every store batch checks it.
  explicit server(server_config config, std::shared_ptr<store::write_fence> fence = {});
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Binds the listener and starts the I/O threads. Returns the bound port (useful with port 0).
  std::uint16_t start();
  /// Graceful shutdown: stop accepting, close every session with "going away" after its queued
  /// frames are written (bounded by limits.shutdown_drain_ms), drain the store. Thread-safe and
  /// idempotent; returns at once — wait() blocks until it is done.
  void stop();
  /// Blocks until the server has stopped.
  void wait();
  /// Installs SIGINT/SIGTERM handlers that call stop().
  void stop_on_signals();

  std::uint16_t port() const noexcept;
  const server_config& config() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace fenliu::gateway
