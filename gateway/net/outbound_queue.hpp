#pragma once
// A session's bounded send queue: limits on frame count and on bytes. Backpressure is an answer,
// not a wait: push() says `overflow` and the caller closes the slow consumer.

#include <cstddef>
#include <deque>

#include "gateway/protocol/frame.hpp"

namespace fenliu::gateway {

class outbound_queue {
 public:
  enum class push_result { queued, overflow };

  outbound_queue(std::size_t max_frames, std::size_t max_bytes)
      : max_frames_(max_frames), max_bytes_(max_bytes) {}

  /// Queues the frame unless that would pass either bound; an overflowing frame is not queued.
  push_result push(frame_ptr frame) {
    if (frames_.size() + 1 > max_frames_ || bytes_ + frame->size() > max_bytes_) {
      return push_result::overflow;
    }
    bytes_ += frame->size();
    frames_.push_back(std::move(frame));
    return push_result::queued;
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
  std::deque<frame_ptr> frames_;
  std::size_t bytes_ = 0;
};

}  // namespace fenliu::gateway
