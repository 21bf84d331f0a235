// The simulator's own behaviour: deterministic runs, the arrival process, abandonment,
// skill-match and sticky accounting, utilisation, and the small statistics helpers.

#include "fenliu/sim/simulator.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "fenliu/sim/random.hpp"
#include "fenliu/sim/scenarios.hpp"
#include "fenliu/sim/statistics.hpp"
#include "fenliu/sim/traffic.hpp"

namespace fenliu::sim {
namespace {

using router::stage;

// A small floor: two specialists per skill, one stage, no shifts.
scenario small_floor(double per_hour, std::optional<duration_dist> patience) {
  scenario s;
  s.name = "small";
  s.seed = 5;
  s.start_ms = double11_midnight_ms;
  s.length_s = 4 * 3600.0;
  s.batches = 4;
  s.traffic = {{stage::pre_sales,
                per_hour,
                {{0.5, {{"apparel", 3}}, {}}, {0.5, {{"electronics", 3}}, {}}},
                {dist_kind::lognormal, 200, 1.0}}};
  for (const char* skill : {"apparel", "electronics"}) {
    for (int i = 0; i < 2; ++i) {
      router::agent_profile a;
      a.id = fmt::format("{}{}", skill, i);
      a.stages = {stage::pre_sales};
      a.skills = {{skill, 4}};
      a.capacity = 3;
      a.shifts.always_on = true;
      s.agents.push_back(std::move(a));
    }
  }
  s.customers.patience = patience;
  s.customers.return_share = 0.3;
  s.messages.enabled = true;
  return s;
}

TEST(simulator, same_scenario_same_report) {
  const scenario s = small_floor(60, duration_dist{dist_kind::exponential, 120, 1});
  const sim_report a = simulator(s).run();
  const sim_report b = simulator(s).run();
  EXPECT_GT(a.arrivals, 100U);
  EXPECT_EQ(a.arrivals, b.arrivals);
  EXPECT_EQ(a.answered, b.answered);
  EXPECT_EQ(a.abandoned, b.abandoned);
  EXPECT_EQ(a.router_events, b.router_events);
  EXPECT_DOUBLE_EQ(a.mean_wait_s, b.mean_wait_s);
  EXPECT_DOUBLE_EQ(a.utilisation_gini, b.utilisation_gini);
}

TEST(simulator, every_arrival_ends_answered_abandoned_or_left_a_message) {
  const scenario s = small_floor(120, duration_dist{dist_kind::exponential, 60, 1});
  const sim_report r = simulator(s).run();
  EXPECT_EQ(r.answered + r.abandoned + r.left_message + r.unserved, r.arrivals);
  EXPECT_GT(r.abandoned, 0U);  // overloaded: about 2x the floor's capacity
  EXPECT_NEAR(r.abandonment, static_cast<double>(r.abandoned) / r.arrivals, 1e-12);
}

TEST(simulator, without_patience_nobody_abandons) {
  const sim_report r = simulator(small_floor(40, std::nullopt)).run();
  EXPECT_EQ(r.abandoned, 0U);
  EXPECT_EQ(r.answered, r.arrivals);
  EXPECT_GT(r.utilisation_mean, 0.0);
  EXPECT_LE(r.utilisation_max, 1.0);
}

// Skill-blind routing is still judged against the original requirements. No returning
// buyers here: the core's sticky routing prefers the previous agent whatever the skills.
TEST(simulator, skill_match_uses_the_original_requirements) {
  scenario s = small_floor(40, std::nullopt);
  s.customers.return_share = 0;
  const sim_report with = simulator(s).run();
  EXPECT_DOUBLE_EQ(with.skill_match_rate, 1.0);  // everyone qualified holds level 4 >= 3
  scenario blind = s;
  blind.inputs.send_skills = false;
  const sim_report without = simulator(blind).run();
  EXPECT_LT(without.skill_match_rate, 0.8);
  EXPECT_GT(without.skill_match_rate, 0.2);
}

TEST(simulator, returning_buyers_meet_their_previous_agent_when_sticky) {
  scenario s = small_floor(40, std::nullopt);
  // Every agent holds both skills, so only stickiness decides whom a returning buyer meets
  // (a returning buyer's topic is drawn anew, and sticky routing requires the skills).
  for (auto& a : s.agents) {
    a.skills = {{"apparel", 4}, {"electronics", 4}};
  }
  const sim_report sticky = simulator(s).run();
  scenario plain = s;
  plain.inputs.send_previous_agent = false;
  const sim_report not_sticky = simulator(plain).run();
  ASSERT_GT(sticky.sticky_eligible, 20U);
  EXPECT_GT(sticky.sticky_hit_rate, 0.8);
  EXPECT_LT(not_sticky.sticky_hit_rate, 0.7);
  EXPECT_GT(sticky.assignment_rules.count("sticky"), 0U);
}

TEST(simulator, sticky_routing_never_costs_a_skill_match) {
  // One skill per agent and a new topic per visit: half the returning buyers need a skill their
  // previous agent lacks; they are routed by skill instead of to that agent.
  const scenario s = small_floor(40, std::nullopt);
  const sim_report r = simulator(s).run();
  EXPECT_GT(r.assignment_rules.count("sticky"), 0U);
  EXPECT_EQ(r.skill_mismatch_rules.count("sticky"), 0U);
  EXPECT_LT(r.sticky_hit_rate, 0.8);
}

TEST(traffic, poisson_count_and_surge_rate) {
  scenario s;
  s.seed = 9;
  s.length_s = 10 * 3600.0;
  s.traffic = {{stage::in_sale, 360, {}, {}}};  // 0.1 per second
  s.surge = surge_window{3600.0, 3600.0, 10.0};
  traffic_source t(s);
  EXPECT_DOUBLE_EQ(t.rate_at(0), 0.1);
  EXPECT_DOUBLE_EQ(t.rate_at(5000), 1.0);
  int in_surge = 0;
  int outside = 0;
  double last = 0;
  while (auto a = t.next()) {
    EXPECT_GE(a->at_s, last);
    last = a->at_s;
    (a->at_s >= 3600 && a->at_s < 7200 ? in_surge : outside) += 1;
  }
  // Poisson counts: mean 3600 and 3240, sd = sqrt(mean); 5 sd either side.
  EXPECT_NEAR(in_surge, 3600, 5 * 60);
  EXPECT_NEAR(outside, 3240, 5 * 57);
}

TEST(random, distributions_have_their_means) {
  split_stream g(42);
  const int n = 200'000;
  double exp_sum = 0;
  double logn_sum = 0;
  for (int i = 0; i < n; ++i) {
    exp_sum += exponential(g, 30.0);
    logn_sum += lognormal(g, 240.0, 1.0);
  }
  // Standard errors: 30/sqrt(n) = 0.067 and 240/sqrt(n) = 0.54; 6 of them.
  EXPECT_NEAR(exp_sum / n, 30.0, 0.4);
  EXPECT_NEAR(logn_sum / n, 240.0, 3.3);
}

TEST(statistics, gini_quantile_and_t) {
  EXPECT_DOUBLE_EQ(gini({1, 1, 1, 1}), 0.0);
  EXPECT_NEAR(gini({0, 0, 0, 1}), 0.75, 1e-12);
  std::vector<double> v{5, 1, 4, 2, 3, 6, 7, 8, 9, 10};
  EXPECT_DOUBLE_EQ(quantile(v, 0.9), 9.0);
  EXPECT_NEAR(t_quantile_999(19), 3.883, 0.005);
  EXPECT_NEAR(t_quantile_999(1'000'000), 3.291, 0.001);
  const batch_estimate e = batch_means({1, 2, 3, 4});
  EXPECT_DOUBLE_EQ(e.mean, 2.5);
  EXPECT_GT(e.half_width_999, 0.0);
}

}  // namespace
}  // namespace fenliu::sim
