#pragma once
// What a handler needs to answer one client request.

#include <memory>
#include <string>

#include "gateway/app/services.hpp"
#include "gateway/app/session_sink.hpp"

namespace fenliu::gateway {

struct request_context {
  services& svc;
  std::shared_ptr<session_sink> self;
  std::uint64_t request_id = 0;

  const identity& who() const { return self->who(); }
  void reply(frame_ptr frame) const { self->deliver(std::move(frame)); }
  void reply(v1::ServerEnvelope& env) const {
    env.set_request_id(request_id);
    self->deliver(encode(env));
  }
  void fail(v1::ErrorCode code, std::string detail) const {
    self->deliver(make_error(request_id, code, std::move(detail)));
  }
  void ok() const { self->deliver(make_ok(request_id)); }
};

}  // namespace fenliu::gateway
