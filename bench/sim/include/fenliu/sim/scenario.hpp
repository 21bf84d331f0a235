#pragma once
// What a simulation run is made of: traffic, staff, customers, the router configuration and
// which request fields reach the router. Plain data; see scenarios.hpp for the built-in ones.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fenliu/router/types.hpp"
#include "fenliu/sim/random.hpp"

namespace fenliu::sim {

/// One kind of request of a stage: drawn with probability weight / sum(weights).
struct skill_mix {
  double weight = 1.0;
  std::vector<router::skill_level> required;
  std::vector<router::skill_level> optional;
};

/// Poisson arrivals of one stage: `per_hour` at profile multiplier 1.
struct stage_traffic {
  router::stage stage_ = router::stage::pre_sales;
  double per_hour = 0;
  std::vector<skill_mix> mixes;  // empty: no skills required
  duration_dist handling;        // from assignment to the agent's close
};

/// Arrival rates times `factor` in [start_s, start_s + length_s) (Double-11).
struct surge_window {
  double start_s = 0;
  double length_s = 3600;
  double factor = 10;
};

struct customer_model {
  /// Patience while queued; nullopt: nobody abandons.
  std::optional<duration_dist> patience;
  /// Share of customers who take the leave-a-message offer when the core makes it.
  double leave_message_accept = 0.5;
  /// Share of arrivals that are returning buyers (drawn from the recent ones of the stage).
  double return_share = 0;
  std::size_t return_pool = 2000;
  /// Share of VIP buyers (priority 1).
  double vip_share = 0;
};

/// The exchange of messages inside a served conversation, for the core's weighted load and
/// response deadline: the agent answers after `agent_reply`, the customer writes back after
/// `customer_think`, until the handling time is over and the agent closes.
struct message_model {
  bool enabled = false;
  duration_dist agent_reply{dist_kind::exponential, 20, 1};
  duration_dist customer_think{dist_kind::exponential, 45, 1};
};

/// Who serves a chat changes how long it takes (off: handling is the drawn time, whoever
/// serves, as in the Erlang-C validation and the original shop day). With it on, a chat
/// takes its drawn time x the agent's factor in the chat's most demanding required skill x
/// (1 + concurrency_slowdown x (open chats - 1), counted at the assignment) x
/// return_speedup when a returning buyer gets the agent of last time. An agent who lacks a
/// required skill altogether spends transfer_cost_s, then transfers the chat to that skill.
struct service_model {
  bool enabled = false;
  /// Factor by the agent's level 0..5 in the skill (0: lacks it; only before a transfer).
  std::vector<double> level_factor = {1.6, 1.5, 1.25, 1.0, 0.85, 0.7};
  double concurrency_slowdown = 0.25;
  double transfer_cost_s = 60;
  double return_speedup = 0.8;
  /// Per agent (parallel to scenario::agents, may be shorter): skill -> factor overriding
  /// the level's, and a factor for every skill. The router is never told these: it has to
  /// learn them from handle_time_observed.
  struct agent_speed {
    std::map<std::string, double> skill_factor;
    double factor = 1.0;
  };
  std::vector<agent_speed> agents;
};

/// Peak mode (event::peak_mode_set) switched on at start_s and off after length_s.
struct peak_window {
  double start_s = 0;
  double length_s = 3600;
};

/// Which request fields are sent: emulating skill-blind routers drops them.
struct routing_inputs {
  bool send_skills = true;
  bool send_previous_agent = true;
};

struct scenario {
  std::string name;
  std::string policy = "least_load";  // label for reports
  std::uint64_t seed = 1;
  router::time_ms start_ms = 0;  // Unix ms of simulated second 0
  double length_s = 86'400;      // arrivals in [0, length_s)
  double warmup_s = 0;           // arrivals before warmup_s are not measured
  double drain_s = 7'200;        // after the last arrival, run this long at most
  /// Rate multiplier per hour since start (index hour % size); empty: flat.
  std::vector<double> hourly_profile;
  std::optional<surge_window> surge;
  std::vector<surge_window> surges;  // further windows; factors multiply where they overlap
  std::vector<peak_window> peaks;
  service_model service;
  std::vector<stage_traffic> traffic;
  std::vector<router::agent_profile> agents;
  router::router_config config;
  customer_model customers;
  message_model messages;
  routing_inputs inputs;
  /// Time batches of the measured window, for batch-means confidence intervals.
  int batches = 20;
};

}  // namespace fenliu::sim
