#pragma once
// What the rest of the gateway sees of a WebSocket session: a thread-safe mailbox.

#include <cstdint>
#include <string_view>

#include "gateway/auth/auth.hpp"
#include "gateway/protocol/codes.hpp"
#include "gateway/protocol/frame.hpp"

namespace fenliu::gateway {

/// What losing a frame costs. Durable frames (messages, acks, assignments, closes, errors) must
/// arrive or the session must end, so that a resume fills the gap; ephemeral ones (typing, queue
/// status, the board) are superseded by the next one and may be dropped under backpressure.
enum class delivery_class : std::uint8_t { durable, ephemeral };

/// What deliver() did with a frame.
enum class send_status : std::uint8_t {
  queued,   // it will be written
  dropped,  // ephemeral and the session is backed up: not queued; the session stays
  closing,  // the session is closing (perhaps because of this frame): not queued
};

class session_sink {
 public:
  virtual ~session_sink() = default;
  /// Queues a frame for sending. Thread-safe; never blocks. A durable frame that would pass the
  /// outbound queue's bounds closes the session with close_code::slow_consumer instead of
  /// growing; an ephemeral one is dropped while the queue holds more than half of either bound.
  /// `closing`: the session no longer takes frames.
  virtual send_status deliver(frame_ptr frame, delivery_class cls = delivery_class::durable) = 0;
  /// Reserves room for one durable frame that is on its way (a message being stored): false
  /// when the frames queued, in transit and reserved already fill half of the queue's bounds,
  /// so that a sender is pushed back (OVERLOADED) before a recipient that keeps reading could
  /// overflow. Thread-safe. Every successful reservation is released once, after the frame was
  /// delivered or given up.
  virtual bool try_reserve() { return true; }
  virtual void release_reservation() {}
  /// Sends what is queued, then closes with `code`. Thread-safe.
  virtual void close(close_code code) = 0;
  virtual const identity& who() const noexcept = 0;
  /// Unique per process; identifies the connection among an identity's several.
  virtual std::uint64_t session_id() const noexcept = 0;
};

}  // namespace fenliu::gateway
