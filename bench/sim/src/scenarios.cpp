// Built-in scenarios and policy variants (see scenarios.hpp).

#include "fenliu/sim/scenarios.hpp"

#include <fmt/format.h>

#include "fenliu/sim/erlang_c.hpp"
#include "fenliu/sim/simulator.hpp"

namespace fenliu::sim {

using router::skill_level;
using router::stage;

namespace {

// Beyond any wait or chat in the validation run, but small enough that the core's stale
// timer entries are popped as simulated time passes them.
constexpr int never_s = 1'000'000;

enum class shift { early, late, night };

// Local minutes: early 08-17, late 15-24, night 23-08:30 (two intervals the core joins across
// midnight). The late shift covers the evening peak. Overlaps must exceed the core's
// shift_end_no_offer_min (10): with night ending at 08:00 sharp, nobody took new chats from
// 07:50 to 08:00 and 13% of that hour's customers abandoned.
router::shift_schedule schedule_for(shift s) {
  std::vector<router::shift_interval> day;
  switch (s) {
    case shift::early:
      day = {{8 * 60, 17 * 60}};
      break;
    case shift::late:
      day = {{15 * 60, 24 * 60}};
      break;
    case shift::night:
      day = {{0, 8 * 60 + 30}, {23 * 60, 24 * 60}};
      break;
  }
  router::shift_schedule sched;
  for (auto& d : sched.weekly) {
    d = day;
  }
  return sched;
}

struct staff_group {
  const char* name;
  std::vector<stage> stages;
  std::vector<skill_level> skills;
  int capacity;
  int early;
  int late;
  int night;
};

std::vector<staff_group> shop_staff() {
  const std::vector<stage> pre = {stage::pre_sales};
  const std::vector<stage> in = {stage::in_sale};
  const std::vector<stage> after = {stage::after_sales};
  const std::vector<stage> all = {stage::pre_sales, stage::in_sale, stage::after_sales};
  // clang-format off
  // group, stages, skills, capacity, then agents on the early, late and night shifts
  return {
      {"apparel",     pre,   {{"apparel", 4}, {"beauty", 1}},                    5, 3, 3, 0},
      {"electronics", pre,   {{"electronics", 4}, {"apparel", 1}},               4, 3, 2, 0},
      {"beauty",      pre,   {{"beauty", 4}, {"apparel", 2}},                    5, 1, 1, 0},
      {"generalist",  pre,   {{"apparel", 2}, {"electronics", 2}, {"beauty", 2},
                              {"english", 3}},                                   6, 1, 2, 0},
      {"logistics",   in,    {{"logistics", 3}, {"returns", 2}},                 6, 2, 2, 0},
      {"returns",     in,    {{"logistics", 2}, {"returns", 3}},                 6, 2, 2, 0},
      {"refund",      after, {{"refund", 3}, {"complaint", 2}, {"logistics", 1}},
                                                                                 4, 3, 3, 0},
      {"care",        after, {{"refund", 2}, {"complaint", 4}, {"returns", 1}},   4, 3, 3, 0},
      {"night",       all,   {{"apparel", 3}, {"electronics", 3}, {"beauty", 2},
                              {"english", 2}, {"logistics", 2}, {"returns", 2},
                              {"refund", 2}, {"complaint", 2}},                  5, 0, 0, 5},
  };
  // clang-format on
}

std::vector<router::agent_profile> shop_agents() {
  std::vector<router::agent_profile> agents;
  for (const auto& g : shop_staff()) {
    const std::pair<shift, int> shifts[] = {
        {shift::early, g.early}, {shift::late, g.late}, {shift::night, g.night}};
    for (const auto& [sh, count] : shifts) {
      for (int i = 0; i < count; ++i) {
        router::agent_profile p;
        static constexpr const char* shift_names[] = {"early", "late", "night"};
        p.id = fmt::format("{}-{}-{}", g.name, shift_names[static_cast<int>(sh)], i + 1);
        p.display_name = p.id;
        p.stages = g.stages;
        p.skills = g.skills;
        p.capacity = g.capacity;
        p.shifts = schedule_for(sh);
        agents.push_back(std::move(p));
      }
    }
  }
  return agents;
}

std::vector<stage_traffic> shop_traffic() {
  return {
      {stage::pre_sales,
       480,
       {{0.42, {{"apparel", 2}}, {}},
        {0.05, {{"apparel", 2}}, {{"english", 2}}},
        {0.30, {{"electronics", 3}}, {}},
        {0.05, {{"electronics", 3}}, {{"english", 2}}},
        {0.18, {{"beauty", 2}}, {}}},
       {dist_kind::lognormal, 240, 1.0}},
      {stage::in_sale,
       240,
       {{0.7, {{"logistics", 1}}, {}}, {0.3, {{"returns", 2}}, {}}},
       {dist_kind::exponential, 180, 1.0}},
      {stage::after_sales,
       160,
       {{0.6, {{"refund", 2}}, {}},
        {0.3, {{"complaint", 3}}, {}},
        {0.1, {{"refund", 2}}, {{"complaint", 2}}}},
       {dist_kind::lognormal, 420, 1.2}},
  };
}

// Overflow after T2: pre-sales to any in-sale agent, in-sale to after-sales agents who know
// logistics, after-sales to in-sale agents who handle returns.
router::router_config shop_config() {
  router::router_config c;
  auto& pre = c.stages[static_cast<int>(stage::pre_sales)];
  pre.overflow_stages = {stage::in_sale};
  auto& in = c.stages[static_cast<int>(stage::in_sale)];
  in.overflow_stages = {stage::after_sales};
  in.overflow_skill = "logistics";
  auto& after = c.stages[static_cast<int>(stage::after_sales)];
  after.overflow_stages = {stage::in_sale};
  after.overflow_skill = "returns";
  return c;
}

}  // namespace

scenario erlang_c_scenario(const erlang_c_params& p) {
  scenario s;
  s.name = fmt::format("erlang_c_c{}_a{}", p.servers, p.erlangs);
  s.seed = p.seed;
  s.start_ms = double11_midnight_ms;
  const double lambda = p.erlangs / p.mean_service_s;
  s.warmup_s = p.warmup_customers / lambda;
  s.length_s = s.warmup_s + p.customers / lambda;
  s.drain_s = 100 * p.mean_service_s;
  s.batches = p.batches;
  // One skill that every server holds: the skill indices are on the path, as in production.
  s.traffic = {{stage::pre_sales,
                lambda * 3600.0,
                {{1.0, {{"general", 1}}, {}}},
                {dist_kind::exponential, p.mean_service_s}}};
  router::router_config& c = s.config;
  c.wrap_up_s = 0;
  c.first_reply_deadline_s = never_s;
  c.sticky_days = 0;
  c.sticky_wait_s = 0;
  c.queue_status_interval_ms = 0;  // no sweep timers; the queue is short
  for (auto& st : c.stages) {
    st.relax_skills_after_s = never_s;
    st.overflow_after_s = never_s;
    st.alert_after_s = never_s;
    st.max_wait_s = never_s;
  }
  for (int i = 0; i < p.servers; ++i) {
    router::agent_profile a;
    a.id = fmt::format("server{:03}", i + 1);
    a.display_name = a.id;
    a.stages = {stage::pre_sales};
    a.skills = {{"general", 3}};
    a.capacity = 1;
    a.shifts.always_on = true;
    s.agents.push_back(std::move(a));
  }
  return s;
}

erlang_c_check run_erlang_c(const erlang_c_params& p) {
  const scenario s = erlang_c_scenario(p);
  erlang_c_check r;
  r.params = p;
  r.sim = simulator(s).run();
  r.p_wait_theory = erlang_c(p.servers, p.erlangs);
  r.mean_wait_s_theory = erlang_c_mean_wait(p.servers, p.erlangs, p.mean_service_s);
  r.service_level_30s_theory =
      1.0 - erlang_c_wait_above(p.servers, p.erlangs, p.mean_service_s, 30.0);
  return r;
}

scenario shop_day(std::uint64_t seed, bool double11) {
  scenario s;
  s.name = double11 ? "double11" : "normal_day";
  s.seed = seed;
  s.start_ms = double11_midnight_ms;
  s.length_s = 86'400;
  s.drain_s = 7'200;
  s.batches = 24;
  // Relative arrival rate by local hour: quiet nights, a midday plateau, the evening peak.
  s.hourly_profile = {0.35, 0.20, 0.12, 0.08, 0.06, 0.06, 0.10, 0.20, 0.45, 0.75, 0.95, 1.00,
                      0.90, 0.95, 1.00, 1.00, 0.95, 0.90, 0.85, 0.95, 1.20, 1.30, 1.10, 0.70};
  if (double11) {
    s.surge = surge_window{20 * 3600.0, 3600.0, 10.0};
  }
  s.traffic = shop_traffic();
  s.agents = shop_agents();
  s.config = shop_config();
  s.customers.patience = duration_dist{dist_kind::lognormal, 180, 1.0};
  s.customers.leave_message_accept = 0.5;
  s.customers.return_share = 0.25;
  s.customers.vip_share = 0.05;
  s.messages.enabled = true;
  return s;
}

scenario shop_day_served(std::uint64_t seed) {
  scenario s = shop_day(seed, false);
  s.name = "shop_day_served";
  s.service.enabled = true;
  // Capacities of 4-6 chats: a milder slowdown per extra chat than the 3-chat floors.
  s.service.level_factor = {1.6, 1.3, 1.15, 1.0, 0.9, 0.8};
  s.service.concurrency_slowdown = 0.1;
  return s;
}

scenario surge_hour(std::uint64_t seed, bool peak) {
  scenario s = shop_day(seed, true);
  s.name = peak ? "surge_hour_peak" : "surge_hour";
  s.warmup_s = 20 * 3600.0;
  s.length_s = 21 * 3600.0;
  s.batches = 4;
  if (peak) {
    s.peaks = {peak_window{20 * 3600.0, 3600.0}};
  }
  return s;
}

std::vector<policy_variant> policy_variants() {
  using router::selection_policy;
  return {
      {"least_load",
       "default: lowest weighted load ratio (awaiting agent 1.0, customer 0.6, logistics 0.3), "
       "skills, sticky",
       selection_policy::least_load, false, true, true},
      {"round_robin", "core round robin among eligible agents, skills, sticky",
       selection_policy::round_robin, false, true, true},
      {"fewest_open", "least_load with every open chat weighing 1.0, skills, sticky",
       selection_policy::least_load, true, true, true},
      {"fewest_open_stage_only",
       "Rocket.Chat/Chatwoot-like: fewest open chats within the stage, no skills, no sticky",
       selection_policy::least_load, true, false, false},
      {"round_robin_stage_only",
       "Chatwoot-like round robin within the stage, capacity limit, no skills, no sticky",
       selection_policy::round_robin, true, false, false},
      {"most_skilled", "highest level in the most demanding skill, then load, skills, sticky",
       selection_policy::most_skilled, false, true, true},
      {"fastest_fit",
       "lowest expected completion time (speeds learnt from handle_time_observed, concurrency "
       "factor), idle-time fairness threshold, skills, sticky",
       selection_policy::fastest_fit, false, true, true},
  };
}

scenario with_policy(scenario s, const policy_variant& v) {
  s.policy = v.name;
  for (auto& st : s.config.stages) {
    st.policy = v.policy;
  }
  if (v.unit_weights) {
    s.config.weights = {1.0, 1.0, 1.0};
  }
  s.inputs.send_skills = v.skills;
  s.inputs.send_previous_agent = v.sticky;
  if (!v.sticky) {
    s.config.sticky_days = 0;
  }
  return s;
}

}  // namespace fenliu::sim
