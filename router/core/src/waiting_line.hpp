#pragma once
// The conversations waiting for an agent, per stage: the line in queue order (positions and
// ETAs), buckets of the same conversations keyed by their exact requirements (an agent with a
// free slot visits only the buckets its skills can satisfy and takes the oldest head), the
// messages left while nobody was on shift, and the recent service rate.

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include "records.hpp"

namespace fenliu::router::detail {

/// Queued conversations that an agent serving `stage_` and holding `reqs` may take.
struct bucket {
  stage stage_ = stage::pre_sales;
  std::uint32_t index = 0;  // in its stage's buckets and heads
  requirements reqs;
  conv_order members;
};

/// The head key of an empty bucket: after every real key.
inline constexpr queue_key no_head{std::numeric_limits<int>::max(),
                                   std::numeric_limits<time_ms>::max(),
                                   std::numeric_limits<conversation_id>::max()};

/// Owns the lines and buckets; the conversations belong to router::impl. A conversation's
/// `in_order`, `key` and `buckets` fields mirror where it is filed here: its key must not
/// change while it is in the line.
///
/// Invariants (checked by check_invariants() in debug builds):
/// - every conversation in a line is there once, under its own key, in its own stage, with
///   in_order set; a bucket member is in a line and lists that bucket exactly once, and every
///   bucket a conversation lists holds it;
/// - a left message is in no line, at the head tier, under its own key and stage;
/// - every bucket is findable by its requirements, and its entry in heads is its first
///   member's key (no_head when empty).
class waiting_line {
 public:
  /// Puts `c` in its stage's line unless it is already there; its 1-based position.
  int join(conv_rec& c);
  /// Takes `c` out of its line and every bucket; nothing when it is not in the line.
  void leave(conv_rec& c);

  /// The stage's bucket for exactly these requirements, created on first use (kept for the
  /// router's lifetime: conversations point at their home buckets).
  bucket* bucket_for(stage s, const requirements& r);
  /// Files `c` (in the line) into `b` as well, once.
  void file(conv_rec& c, bucket& b);
  /// Takes `c` out of every bucket, leaving it in the line.
  void unfile(conv_rec& c);
  /// The oldest conversation (by queue key) the agent may take across the buckets of its
  /// stages, skipping those that excluded it; `from` is the bucket it was found in. Brings the
  /// agent's served_buckets up to date with the buckets created since its last call.
  conv_rec* oldest_for(agent_rec& a, const bucket*& from) const;

  /// 1-based position of `c` in its line, 0 when absent.
  int position(const conv_rec& c) const { return lines_[idx(c.stage_)].order.position(c.key); }
  /// The line entry of `c`, nullptr when absent.
  queue_entry* entry(const conv_rec& c) { return lines_[idx(c.stage_)].order.find(c.key); }
  ranked_queue& order(stage s) { return lines_[idx(s)].order; }
  const ranked_queue& order(stage s) const { return lines_[idx(s)].order; }

  /// Parks `c` (in no line, head tier) until its stage is covered again.
  void park_left_message(conv_rec& c);
  void drop_left_message(const conv_rec& c);
  /// The oldest left message of the stage, removed; nullptr when none.
  conv_rec* take_left_message(stage s);
  bool holds_left_message(const conv_rec& c) const;

  /// A conversation of the stage left the line for an agent at `now`.
  void record_served(stage s, time_ms now);
  /// Seconds until `position` is served at the recent service rate, or at
  /// `default_s_per_position` before a rate is known.
  int eta_s(stage s, int position, int default_s_per_position) const;

  /// Positions or ETAs of the stage may have changed since the last sweep.
  void touch(stage s) { lines_[idx(s)].dirty = true; }
  void swept(stage s) { lines_[idx(s)].dirty = false; }
  bool dirty(stage s) const { return lines_[idx(s)].dirty; }

  /// Asserts the invariants above; compiled out with NDEBUG. Walks every line and bucket.
  void check_invariants() const;
  /// Asserts that the agent's served_buckets list, in order, the buckets it has seen whose
  /// requirements it meets; compiled out with NDEBUG.
  void check_served(const agent_rec& a) const;

 private:
  struct requirements_hash {
    std::size_t operator()(const std::vector<requirement>& items) const {
      std::uint64_t h = 0;
      for (const requirement& q : items) {
        h = (h ^ (std::uint64_t{q.skill} << 3 | static_cast<std::uint64_t>(q.level & 7))) *
            0x100000001b3ULL;
      }
      return static_cast<std::size_t>(h);
    }
  };
  struct stage_line {
    ranked_queue order;  // every queued conversation of the stage: positions
    std::vector<std::unique_ptr<bucket>> buckets;  // in creation order: bucket::index
    /// The first member's key of each bucket (no_head when empty), by bucket::index: the scan
    /// for an agent's next conversation reads this one small array, not the buckets.
    std::vector<queue_key> heads;
    std::unordered_map<std::vector<requirement>, bucket*, requirements_hash> bucket_by_reqs;
    conv_order left_messages;
    std::array<time_ms, 32> served_at{};  // recent dequeue times: the service rate
    std::size_t served_count = 0;
    std::size_t served_next = 0;
    bool dirty = false;
  };

  std::array<stage_line, stage_count> lines_;
};

}  // namespace fenliu::router::detail
