#pragma once
// What the rest of the gateway sees of a WebSocket session: a thread-safe mailbox.

#include <cstdint>
#include <string_view>

#include "gateway/auth/auth.hpp"
#include "gateway/protocol/codes.hpp"
#include "gateway/protocol/frame.hpp"

namespace fenliu::gateway {

class session_sink {
 public:
  virtual ~session_sink() = default;
  /// Queues a frame for sending. Thread-safe; never blocks. A full queue closes the session with
  /// close_code::slow_consumer instead of growing.
  virtual void deliver(frame_ptr frame) = 0;
  /// Sends what is queued, then closes with `code`. Thread-safe.
  virtual void close(close_code code) = 0;
  virtual const identity& who() const noexcept = 0;
  /// Unique per process; identifies the connection among an identity's several.
  virtual std::uint64_t session_id() const noexcept = 0;
};

}  // namespace fenliu::gateway
