#pragma once
// The built-in scenarios: the Erlang-C validation (M/M/c), a shop's day with three stages,
// skills, shifts and abandonment, the same day with a Double-11 surge, and the routing policies
// compared on them.

#include <cstdint>
#include <string>
#include <vector>

#include "fenliu/sim/metrics.hpp"
#include "fenliu/sim/scenario.hpp"

namespace fenliu::sim {

/// 2026-11-11 00:00 in the shop's time zone (UTC+8): simulated second 0 of the shop days.
inline constexpr router::time_ms double11_midnight_ms = 1'794'326'400'000;

struct erlang_c_params {
  int servers = 10;
  double erlangs = 8.0;           // offered load A = lambda * S
  double mean_service_s = 180.0;  // S, exponential
  double customers = 400'000;     // expected arrivals in the measured window
  double warmup_customers = 5'000;
  int batches = 20;
  std::uint64_t seed = 1;
};

/// One stage, one agent per server with capacity 1 and no skills, Poisson arrivals,
/// exponential handling, nobody abandons, no messages. Everything in the core that an M/M/c
/// queue does not have is switched off: wrap-up 0, relaxation/overflow/alert/leave-a-message
/// and the response deadline beyond any wait that can occur, no sticky routing, priority 0
/// (no aging), agents always on shift.
scenario erlang_c_scenario(const erlang_c_params& p);

struct erlang_c_check {
  erlang_c_params params;
  sim_report sim;
  double p_wait_theory = 0;
  double mean_wait_s_theory = 0;
  double service_level_30s_theory = 0;
};
erlang_c_check run_erlang_c(const erlang_c_params& p);

/// A shop's day (24 h from local midnight): pre-sales, in-sale and after-sales traffic with
/// a daily profile, 41 agents on early, late and night shifts, skills with levels, VIP and
/// returning buyers, patience (abandonment), messages and the default router configuration.
/// `double11` multiplies the arrival rate by 10 from 20:00 to 21:00.
scenario shop_day(std::uint64_t seed, bool double11);

/// The normal shop day with the service model on (milder level factors, slowdown 0.1 per
/// extra chat): handling by the agent's level in the chat's skill and open chats,
/// wrong-skill transfers (overflow to agents without the skill), return speed-up. Its staff
/// is sized for the original model, so it runs saturated: `fenliu-sim --only
/// shop_day_served`, not part of the default run.
scenario shop_day_served(std::uint64_t seed);

/// The Double-11 day measured over its 10x hour (20:00-21:00) only; with `peak`, peak mode
/// (router_config::peak, defaults) is switched on for that hour by event::peak_mode_set.
scenario surge_hour(std::uint64_t seed, bool peak);

/// A routing policy, set through the router configuration and the request fields only.
struct policy_variant {
  std::string name;
  std::string description;
  router::selection_policy policy = router::selection_policy::least_load;
  bool unit_weights = false;  // every open chat weighs 1.0: "fewest open chats"
  bool skills = true;         // send required and optional skills
  bool sticky = true;         // send the previous agent (and keep sticky_days)
};
std::vector<policy_variant> policy_variants();
scenario with_policy(scenario s, const policy_variant& v);

}  // namespace fenliu::sim
