#pragma once
// What a handler needs to answer one client request.

#include <chrono>
#include <memory>
#include <string>

#include "gateway/app/services.hpp"
#include "gateway/app/session_sink.hpp"
#include "gateway/protocol/encode.hpp"

namespace fenliu::gateway {

struct request_context {
  services& svc;
  std::shared_ptr<session_sink> self;
  std::uint64_t request_id = 0;
  /// When the frame was read (steady clock): the start of the ack latency.
  std::chrono::steady_clock::time_point received{};

  const identity& who() const { return self->who(); }
  /// Sends a frame to the requesting session; build answers with this request_id.
  void reply(frame_ptr frame) const { self->deliver(std::move(frame)); }
  void fail(error_code code, std::string detail) const {
    svc.metrics.error_sent(code);
    self->deliver(encode_error(request_id, code, std::move(detail)));
  }
  void ok() const { self->deliver(encode_ok(request_id)); }
};

}  // namespace fenliu::gateway
