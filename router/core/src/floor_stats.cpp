#include "floor_stats.hpp"

#include <algorithm>

namespace fenliu::router::detail {
namespace {
constexpr time_ms ms_per_minute = 60'000;

std::int64_t minute_of(time_ms t) { return t >= 0 ? t / ms_per_minute : (t + 1) / ms_per_minute - 1; }
}  // namespace

void floor_stats::configure(const floor_policy& policy) {
  policy_ = policy;
  const int longest = std::max(policy.service_level_window_s,
                               policy.surge_window_s + policy.surge_baseline_s);
  const std::size_t minutes = static_cast<std::size_t>(std::max(longest, 60) / 60 + 2);
  for (auto& ring : rings_) {
    if (ring.size() != minutes) {
      // Resizing loses the history: only a change of the windows does it.
      ring.assign(minutes, bucket{});
    }
  }
}

floor_counts& floor_stats::at(stage s, time_ms now) {
  auto& ring = rings_[static_cast<std::size_t>(s)];
  if (ring.empty()) {
    configure(policy_);
  }
  const auto minute = minute_of(now);
  auto& b = ring[static_cast<std::size_t>(minute % static_cast<std::int64_t>(ring.size()))];
  if (b.minute != minute) {
    b = bucket{minute, {}};
  }
  return b.counts;
}

void floor_stats::arrived(stage s, time_ms now) { ++at(s, now).arrivals; }

void floor_stats::answered(stage s, time_ms arrived_at, time_ms now) {
  auto& c = at(s, now);
  ++c.waits_ended;
  if (now - arrived_at <= static_cast<time_ms>(policy_.service_level_target_s) * 1000) {
    ++c.answered_in_target;
  }
}

void floor_stats::abandoned(stage s, time_ms now) { ++at(s, now).waits_ended; }

floor_counts floor_stats::between(stage s, time_ms now, int from_s_ago, int to_s_ago) const {
  floor_counts sum;
  const auto& ring = rings_[static_cast<std::size_t>(s)];
  const auto newest = minute_of(now - static_cast<time_ms>(to_s_ago) * 1000);
  // The oldest minute that overlaps the interval.
  const auto oldest = minute_of(now - static_cast<time_ms>(from_s_ago) * 1000 + 1);
  for (const auto& b : ring) {
    if (b.minute >= oldest && b.minute <= newest) {
      sum.arrivals += b.counts.arrivals;
      sum.waits_ended += b.counts.waits_ended;
      sum.answered_in_target += b.counts.answered_in_target;
    }
  }
  return sum;
}

floor_counts floor_stats::over(stage s, time_ms now, int window_s) const {
  return between(s, now, window_s, 0);
}

bool is_surge(const floor_policy& policy, int recent_arrivals, int baseline_arrivals) {
  if (policy.surge_factor <= 0 || recent_arrivals < policy.surge_min_arrivals ||
      policy.surge_baseline_s <= 0 || policy.surge_window_s <= 0) {
    return false;
  }
  const double expected = std::max(1.0, static_cast<double>(baseline_arrivals) *
                                            policy.surge_window_s / policy.surge_baseline_s);
  return recent_arrivals > policy.surge_factor * expected;
}

}  // namespace fenliu::router::detail
