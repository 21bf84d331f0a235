#pragma once
// Where a node finds Redis and how it reconnects.

#include <chrono>
#include <cstddef>
#include <string>

namespace fenliu::cluster {

struct redis_options {
  std::string host = "127.0.0.1";
  int port = 6379;
  /// After a lost connection (or a failed connect) the next try waits this long, doubling up to
  /// reconnect_max.
  std::chrono::milliseconds reconnect_min{50};
  std::chrono::milliseconds reconnect_max{2000};
  /// Commands waiting for the connection (published messages, presence writes); past it they
  /// are dropped and counted. Pub/sub may drop anyway: receivers refill gaps from the store.
  std::size_t pending_max = 65536;
};

}  // namespace fenliu::cluster
