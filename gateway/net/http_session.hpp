#pragma once
// Plain HTTP on the gateway port, and the upgrade to WebSocket at /ws: Origin allowlist and token
// checked before the upgrade, handshake bounded by a timeout.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "gateway/app/services.hpp"
#include "gateway/net/session_context.hpp"

namespace fenliu::gateway {

/// Serves one accepted connection until it closes or upgrades. Runs on the connection's strand.
/// `svc` is the shop's services on the node that owns it; nullptr on a relay node, which
/// answers only what its configuration knows (handle_node_http) and the web UI's files, and
/// refuses the shop's APIs with 503 `not_owner`.
boost::asio::awaitable<void> serve_connection(boost::asio::ip::tcp::socket socket,
                                              session_context& ctx, services* svc);

}  // namespace fenliu::gateway
