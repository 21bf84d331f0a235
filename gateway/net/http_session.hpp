#pragma once
// Plain HTTP on the gateway port, and the upgrade to WebSocket at /ws: Origin allowlist and token
// checked before the upgrade, handshake bounded by a timeout.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "gateway/app/services.hpp"

namespace fenliu::gateway {

/// Serves one accepted connection until it closes or upgrades. Runs on the connection's strand.
boost::asio::awaitable<void> serve_connection(boost::asio::ip::tcp::socket socket, services& svc);

}  // namespace fenliu::gateway
