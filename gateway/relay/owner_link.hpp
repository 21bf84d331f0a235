#pragma once
// The owner's side of relayed sessions: clients connected to other nodes of the cluster, run
// here as if they were local. Each becomes a remote_session (a session_sink on a strand of its
// own) in the hub: the dispatcher, the router and fan-out treat it like any other session, and
// what they deliver to it is published to the relay node's down channel. The owner also
// publishes a beat every heartbeat, and drops the sessions of a relay node whose roster has
// not come for three heartbeats (it died). No Asio in this header.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace fenliu::cluster {
class redis_bus;
}

namespace fenliu::gateway {

struct services;

namespace relay {

struct owner_link_options {
  std::string shop_id;
  std::string node_id;  // this node, the owner
  std::int64_t epoch = 0;
  std::chrono::milliseconds heartbeat{1000};
};

class owner_link {
 public:
  owner_link(services& svc, cluster::redis_bus& bus, owner_link_options options);
  ~owner_link();
  owner_link(const owner_link&) = delete;
  owner_link& operator=(const owner_link&) = delete;

  /// Subscribes to the shop's up channel and starts the heartbeat, whose beats carry
  /// `http_address` ("host:port" of this node's HTTP port; empty: none), so that relay nodes
  /// pass the shop's HTTP APIs on to this node. Any thread.
  void start(std::string http_address = {});
  /// Ends every relayed session (1001 to its client) and stops the heartbeat. Any thread.
  void stop();
  std::size_t session_count() const;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace relay
}  // namespace fenliu::gateway
