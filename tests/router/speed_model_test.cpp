// fastest_fit: the expected completion time from level priors, learnt speeds
// (event::handle_time_observed) and the concurrency factor; the idle-time fairness threshold.

#include <memory>

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

router_config fastest_config(int fairness_idle_s = 0) {
  auto cfg = quiet_config();
  for (auto& s : cfg.stages) {
    s.policy = selection_policy::fastest_fit;
  }
  cfg.speeds.fairness_idle_s = fairness_idle_s;
  return cfg;
}

// "slow" (level 3) came online first, so least_load (longest idle) prefers it; "fast"
// (level 5) connects 10 s later.
std::unique_ptr<router_harness> two_agents(const router_config& cfg) {
  auto h = std::make_unique<router_harness>(
      std::vector<agent_profile>{agent("fast", {stage::pre_sales}, {{"x", 5}}, 3),
                                 agent("slow", {stage::pre_sales}, {{"x", 3}}, 3)},
      cfg, false);
  h->send(event::agent_connected{"slow"}, t0);
  h->send(event::agent_connected{"fast"}, t0 + 10 * sec);
  return h;
}

TEST(router_fastest_fit, level_priors_pick_the_faster_agent_where_least_load_picks_the_idler) {
  struct row {
    selection_policy policy;
    std::string winner;
    std::string rule;
  };
  const std::vector<row> table = {{selection_policy::least_load, "slow", "least_load"},
                                  {selection_policy::fastest_fit, "fast", "fastest_fit"}};
  for (const auto& r : table) {
    auto cfg = fastest_config();
    for (auto& s : cfg.stages) {
      s.policy = r.policy;
    }
    auto h = two_agents(cfg);
    const auto out = h->send(request(1, stage::pre_sales, {{"x", 1}}), t0 + 20 * sec);
    EXPECT_EQ(assignee(out, 1), r.winner);
    ASSERT_TRUE(decision_for(out, 1).has_value());
    EXPECT_EQ(decision_for(out, 1)->rule, r.rule);
  }
}

TEST(router_fastest_fit, observed_handle_times_override_the_level_prior) {
  struct row {
    double fast_observed_s;  // what "fast" really takes
    int observations;
    std::string winner;
  };
  // Prior: level 5 -> 300 x 0.7 = 210 s, level 3 -> 300 s.
  const std::vector<row> table = {
      {200, 5, "fast"}, {900, 1, "slow"}, {900, 20, "slow"}, {250, 20, "fast"}};
  for (const auto& r : table) {
    auto h = two_agents(fastest_config());
    for (int i = 0; i < r.observations; ++i) {
      h->send(event::handle_time_observed{"fast", {{"x", 1}}, r.fast_observed_s, 1}, t0 + 11 * sec);
    }
    const auto out = h->send(request(1, stage::pre_sales, {{"x", 1}}), t0 + 20 * sec);
    EXPECT_EQ(assignee(out, 1), r.winner) << r.observations << " x " << r.fast_observed_s << " s";
  }
}

TEST(router_fastest_fit, observations_are_brought_back_to_one_open_chat) {
  // 5 open chats with slowdown 0.25: factor 2, so 500 s observed is 250 s at one chat:
  // still slower than "slow"'s 300 s prior? No: 250 < 300, "fast" keeps winning.
  auto h = two_agents(fastest_config());
  for (int i = 0; i < 30; ++i) {
    h->send(event::handle_time_observed{"fast", {{"x", 1}}, 500, 5}, t0 + 11 * sec);
  }
  EXPECT_EQ(assignee(h->send(request(1, stage::pre_sales, {{"x", 1}}), t0 + 20 * sec), 1), "fast");
  // The same 500 s at one open chat makes it the slower one.
  auto g = two_agents(fastest_config());
  for (int i = 0; i < 30; ++i) {
    g->send(event::handle_time_observed{"fast", {{"x", 1}}, 500, 1}, t0 + 11 * sec);
  }
  EXPECT_EQ(assignee(g->send(request(1, stage::pre_sales, {{"x", 1}}), t0 + 20 * sec), 1), "slow");
}

TEST(router_fastest_fit, open_chats_slow_the_expected_completion) {
  // fast: 210 s x (1 + 0.25 x open); slow idle: 300 s. With 1 open, 262 s: fast; with 2
  // open, 315 s: slow.
  auto h = two_agents(fastest_config());
  EXPECT_EQ(assignee(h->send(request(1, stage::pre_sales, {{"x", 1}}), t0 + 20 * sec), 1), "fast");
  EXPECT_EQ(assignee(h->send(request(2, stage::pre_sales, {{"x", 1}}), t0 + 21 * sec), 2), "fast");
  EXPECT_EQ(assignee(h->send(request(3, stage::pre_sales, {{"x", 1}}), t0 + 22 * sec), 3), "slow");
}

TEST(router_fastest_fit, fairness_threshold_gives_a_long_idle_agent_the_chat) {
  struct row {
    int fairness_idle_s;
    time_ms at;
    std::string winner;
  };
  // "slow" idle since t0, "fast" since t0 + 10 s.
  const std::vector<row> table = {{0, t0 + 100 * sec, "fast"},
                                  {60, t0 + 50 * sec, "fast"},    // nobody idle 60 s yet
                                  {60, t0 + 65 * sec, "slow"},    // only slow is
                                  {60, t0 + 100 * sec, "slow"}};  // both: the longest idle
  for (const auto& r : table) {
    auto h = two_agents(fastest_config(r.fairness_idle_s));
    const auto out = h->send(request(1, stage::pre_sales, {{"x", 1}}), r.at);
    EXPECT_EQ(assignee(out, 1), r.winner) << r.fairness_idle_s << " at +" << (r.at - t0) / sec;
  }
}

TEST(router_fastest_fit, unknown_agents_and_bad_times_are_ignored) {
  auto h = two_agents(fastest_config());
  EXPECT_TRUE(
      h->send(event::handle_time_observed{"nobody", {{"x", 1}}, 10, 1}, t0 + 11 * sec).empty());
  h->send(event::handle_time_observed{"fast", {{"x", 1}}, 0, 1}, t0 + 11 * sec);
  h->send(event::handle_time_observed{"fast", {{"x", 1}}, -5, 1}, t0 + 11 * sec);
  h->send(event::handle_time_observed{"fast", {{"unknown_skill", 1}}, 5000, 1}, t0 + 11 * sec);
  // The per-skill estimate is untouched: the prior still ranks "fast" first.
  EXPECT_EQ(assignee(h->send(request(1, stage::pre_sales, {{"x", 1}}), t0 + 20 * sec), 1), "fast");
}

TEST(router_fastest_fit, without_required_skills_the_overall_estimate_ranks) {
  auto h = two_agents(fastest_config());
  for (int i = 0; i < 20; ++i) {
    h->send(event::handle_time_observed{"fast", {}, 1000, 1}, t0 + 11 * sec);
  }
  EXPECT_EQ(assignee(h->send(request(1), t0 + 20 * sec), 1), "slow");
}

}  // namespace
}  // namespace fenliu::router::testing
