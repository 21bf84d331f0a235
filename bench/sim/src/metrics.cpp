// Run figures: per-batch counts, waits, per-agent utilisation, rule counts.

#include "fenliu/sim/metrics.hpp"

#include <algorithm>
#include <numeric>

namespace fenliu::sim {

using router::time_ms;

metrics_collector::metrics_collector(time_ms window_start, time_ms window_end, int batches,
                                     std::vector<int> capacities)
    : window_start_(window_start),
      window_end_(window_end),
      batches_(static_cast<std::size_t>(std::max(1, batches))) {
  for (int c : capacities) {
    agents_.push_back({std::max(1, c), 0, false, window_start, 0, 0});
  }
}

bool metrics_collector::measured(time_ms arrived) const {
  return arrived >= window_start_ && arrived < window_end_;
}

int metrics_collector::batch_of(time_ms arrived) const {
  const auto span = static_cast<double>(window_end_ - window_start_);
  const auto k = static_cast<int>(static_cast<double>(arrived - window_start_) / span *
                                  static_cast<double>(batches_.size()));
  return std::clamp(k, 0, static_cast<int>(batches_.size()) - 1);
}

void metrics_collector::arrival(int batch, bool queued, int priority) {
  auto& b = batches_[static_cast<std::size_t>(batch)];
  report_.vip_arrivals += priority >= 1 ? 1 : 0;
  b.arrivals += 1;
  b.queued += queued ? 1 : 0;
  ++report_.arrivals;
}

void metrics_collector::answered(int batch, time_ms wait_ms, bool skill_match,
                                 const std::string& rule, int priority) {
  auto& b = batches_[static_cast<std::size_t>(batch)];
  const double wait_s = static_cast<double>(wait_ms) / 1000.0;
  (priority >= 1 ? vip_within_30s_ : regular_within_30s_) += wait_s <= 30.0 ? 1 : 0;
  b.answered += 1;
  b.within_30s += wait_s <= 30.0 ? 1 : 0;
  b.wait_sum_s += wait_s;
  waits_s_.push_back(wait_s);
  skill_matches_ += skill_match ? 1 : 0;
  if (!skill_match) {
    ++report_.skill_mismatch_rules[rule];
  }
  ++report_.answered;
}

void metrics_collector::handled(double seconds, bool first_agent_only) {
  handled_s_ += seconds;
  ++report_.handled;
  first_agent_ += first_agent_only ? 1 : 0;
}

void metrics_collector::sticky(bool hit) {
  ++report_.sticky_eligible;
  sticky_hits_ += hit ? 1 : 0;
}

void metrics_collector::abandoned(int batch) {
  batches_[static_cast<std::size_t>(batch)].abandoned += 1;
  ++report_.abandoned;
}
void metrics_collector::left_message(int) {
  ++report_.left_message;
}
void metrics_collector::unserved(int) {
  ++report_.unserved;
}

// Integrates load and time on shift up to `now`, clipped to the window.
void metrics_collector::accrue(agent_slot& a, time_ms now) {
  const time_ms from = std::max(a.since, window_start_);
  const time_ms to = std::min(now, window_end_);
  if (to > from) {
    const auto dt = static_cast<double>(to - from);
    a.busy_slot_ms += dt * a.load;
    a.shift_ms += a.on_shift ? dt : 0;
  }
  a.since = std::max(a.since, now);
}

void metrics_collector::agent_load(std::size_t agent, int load, time_ms now) {
  accrue(agents_[agent], now);
  agents_[agent].load = load;
}

void metrics_collector::agent_shift(std::size_t agent, bool on_shift, time_ms now) {
  accrue(agents_[agent], now);
  agents_[agent].on_shift = on_shift;
}

void metrics_collector::assignment_rule(const std::string& rule) {
  ++report_.assignment_rules[rule];
  report_.relaxations += rule == "relaxed_skills" ? 1 : 0;
  report_.overflows += rule == "overflow" ? 1 : 0;
}

// Ring steps arrive as decisions without a winner; the assignments themselves are counted
// from the assigned actions.
void metrics_collector::decision_rule(const std::string& rule, bool has_winner) {
  if (has_winner) {
    return;
  }
  report_.relax_steps += rule == "relaxed_skills" ? 1 : 0;
  report_.overflow_steps += rule == "overflow" ? 1 : 0;
  report_.alerts += rule == "alert" ? 1 : 0;
}

void metrics_collector::unassigned(const std::string& reason) {
  ++report_.unassigned_reasons[reason];
  ++report_.taken_back;
}

void metrics_collector::utilisation(sim_report& r) const {
  std::vector<double> u;
  for (const auto& a : agents_) {
    if (a.shift_ms > 0) {
      u.push_back(a.busy_slot_ms / (a.capacity * a.shift_ms));
    }
  }
  if (u.empty()) {
    return;
  }
  const auto [lo, hi] = std::minmax_element(u.begin(), u.end());
  r.utilisation_min = *lo;
  r.utilisation_max = *hi;
  r.utilisation_max_over_min = *lo > 0 ? *hi / *lo : 0;
  r.utilisation_mean = std::accumulate(u.begin(), u.end(), 0.0) / static_cast<double>(u.size());
  r.utilisation_gini = gini(u);
  r.utilisation_max_over_mean = r.utilisation_mean > 0 ? *hi / r.utilisation_mean : 0;
  r.idle_share.clear();
  for (double x : u) {
    r.idle_share.push_back(std::max(0.0, 1.0 - x));
  }
  r.idle_gini = gini(r.idle_share);
}

sim_report metrics_collector::finish(time_ms end) {
  for (auto& a : agents_) {
    accrue(a, end);
  }
  sim_report r = report_;
  const auto n = static_cast<double>(r.arrivals);
  std::vector<double> p_wait;
  std::vector<double> mean_wait;
  std::vector<double> level;
  double queued = 0;
  double within = 0;
  for (const auto& b : batches_) {
    queued += b.queued;
    within += b.within_30s;
    r.batch_arrivals.push_back(b.arrivals);
    r.batch_service_level.push_back(b.arrivals > 0 ? b.within_30s / b.arrivals : 0.0);
    r.batch_abandonment.push_back(b.arrivals > 0 ? b.abandoned / b.arrivals : 0.0);
    if (b.arrivals > 0) {
      p_wait.push_back(b.queued / b.arrivals);
      level.push_back(b.within_30s / b.arrivals);
    }
    if (b.answered > 0) {
      mean_wait.push_back(b.wait_sum_s / b.answered);
    }
  }
  r.p_wait_batches = batch_means(p_wait);
  r.mean_wait_batches = batch_means(mean_wait);
  r.service_level_batches = batch_means(level);
  if (n > 0) {
    r.p_wait = queued / n;
    r.service_level_30s = within / n;
    r.abandonment = static_cast<double>(r.abandoned) / n;
  }
  if (!waits_s_.empty()) {
    r.mean_wait_s = std::accumulate(waits_s_.begin(), waits_s_.end(), 0.0) /
                    static_cast<double>(waits_s_.size());
    r.p90_wait_s = quantile(waits_s_, 0.9);
  }
  if (r.answered > 0) {
    r.skill_match_rate = static_cast<double>(skill_matches_) / static_cast<double>(r.answered);
  }
  if (r.sticky_eligible > 0) {
    r.sticky_hit_rate = static_cast<double>(sticky_hits_) / static_cast<double>(r.sticky_eligible);
  }
  if (r.vip_arrivals > 0) {
    r.vip_service_level_30s = vip_within_30s_ / static_cast<double>(r.vip_arrivals);
  }
  if (r.arrivals > r.vip_arrivals) {
    r.regular_service_level_30s =
        regular_within_30s_ / static_cast<double>(r.arrivals - r.vip_arrivals);
  }
  if (r.handled > 0) {
    r.aht_s = handled_s_ / static_cast<double>(r.handled);
    r.first_agent_resolution = static_cast<double>(first_agent_) / static_cast<double>(r.handled);
  }
  if (r.answered > 0) {
    r.transfer_rate = static_cast<double>(r.transfers) / static_cast<double>(r.answered);
  }
  r.simulated_hours = static_cast<double>(end - window_start_) / 3.6e6;
  utilisation(r);
  return r;
}

}  // namespace fenliu::sim
