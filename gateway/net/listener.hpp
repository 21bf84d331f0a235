#pragma once
// Accepts TCP connections on the gateway port and hands each to serve_connection on a strand of
// its own. Plain HTTP keeps being served while the server drains (so /readyz can say 503), and
// the socket closes only when the drain is over.

#include <cstdint>
#include <memory>
#include <string>

#include "gateway/app/services.hpp"
#include "gateway/net/session_context.hpp"

namespace boost::asio {
class io_context;
}

namespace fenliu::gateway {

class listener {
 public:
  /// `svc`: the shop's services when this node owns it, nullptr on a relay node.
  listener(boost::asio::io_context& io, session_context& ctx, services* svc);
  ~listener();
  listener(const listener&) = delete;
  listener& operator=(const listener&) = delete;

  /// Binds and listens; throws on failure (start-up only). Returns the bound port.
  std::uint16_t open(const std::string& address, std::uint16_t port);
  /// Starts the accept loop. Call once, after open().
  void start();
  /// Thread-safe: stops accepting and closes the socket.
  void close();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace fenliu::gateway
