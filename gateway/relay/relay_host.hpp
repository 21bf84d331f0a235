#pragma once
// The relay side of a cluster node that does not own its shop: WebSocket sessions are served
// here (socket, queue, limits, pings) while every valid client frame goes to the owner over
// Redis and the owner's frames come back on this node's down channel (relay_wire.hpp).
// A session ends with 1001 (the client resumes, on any node) when a message of its tunnel was
// lost, when Redis reconnects, when the owner goes silent for three heartbeats, or when another
// node takes the shop over. New sessions are refused with 1001 until an owner's beat is heard.

#include <chrono>
#include <memory>
#include <string>

#include "gateway/app/session_host.hpp"

namespace boost::asio {
class io_context;
}
namespace fenliu::cluster {
class redis_bus;
}

namespace fenliu::gateway::relay {

struct relay_host_options {
  std::string shop_id;
  std::string node_id;  // this node
  std::chrono::milliseconds heartbeat{1000};
};

class relay_host final : public session_host {
 public:
  relay_host(boost::asio::io_context& io, cluster::redis_bus& bus, relay_host_options options);
  ~relay_host() override;

  /// Subscribes to this node's down channel and the shop's beats; starts the roster heartbeat.
  void start();
  /// Stops the heartbeat and unsubscribes. The sessions are the caller's to close.
  void stop();
  /// Closes every relayed session with 1001 (this node stops relaying). Any thread.
  void end_all();
  /// Whether an owner's beat came within three heartbeats.
  bool owner_alive() const;
  /// The live owner's HTTP address from its beats ("host:port"); empty when no owner is alive
  /// or it advertises none. Any thread.
  std::string owner_http_address() const;
  std::size_t session_count() const;

  attach_result attach(const std::shared_ptr<session_sink>& session) override;
  frame_ptr welcome(const std::shared_ptr<session_sink>& session) override;
  void handle(const std::shared_ptr<session_sink>& session, std::string_view bytes,
              decoded_frame frame, const boost::asio::any_io_executor& strand) override;
  void detach(const session_sink& session) override;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace fenliu::gateway::relay
