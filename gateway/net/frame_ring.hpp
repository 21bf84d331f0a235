#pragma once
// The frames a session has queued, in order: a ring over one array that grows by doubling.
// Unlike std::deque (libstdc++ allocates a 512-byte block and its map on construction), an empty
// ring owns no memory, so an idle session pays nothing for its send queue; a session that has
// drained a burst keeps a small array for the next frames and gives a large one back.

#include <cstddef>
#include <memory>
#include <utility>

#include "gateway/protocol/frame.hpp"

namespace fenliu::gateway {

class frame_ring {
 public:
  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }

  void push_back(frame_ptr f) {
    grow_if_full();
    slots_[(head_ + size_) & (capacity_ - 1)] = std::move(f);
    ++size_;
  }

  void push_front(frame_ptr f) {
    grow_if_full();
    head_ = (head_ + capacity_ - 1) & (capacity_ - 1);
    slots_[head_] = std::move(f);
    ++size_;
  }

  /// Precondition: !empty().
  frame_ptr& front() noexcept { return slots_[head_]; }

  /// Precondition: !empty().
  void pop_front() {
    slots_[head_].reset();
    head_ = (head_ + 1) & (capacity_ - 1);
    if (--size_ == 0) {
      head_ = 0;
      if (capacity_ > keep_capacity) {
        release();
      }
    }
  }

  void clear() {
    release();
    size_ = 0;
    head_ = 0;
  }

 private:
  // Slots kept once drained: enough for a busy chat's usual backlog without a new allocation.
  static constexpr std::size_t keep_capacity = 16;

  void grow_if_full() {
    if (size_ < capacity_) {
      return;
    }
    const std::size_t bigger = capacity_ == 0 ? 4 : capacity_ * 2;
    auto next = std::make_unique<frame_ptr[]>(bigger);
    for (std::size_t i = 0; i < size_; ++i) {
      next[i] = std::move(slots_[(head_ + i) & (capacity_ - 1)]);
    }
    slots_ = std::move(next);
    capacity_ = bigger;
    head_ = 0;
  }

  void release() {
    slots_.reset();
    capacity_ = 0;
  }

  std::unique_ptr<frame_ptr[]> slots_;
  std::size_t capacity_ = 0;  // 0 or a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace fenliu::gateway
