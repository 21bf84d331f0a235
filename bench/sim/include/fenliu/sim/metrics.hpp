#pragma once
// What a run measured, and the collector the simulator feeds while it runs.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fenliu/router/types.hpp"
#include "fenliu/sim/statistics.hpp"

namespace fenliu::sim {

/// Figures of one run over its measured window. Waits are from the request to the first
/// assignment; shares are of all measured arrivals unless said otherwise.
struct sim_report {
  std::string scenario;
  std::string policy;
  std::uint64_t arrivals = 0;
  std::uint64_t answered = 0;
  std::uint64_t abandoned = 0;
  std::uint64_t left_message = 0;  // took the leave-a-message offer or found nobody on shift
  std::uint64_t unserved = 0;      // still waiting when the run ended
  double service_level_30s = 0;    // answered within 30 s / arrivals
  double p_wait = 0;               // not assigned at once / arrivals
  double mean_wait_s = 0;          // over answered
  double p90_wait_s = 0;           // over answered
  double abandonment = 0;          // abandoned / arrivals
  batch_estimate p_wait_batches;
  batch_estimate mean_wait_batches;
  batch_estimate service_level_batches;
  /// Per time batch (hours in the shop-day scenarios): arrivals, answered within 30 s,
  /// abandoned, each as a share of the batch's arrivals.
  std::vector<double> batch_arrivals;
  std::vector<double> batch_service_level;
  std::vector<double> batch_abandonment;
  double utilisation_mean = 0;          // over agents with time on shift
  double utilisation_max_over_min = 0;  // 0 when some agent had utilisation 0
  double utilisation_gini = 0;
  double utilisation_max = 0;
  double utilisation_min = 0;
  double skill_match_rate = 0;  // of answered: the agent holds every required skill and level
  double sticky_hit_rate = 0;   // of answered returning buyers with a previous agent
  std::uint64_t sticky_eligible = 0;
  std::uint64_t relaxations = 0;     // assignments with rule relaxed_skills
  std::uint64_t overflows = 0;       // assignments with rule overflow
  std::uint64_t relax_steps = 0;     // decisions "relaxed_skills" without a winner (ring T1)
  std::uint64_t overflow_steps = 0;  // decisions "overflow" without a winner (ring T2)
  std::uint64_t alerts = 0;
  std::uint64_t taken_back = 0;  // unassigned: response deadline, shift end, ...
  std::map<std::string, std::uint64_t> assignment_rules;
  std::map<std::string, std::uint64_t> unassigned_reasons;
  /// First assignments whose agent lacked a required skill, by the rule that chose the agent.
  std::map<std::string, std::uint64_t> skill_mismatch_rules;
  std::uint64_t router_events = 0;
  double simulated_hours = 0;
  /// Priority >= 1 arrivals and their share answered within 30 s.
  std::uint64_t vip_arrivals = 0;
  double vip_service_level_30s = 0;
  double regular_service_level_30s = 0;  // priority 0
  /// Handling: agent time per conversation from its first assignment to its close, over
  /// every agent it had (wrong-skill transfer time included), over closed answered ones.
  double aht_s = 0;
  std::uint64_t handled = 0;
  /// Answered conversations whose first agent lacked a required skill and transferred it.
  std::uint64_t transfers = 0;
  double transfer_rate = 0;           // transfers / answered
  double first_agent_resolution = 0;  // closed by the first agent, never moved / handled
  /// Per agent with time on shift: idle share 1 - utilisation; its Gini; max / mean
  /// utilisation.
  std::vector<double> idle_share;
  double idle_gini = 0;
  double utilisation_max_over_mean = 0;
};

/// Accumulates a run. Times are Unix ms; only arrivals and agent time inside
/// [window_start, window_end) count.
class metrics_collector {
 public:
  struct agent_slot {
    int capacity = 1;
    int load = 0;
    bool on_shift = false;
    router::time_ms since = 0;
    double busy_slot_ms = 0;
    double shift_ms = 0;
  };

  metrics_collector(router::time_ms window_start, router::time_ms window_end, int batches,
                    std::vector<int> capacities);

  bool measured(router::time_ms arrived) const;
  int batch_of(router::time_ms arrived) const;

  void arrival(int batch, bool queued, int priority = 0);
  void answered(int batch, router::time_ms wait_ms, bool skill_match, const std::string& rule,
                int priority = 0);
  void handled(double seconds, bool first_agent_only);
  void transfer() { ++report_.transfers; }
  void sticky(bool hit);
  void abandoned(int batch);
  void left_message(int batch);
  void unserved(int batch);

  void agent_load(std::size_t agent, int load, router::time_ms now);
  void agent_shift(std::size_t agent, bool on_shift, router::time_ms now);

  void assignment_rule(const std::string& rule);
  void decision_rule(const std::string& rule, bool has_winner);
  void unassigned(const std::string& reason);
  void router_event() { ++report_.router_events; }

  sim_report finish(router::time_ms end);

 private:
  struct batch {
    double arrivals = 0;
    double queued = 0;
    double answered = 0;
    double within_30s = 0;
    double wait_sum_s = 0;
    double abandoned = 0;
  };
  void accrue(agent_slot& a, router::time_ms now);
  void utilisation(sim_report& r) const;

  router::time_ms window_start_;
  router::time_ms window_end_;
  std::vector<batch> batches_;
  std::vector<agent_slot> agents_;
  std::vector<double> waits_s_;
  std::uint64_t skill_matches_ = 0;
  double vip_within_30s_ = 0;
  double regular_within_30s_ = 0;
  double handled_s_ = 0;
  std::uint64_t first_agent_ = 0;
  std::uint64_t sticky_hits_ = 0;
  sim_report report_;
};

}  // namespace fenliu::sim
