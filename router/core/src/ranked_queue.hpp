#pragma once
// A stage's waiting line: sorted by queue key, with the position of any entry in
// O(blocks + log n) and a cache-friendly walk for the position/ETA sweep.

#include <cstddef>
#include <vector>

#include "fenliu/router/types.hpp"

namespace fenliu::router::detail {

struct conv_rec;

/// Queue order: tier 0 (re-queued at the head, left messages) before tier 1, then the virtual
/// arrival time (arrival minus the aging credit of the priority class), then id.
struct queue_key {
  int tier = 1;
  time_ms vtime = 0;
  conversation_id id = 0;
  auto operator<=>(const queue_key&) const = default;
};

/// One waiting conversation plus what its customer was last told, kept inline so a sweep
/// reads memory in order and touches a conversation only when its status changed.
struct queue_entry {
  queue_key key;
  conv_rec* conv = nullptr;
  int last_position = 0;
  int last_eta_s = -1;
  bool last_waiting_prev = false;
  bool last_no_agents = false;
};

/// Sorted blocks of bounded size (a two-level B-tree without the pointers).
class ranked_queue {
 public:
  /// Inserts `e` (its key must be absent) and returns its 1-based position.
  int insert(const queue_entry& e);
  /// Removes the entry with key `k`; false if absent.
  bool erase(const queue_key& k);
  /// 1-based position of `k`, 0 if absent.
  int position(const queue_key& k) const;
  queue_entry* find(const queue_key& k);

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  /// Calls f(entry&, position) for every entry in order.
  template <typename F>
  void for_each(F&& f) {
    int position = 0;
    for (auto& block : blocks_) {
      for (auto& e : block) {
        f(e, ++position);
      }
    }
  }
  template <typename F>
  void for_each(F&& f) const {
    int position = 0;
    for (const auto& block : blocks_) {
      for (const auto& e : block) {
        f(e, ++position);
      }
    }
  }

 private:
  static constexpr std::size_t max_block = 512;

  /// Index of the block that holds, or would hold, `k`.
  std::size_t block_for(const queue_key& k) const;
  std::vector<std::vector<queue_entry>> blocks_;
  std::size_t size_ = 0;
};

}  // namespace fenliu::router::detail
