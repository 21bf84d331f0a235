#pragma once
// Where a WebSocket session's traffic goes. A node that owns the shop hands it to its own hub
// and dispatcher (local_host); a cluster node that does not relays it to the owner over Redis
// (gateway/relay). The session itself (socket, queue, policy) is the same in both cases.

#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <string_view>

#include "gateway/app/session_sink.hpp"
#include "gateway/protocol/frame.hpp"
#include "gateway/protocol/requests.hpp"

namespace fenliu::gateway {

struct services;

enum class attach_result : std::uint8_t {
  attached,
  too_many_connections,  // the identity has its maximum number of sessions
  unavailable,           // the host cannot serve now (no owner reachable): retry elsewhere
};

class session_host {
 public:
  virtual ~session_host() = default;
  /// The session joins. Called once, on the session's strand, before any other call.
  virtual attach_result attach(const std::shared_ptr<session_sink>& session) = 0;
  /// After `attached`: the frame the session must send before any other (the Welcome), or
  /// nullptr when the host delivers the Welcome itself, ahead of everything else.
  virtual frame_ptr welcome(const std::shared_ptr<session_sink>& session) = 0;
  /// One valid client frame: `bytes` as received, `frame` decoded from them. On the strand.
  virtual void handle(const std::shared_ptr<session_sink>& session, std::string_view bytes,
                      decoded_frame frame, const boost::asio::any_io_executor& strand) = 0;
  /// The session is gone (after a successful attach only).
  virtual void detach(const session_sink& session) = 0;
};

/// The host of a node that owns its shop: the hub, the dispatcher and the lifecycle hooks.
class local_host final : public session_host {
 public:
  explicit local_host(services& svc) : svc_(svc) {}
  attach_result attach(const std::shared_ptr<session_sink>& session) override;
  frame_ptr welcome(const std::shared_ptr<session_sink>& session) override;
  void handle(const std::shared_ptr<session_sink>& session, std::string_view bytes,
              decoded_frame frame, const boost::asio::any_io_executor& strand) override;
  void detach(const session_sink& session) override;

 private:
  services& svc_;
};

}  // namespace fenliu::gateway
