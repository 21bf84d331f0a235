// The service model (who serves changes how long it takes), scenario files, and the
// figures that tell policies apart: fastest_fit against least_load on the heterogeneous
// scenario, peak mode in the surge hour. Fixed seeds, never times.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "fenliu/sim/comparison.hpp"
#include "fenliu/sim/scenario_file.hpp"
#include "fenliu/sim/scenarios.hpp"
#include "fenliu/sim/simulator.hpp"

namespace fenliu::sim {
namespace {

using router::stage;

const std::string heterogeneous_path =
    std::string(FENLIU_SOURCE_DIR) + "/bench/sim/scenarios/heterogeneous.toml";

policy_variant variant(const std::string& name) {
  for (const auto& v : policy_variants()) {
    if (v.name == name) {
      return v;
    }
  }
  throw std::runtime_error("no policy " + name);
}

// One agent, one chat at a time, fixed 100 s of work, nobody abandons, no messages.
scenario one_agent(double skill_factor, bool send_skills, bool second_agent) {
  const std::string text =
      fmt::format(R"(
name = "one"
hours = 4
drain_hours = 4
vip_share = 0
messages = false
[patience]
kind = "none"
[service]
concurrency_slowdown = 0.5
transfer_cost_s = 30
[routing]
wrap_up_s = 0
[[traffic]]
per_hour = 6
handling = {{ kind = "fixed", mean_s = 100 }}
mixes = [ {{ required = {{ x = 1 }} }} ]
[[agents]]
name = "{}"
capacity = 1
skills = {{ {} = 3 }}
speed = {{ x = {} }}
{})",
                  second_agent ? "lacks" : "a", second_agent ? "y" : "x", skill_factor,
                  second_agent ? "[[agents]]\nname = \"has\"\ncapacity = 1\n"
                                 "skills = { x = 3 }\nspeed = { x = 1.0 }"
                               : "");
  scenario s = parse_scenario(text, "test").base;
  s.inputs.send_skills = send_skills;
  return s;
}

TEST(service_model, the_agents_skill_factor_sets_the_handling_time) {
  for (const double f : {0.5, 1.0, 1.5}) {
    const sim_report r = simulator(one_agent(f, true, false)).run();
    ASSERT_GT(r.handled, 5U);
    // Capacity 1: never a second open chat, so exactly 100 s x the factor (ms rounding).
    EXPECT_NEAR(r.aht_s, 100 * f, 0.01) << "factor " << f;
    EXPECT_DOUBLE_EQ(r.transfer_rate, 0);
    EXPECT_DOUBLE_EQ(r.first_agent_resolution, 1.0);
  }
}

TEST(service_model, an_agent_lacking_the_skill_transfers_at_a_cost) {
  // Skills not sent: the skill-blind router gives some chats to the agent who lacks x; each
  // costs 30 s there, then the chat is served by the other (factor 1: 100 s).
  const sim_report blind = simulator(one_agent(1.0, false, true)).run();
  ASSERT_GT(blind.handled, 5U);
  EXPECT_GT(blind.transfer_rate, 0.1);
  EXPECT_LT(blind.first_agent_resolution, 0.9);
  EXPECT_NEAR(blind.aht_s, 100 + 30 * blind.transfer_rate, 1.0);
  // Sent: never.
  const sim_report told = simulator(one_agent(1.0, true, true)).run();
  EXPECT_DOUBLE_EQ(told.transfer_rate, 0);
  EXPECT_NEAR(told.aht_s, 100, 0.01);
}

TEST(scenario_file, toml_and_json_read_the_same) {
  const scenario_file t = parse_scenario(R"(
name = "x"
seeds = 3
hours = 2
vip_share = 0.2
policies = ["fastest_fit"]
[[surge]]
start_h = 1
factor = 3
[[peak]]
start_h = 1
[[traffic]]
stage = "in_sale"
per_hour = 50
handling = { kind = "lognormal", mean_s = 100, cv = 0.5 }
mixes = [ { weight = 2, required = { a = 2 }, optional = { b = 1 } } ]
[[agents]]
name = "g"
count = 2
stages = ["in_sale", "after_sales"]
capacity = 4
skills = { a = 3, b = 1 }
factors = [0.5, 2]
)",
                                         "t.toml");
  const scenario_file j = parse_scenario(R"({
  "name": "x", "seeds": 3, "hours": 2, "vip_share": 0.2, "policies": ["fastest_fit"],
  "surge": [{"start_h": 1, "factor": 3}], "peak": [{"start_h": 1}],
  "traffic": [{"stage": "in_sale", "per_hour": 50,
               "handling": {"kind": "lognormal", "mean_s": 100, "cv": 0.5},
               "mixes": [{"weight": 2, "required": {"a": 2}, "optional": {"b": 1}}]}],
  "agents": [{"name": "g", "count": 2, "stages": ["in_sale", "after_sales"], "capacity": 4,
              "skills": {"a": 3, "b": 1}, "factors": [0.5, 2]}]
})",
                                         "t.json");
  for (const scenario_file* f : {&t, &j}) {
    EXPECT_EQ(f->base.name, "x");
    EXPECT_EQ(f->seeds, 3);
    EXPECT_DOUBLE_EQ(f->base.length_s, 7200);
    EXPECT_DOUBLE_EQ(f->base.customers.vip_share, 0.2);
    ASSERT_EQ(f->policies.size(), 1U);
    ASSERT_EQ(f->base.surges.size(), 1U);
    EXPECT_DOUBLE_EQ(f->base.surges[0].factor, 3);
    ASSERT_EQ(f->base.peaks.size(), 1U);
    ASSERT_EQ(f->base.traffic.size(), 1U);
    EXPECT_EQ(f->base.traffic[0].stage_, stage::in_sale);
    EXPECT_EQ(f->base.traffic[0].handling.kind, dist_kind::lognormal);
    ASSERT_EQ(f->base.traffic[0].mixes.size(), 1U);
    EXPECT_EQ(f->base.traffic[0].mixes[0].required, (std::vector<router::skill_level>{{"a", 2}}));
    ASSERT_EQ(f->base.agents.size(), 2U);
    EXPECT_EQ(f->base.agents[1].id, "g-02");
    EXPECT_EQ(f->base.agents[1].capacity, 4);
    EXPECT_EQ(f->base.agents[1].stages.size(), 2U);
    EXPECT_DOUBLE_EQ(f->base.service.agents[1].factor, 2);
    EXPECT_TRUE(f->base.service.enabled == false);  // no [service]: the old model
  }
}

TEST(scenario_file, errors_name_the_key) {
  try {
    parse_scenario("hours = \"eight\"\n", "bad.toml");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("hours"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_scenario("name = \"no agents\"\n", "empty.toml"), std::runtime_error);
  EXPECT_THROW(parse_scenario("[[traffic]]\nstage = \"lobby\"\n", "stage.toml"),
               std::runtime_error);
}

TEST(policies, fastest_fit_beats_least_load_on_the_heterogeneous_floor) {
  scenario_file f = load_scenario(heterogeneous_path);
  ASSERT_TRUE(f.base.service.enabled);
  const auto c = compare_policies(
      f.base, {variant("least_load"), variant("fastest_fit"), variant("fewest_open_stage_only")},
      4);
  auto fig = [&](std::size_t p, const std::string& name, bool diff) {
    for (std::size_t i = 0; i < c.policies[p].figures.size(); ++i) {
      if (c.policies[p].figures[i].first == name) {
        return diff ? c.policies[p].minus_first[i].second : c.policies[p].figures[i].second;
      }
    }
    throw std::runtime_error(name);
  };
  const double aht_ll = fig(0, "aht_s", false).mean;
  const auto aht_diff = fig(1, "aht_s", true);
  EXPECT_LT(aht_diff.mean + aht_diff.half_width_95, -0.10 * aht_ll);
  const auto sl_diff = fig(1, "service_level_30s", true);
  EXPECT_GT(sl_diff.mean - sl_diff.half_width_95, 0.03);
  EXPECT_LE(fig(1, "idle_gini", false).mean, 0.13);
  EXPECT_LE(fig(1, "utilisation_max_over_mean", false).mean, 1.5);
  EXPECT_LE(fig(1, "transfer_rate", false).mean, 0.01);
  // Skill-blind routing transfers: the model charges for it.
  EXPECT_GT(fig(2, "transfer_rate", false).mean, 0.01);
}

TEST(policies, peak_mode_holds_the_surge_hour) {
  const sim_report off = simulator(with_policy(surge_hour(1, false), variant("least_load"))).run();
  const sim_report on = simulator(with_policy(surge_hour(1, true), variant("least_load"))).run();
  EXPECT_GT(off.abandonment, 0.7);
  EXPECT_LT(off.vip_service_level_30s, 0.2);
  EXPECT_LE(on.abandonment, 0.5);
  EXPECT_GE(on.vip_service_level_30s, 0.8);
  EXPECT_GT(on.left_message, off.left_message);
}

TEST(policies, peak_mode_on_a_small_floor_serves_vips_first) {
  // The heterogeneous floor: an hour of warm-up, then a measured 4x hour with peak mode on.
  // Small enough for debug builds, which assert the core's invariants after every event.
  scenario base = load_scenario(heterogeneous_path).base;
  base.warmup_s = 3600.0;
  base.length_s = 2 * 3600.0;
  base.surges = {surge_window{3600.0, 3600.0, 4.0}};
  scenario peak = base;
  peak.peaks = {peak_window{3600.0, 3600.0}};
  for (const char* policy : {"least_load", "fastest_fit"}) {
    const sim_report off = simulator(with_policy(base, variant(policy))).run();
    const sim_report on = simulator(with_policy(peak, variant(policy))).run();
    EXPECT_GT(on.vip_service_level_30s, off.vip_service_level_30s + 0.2)
        << policy << ": " << on.vip_service_level_30s << " vs " << off.vip_service_level_30s;
    EXPECT_LT(on.abandonment, off.abandonment) << policy;
    EXPECT_GT(on.left_message, off.left_message) << policy;
  }
}

}  // namespace
}  // namespace fenliu::sim
