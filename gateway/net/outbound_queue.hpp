#pragma once
// A session's bounded send queue: limits on frame count and on bytes. Backpressure is an answer,
// not a wait: push() says `dropped` (an ephemeral frame, the session stays) or `overflow` (a
// durable frame: the caller closes the slow consumer).

#include <cstddef>
#include "gateway/app/session_sink.hpp"
#include "gateway/net/frame_ring.hpp"
#include "gateway/protocol/frame.hpp"

namespace fenliu::gateway {

class outbound_queue {
 public:
  enum class push_result { queued, dropped, overflow };

  outbound_queue(std::size_t max_frames, std::size_t max_bytes)
      : max_frames_(max_frames), max_bytes_(max_bytes) {}

  /// A durable frame is queued unless that would pass either bound (`overflow`). An ephemeral one
  /// is queued only while the queue stays within half of each bound (else `dropped`), so ephemeral
  /// traffic alone never uses the room durable frames need. A refused frame is not queued.
  push_result push(frame_ptr frame, delivery_class cls = delivery_class::durable) {
    if (!would_take(*frame, cls)) {
      return cls == delivery_class::ephemeral ? push_result::dropped : push_result::overflow;
    }
    bytes_ += frame->size();
    frames_.push_back(std::move(frame));
    return push_result::queued;
  }

  /// Whether push() would queue this frame now.
  bool would_take(const std::string& frame, delivery_class cls) const noexcept {
    const bool ephemeral = cls == delivery_class::ephemeral;
    const std::size_t frames_bound = ephemeral ? max_frames_ / 2 : max_frames_;
    const std::size_t bytes_bound = ephemeral ? max_bytes_ / 2 : max_bytes_;
    return frames_.size() + 1 <= frames_bound && bytes_ + frame.size() <= bytes_bound;
  }

  /// Queues a frame ahead of all others, bounds aside: the session's first frame (Welcome).
  void push_front(frame_ptr frame) {
    bytes_ += frame->size();
    frames_.push_front(std::move(frame));
  }

  /// Precondition: !empty().
  frame_ptr pop() {
    frame_ptr f = std::move(frames_.front());
    frames_.pop_front();
    bytes_ -= f->size();
    return f;
  }

  void clear() {
    frames_.clear();
    bytes_ = 0;
  }
  bool empty() const noexcept { return frames_.empty(); }
  std::size_t frames() const noexcept { return frames_.size(); }
  std::size_t bytes() const noexcept { return bytes_; }

 private:
  std::size_t max_frames_;
  std::size_t max_bytes_;
  frame_ring frames_;
  std::size_t bytes_ = 0;
};

}  // namespace fenliu::gateway
