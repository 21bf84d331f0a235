// Transfers to a skill keep the level the conversation required in that skill.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

TEST(router_transfer, a_transfer_to_a_skill_keeps_the_required_level) {
  struct row {
    std::string what;
    std::vector<skill_level> required;
    std::vector<skill_level> optional;
    std::optional<stage> to_stage;
    std::string online;        // the one agent online besides "from" after the transfer
    std::string expect_agent;  // "" = queued: the online agent lacks the level
  };
  const std::vector<row> table = {
      {"level 4 kept: a level-2 agent may not take it", {{"refunds", 4}}, {}, {}, "lo", ""},
      {"level 4 kept: a level-4 agent takes it", {{"refunds", 4}}, {}, {}, "hi", "hi"},
      {"level 2 kept", {{"refunds", 2}}, {}, {}, "lo", "lo"},
      {"a skill not asked for before starts at 1", {{"apparel", 3}}, {}, {}, "lo", "lo"},
      {"an optional level becomes the required one", {}, {{"refunds", 4}}, {}, "lo", ""},
      {"moving stage too keeps it", {{"refunds", 4}}, {}, stage::in_sale, "lo_in", ""},
      {"moving stage, a level-4 agent there",
       {{"refunds", 4}},
       {},
       stage::in_sale,
       "hi_in",
       "hi_in"},
  };
  const std::vector<std::string> others = {"lo", "hi", "lo_in", "hi_in"};
  for (const auto& r : table) {
    SCOPED_TRACE(r.what);
    router_harness h({agent("from", {stage::after_sales}, {{"refunds", 5}, {"apparel", 5}}, 1),
                      agent("lo", {stage::after_sales}, {{"refunds", 2}}),
                      agent("hi", {stage::after_sales}, {{"refunds", 4}}),
                      agent("lo_in", {stage::in_sale}, {{"refunds", 2}}),
                      agent("hi_in", {stage::in_sale}, {{"refunds", 4}})});
    for (const auto& id : others) {
      h.send(event::agent_state_set{id, agent_state::away, ""}, t0);
    }
    auto req = request(1, stage::after_sales, r.required);
    req.optional_skills = r.optional;
    h.send(req, t0 + sec);
    ASSERT_EQ(h.agent_of(1), "from");
    h.send(event::agent_state_set{r.online, agent_state::online, ""}, t0 + 2 * sec);
    event::transfer_requested tr;
    tr.conversation = 1;
    tr.target.to_stage = r.to_stage;
    tr.target.to_skill = "refunds";
    tr.by = "from";
    auto out = h.send(tr, t0 + 3 * sec);
    EXPECT_EQ(assignee(out, 1), r.expect_agent);
    if (r.expect_agent.empty()) {
      EXPECT_EQ(h.phase(1), conversation_phase::queued);
    }
  }
}

}  // namespace
}  // namespace fenliu::router::testing
