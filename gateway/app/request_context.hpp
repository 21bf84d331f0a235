#pragma once
// What a handler needs to answer one client request.

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

  const identity& who() const { return self->who(); }
  /// Sends a frame to the requesting session; build answers with this request_id.
  void reply(frame_ptr frame) const { self->deliver(std::move(frame)); }
  void fail(error_code code, std::string detail) const {
    self->deliver(encode_error(request_id, code, std::move(detail)));
  }
  void ok() const { self->deliver(encode_ok(request_id)); }
};

}  // namespace fenliu::gateway
