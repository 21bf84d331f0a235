#pragma once
// The arrival stream of a scenario. It depends only on the scenario's traffic and seed, never
// on routing, so every policy sees exactly the same customers.

#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <vector>

#include "fenliu/router/types.hpp"
#include "fenliu/sim/scenario.hpp"

namespace fenliu::sim {

struct arrival {
  router::conversation_id id = 0;
  double at_s = 0;          // seconds since the scenario start
  std::size_t traffic = 0;  // index into scenario::traffic
  std::size_t mix = 0;      // index into its mixes (0 when it has none)
  int priority = 0;
  std::uint64_t customer = 0;  // the same number for a returning buyer
  bool returning = false;
  double handling_s = 0;
  double patience_s = std::numeric_limits<double>::infinity();
  std::uint64_t stream = 0;  // seed of the conversation's own draws (messages, choices)
};

/// Non-homogeneous Poisson arrivals with a piecewise-constant rate (hourly profile and surge),
/// generated exactly by inverting the cumulative intensity segment by segment.
class traffic_source {
 public:
  explicit traffic_source(const scenario& s);

  /// The next arrival, or nullopt once past the scenario length.
  std::optional<arrival> next();

  /// Arrival rate per second at `t_s` (all stages).
  double rate_at(double t_s) const;

 private:
  double multiplier_at(double t_s) const;
  double segment_end(double t_s) const;
  void draw_customer(arrival& a);

  const scenario& scenario_;
  std::mt19937_64 rng_;
  double now_s_ = 0;
  double base_per_s_ = 0;
  std::vector<double> stage_weights_;
  std::vector<std::vector<double>> mix_weights_;
  std::vector<std::vector<std::uint64_t>> recent_;  // ring buffer of customers per traffic
  std::vector<std::size_t> recent_next_;
  std::uint64_t next_customer_ = 1;
  router::conversation_id next_id_ = 1;
};

}  // namespace fenliu::sim
