// Selection per stage policy: least_load (ratio, idle, proficiency, id), round_robin,
// most_skilled, and load weighted by what each conversation waits on.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

struct pick_case {
  std::string name;
  selection_policy policy;
  std::vector<agent_profile> agents;
  std::vector<router_event> script;  // every event at its own second
  std::vector<std::pair<conversation_id, std::string>> expect;
};

void run(const pick_case& c) {
  SCOPED_TRACE(c.name);
  auto cfg = quiet_config();
  for (auto& s : cfg.stages) {
    s.policy = c.policy;
  }
  router_harness h(c.agents, cfg);
  std::vector<router_action> all;
  time_ms t = t0;
  for (const auto& ev : c.script) {
    t += sec;
    auto out = h.send(ev, t);
    all.insert(all.end(), out.begin(), out.end());
  }
  for (const auto& [conv, who] : c.expect) {
    EXPECT_EQ(assignee(all, conv), who) << "conversation " << conv;
  }
}

TEST(router_selection, least_load_orders_by_ratio_then_idle_then_proficiency_then_id) {
  run({"ratio and idle",
       selection_policy::least_load,
       {agent("a", {stage::pre_sales}, {}, 4), agent("b", {stage::pre_sales}, {}, 2),
        agent("c", {stage::pre_sales}, {}, 1)},
       {request(1), request(2), request(3), request(4), request(5), request(6), request(7),
        request(8)},
       {{1, "a"}, {2, "b"}, {3, "c"}, {4, "a"}, {5, "b"}, {6, "a"}, {7, "a"}, {8, ""}}});
  run({"proficiency breaks a tie of load and idle, then the id",
       selection_policy::least_load,
       {agent("p", {stage::pre_sales}, {{"size", 3}}, 1),
        agent("q", {stage::pre_sales}, {{"size", 5}}, 1),
        agent("r", {stage::pre_sales}, {{"size", 5}}, 1)},
       {request(1, stage::pre_sales, {{"size", 1}}), request(2, stage::pre_sales, {{"size", 1}}),
        request(3, stage::pre_sales, {{"size", 1}})},
       {{1, "q"}, {2, "r"}, {3, "p"}}});
}

TEST(router_selection, least_load_weighs_conversations_by_what_they_wait_on) {
  // a and b each hold one chat; who gets the third depends on the weights.
  const std::vector<pick_case> table = {
      {"both wait on the agent: equal ratio, b idle longer",
       selection_policy::least_load,
       {agent("a"), agent("b")},
       {request(1), request(2), request(3)},
       {{1, "a"}, {2, "b"}, {3, "a"}}},
      {"a's chat waits on the customer",
       selection_policy::least_load,
       {agent("a"), agent("b")},
       {request(1), request(2), event::agent_replied{1, "a"}, request(3)},
       {{3, "a"}}},
      {"b's chat waits on logistics",
       selection_policy::least_load,
       {agent("a"), agent("b")},
       {request(1), request(2), event::agent_replied{1, "a"}, event::awaiting_logistics{2},
        request(3)},
       {{3, "b"}}},
      {"the customer wrote again: a counts fully again",
       selection_policy::least_load,
       {agent("a"), agent("b")},
       {request(1), request(2), event::agent_replied{1, "a"}, event::agent_replied{2, "b"},
        event::customer_messaged{1}, request(3)},
       {{3, "b"}}},
  };
  for (const auto& c : table) {
    run(c);
  }
}

TEST(router_selection, round_robin_takes_turns_regardless_of_load) {
  const std::vector<agent_profile> team = {agent("a", {stage::pre_sales}, {}, 10),
                                           agent("b", {stage::pre_sales}, {}, 2)};
  const std::vector<router_event> script = {request(1), request(2), request(3),
                                            request(4), request(5), request(6)};
  run({"turns; a full agent is skipped",
       selection_policy::round_robin,
       team,
       script,
       {{1, "a"}, {2, "b"}, {3, "a"}, {4, "b"}, {5, "a"}, {6, "a"}}});
  run({"least_load keeps b's ratio lower instead",
       selection_policy::least_load,
       team,
       script,
       {{1, "a"}, {2, "b"}, {3, "a"}, {4, "a"}, {5, "a"}, {6, "a"}}});
}

TEST(router_selection, most_skilled_prefers_the_highest_level_in_the_hardest_skill) {
  run({"levels",
       selection_policy::most_skilled,
       {agent("a", {stage::pre_sales}, {{"size", 2}, {"fabric", 5}}, 2),
        agent("b", {stage::pre_sales}, {{"size", 5}, {"fabric", 1}}, 1),
        agent("c", {stage::pre_sales}, {{"size", 4}, {"fabric", 1}}, 2)},
       {request(1, stage::pre_sales, {{"size", 2}}), request(2, stage::pre_sales, {{"size", 2}}),
        request(3, stage::pre_sales, {{"size", 2}}), request(4, stage::pre_sales, {{"size", 2}}),
        request(5, stage::pre_sales, {{"size", 1}, {"fabric", 3}})},
       {{1, "b"}, {2, "c"}, {3, "c"}, {4, "a"}, {5, "a"}}});
}

TEST(router_selection, the_decision_names_the_policy_and_the_skipped_candidates) {
  auto cfg = quiet_config();
  router_harness h({agent("a", {stage::pre_sales}, {{"size", 1}}),
                    agent("b", {stage::pre_sales}, {{"size", 4}})},
                   cfg);
  auto out = h.send(request(1, stage::pre_sales, {{"size", 3}}), t0 + sec);
  auto d = decision_for(out, 1);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->rule, "least_load");
  EXPECT_EQ(d->winner, "b");
  ASSERT_EQ(d->candidates.size(), 1U);
  EXPECT_EQ(d->candidates[0].agent, "a");
  EXPECT_EQ(d->candidates[0].rejected_because, "skill_level:size:1<3");
}

}  // namespace
}  // namespace fenliu::router::testing
