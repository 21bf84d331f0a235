#pragma once
// Every deadline of the core in one binary heap with lazy cancellation: an entry is live only
// while its owner still holds exactly that deadline, so re-arming or disarming a timer never
// searches the heap; stale entries are dropped when they reach the top.

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <optional>
#include <vector>

#include "records.hpp"

namespace fenliu::router::detail {

enum class timer_kind : std::uint8_t { conv, agent_shift, agent_hold, sweep, dispatch };

struct timer_entry {
  time_ms at = 0;
  std::uint64_t seq = 0;  // arming order: equal deadlines fire in the order they were armed
  timer_kind kind = timer_kind::conv;
  conv_timer which = conv_timer::offer;
  conversation_id conv = 0;    // kind conv: by id, as the conversation may be gone
  agent_rec* agent = nullptr;  // agent kinds: agent records live as long as the router
};

/// Invariants (checked in debug builds): heap order on (at, seq), with seq unique and below
/// the next one handed out. Liveness belongs to the owners, so the heap asks a predicate.
class deadline_heap {
 public:
  /// Adds a deadline; any older entry for the same owner and timer goes stale by itself.
  void push(time_ms at, timer_kind kind, conv_timer which, conversation_id conv, agent_rec* agent) {
    entries_.push_back({at, ++seq_, kind, which, conv, agent});
    std::push_heap(entries_.begin(), entries_.end(), later{});
    check_top();
  }

  /// Pops every entry due at `now` in (at, seq) order and calls fire(entry) for the live ones.
  /// fire() may push new entries, including ones already due.
  template <typename Live, typename Fire>
  void run_due(time_ms now, Live&& live, Fire&& fire) {
    while (!entries_.empty() && entries_.front().at <= now) {
      const timer_entry e = pop();
      if (live(e)) {
        fire(e);
      }
    }
  }

  /// Drops stale entries from the top; the earliest live deadline, if any.
  template <typename Live>
  std::optional<time_ms> next(Live&& live) {
    while (!entries_.empty() && !live(entries_.front())) {
      pop();
    }
    return entries_.empty() ? std::nullopt : std::optional<time_ms>{entries_.front().at};
  }

  /// Live and stale entries, in heap order: for invariant checks.
  const std::vector<timer_entry>& entries() const { return entries_; }

  /// Asserts heap order and the sequence numbers; compiled out with NDEBUG. O(n log n).
  void check_invariants() const;

 private:
  struct later {
    bool operator()(const timer_entry& a, const timer_entry& b) const {
      return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
  };

  timer_entry pop() {
    std::pop_heap(entries_.begin(), entries_.end(), later{});
    const timer_entry e = entries_.back();
    entries_.pop_back();
    check_top();
    return e;
  }

  // O(1) per change: the new top precedes both of its children.
  void check_top() const {
    assert(entries_.size() < 2 || !later{}(entries_[0], entries_[1]));
    assert(entries_.size() < 3 || !later{}(entries_[0], entries_[2]));
  }

  std::vector<timer_entry> entries_;
  std::uint64_t seq_ = 0;
};

}  // namespace fenliu::router::detail
