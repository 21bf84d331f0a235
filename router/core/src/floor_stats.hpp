#pragma once
// Per-stage counts over the last hour or so, in one-minute buckets: the board's service level
// and the queue-surge alert read them. A fixed ring per stage: counting never allocates.

#include <array>
#include <cstdint>
#include <vector>

#include "fenliu/router/types.hpp"

namespace fenliu::router::detail {

struct floor_counts {
  int arrivals = 0;
  int waits_ended = 0;         // answered or abandoned
  int answered_in_target = 0;  // answered within floor_policy::service_level_target_s
};

class floor_stats {
 public:
  /// Keeps enough minutes for the longest window the policy reads.
  void configure(const floor_policy& policy);

  void arrived(stage s, time_ms now);
  void answered(stage s, time_ms arrived_at, time_ms now);
  void abandoned(stage s, time_ms now);

  /// Sums over the minutes that overlap (now - window_s, now], whole buckets: a bucket counts
  /// when its minute starts after now - window_s - 60 s, so the window reads at most a minute
  /// long and never short.
  floor_counts over(stage s, time_ms now, int window_s) const;
  /// The same for (now - from_s_ago, now - to_s_ago].
  floor_counts between(stage s, time_ms now, int from_s_ago, int to_s_ago) const;

 private:
  struct bucket {
    std::int64_t minute = -1;
    floor_counts counts;
  };
  floor_counts& at(stage s, time_ms now);

  floor_policy policy_;
  std::array<std::vector<bucket>, stage_count> rings_;
};

/// Whether arrivals of the last surge_window_s are far above the baseline before them.
bool is_surge(const floor_policy& policy, int recent_arrivals, int baseline_arrivals);

}  // namespace fenliu::router::detail
