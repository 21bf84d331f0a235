// Eligibility: stage, skills and levels, capacity, wrap-up, state; each rejection explained.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

struct eligibility_case {
  std::string name;
  agent_profile only_agent;
  event::conversation_requested req;
  std::vector<router_event> before;  // applied at t0 + 1 s
  bool assigned;
  std::string reason;  // why the only candidate was rejected
  std::string rule = "queued";
};

TEST(router_eligibility, each_rule_rejects_with_its_reason) {
  auto cfg = quiet_config();
  cfg.wrap_up_s = 30;
  const std::vector<eligibility_case> table = {
      {"eligible",
       agent("a", {stage::pre_sales}, {{"size", 3}}),
       request(9, stage::pre_sales, {{"size", 3}}),
       {},
       true,
       ""},
      // Nobody serves the stage: leave a message.
      {"wrong stage",
       agent("a", {stage::in_sale}),
       request(9, stage::pre_sales),
       {},
       false,
       "",
       "no_agent_on_shift"},
      {"missing skill",
       agent("a", {stage::pre_sales}, {{"size", 3}}),
       request(9, stage::pre_sales, {{"fabric", 1}}),
       {},
       false,
       "missing_skill:fabric"},
      {"level too low",
       agent("a", {stage::pre_sales}, {{"size", 2}}),
       request(9, stage::pre_sales, {{"size", 3}}),
       {},
       false,
       "skill_level:size:2<3"},
      {"every skill needed",
       agent("a", {stage::pre_sales}, {{"size", 5}}),
       request(9, stage::pre_sales, {{"size", 1}, {"fabric", 1}}),
       {},
       false,
       "missing_skill:fabric"},
      {"at capacity",
       agent("a", {stage::pre_sales}, {}, 1),
       request(9),
       {request(1)},
       false,
       "at_capacity"},
      {"in wrap-up",
       agent("a", {stage::pre_sales}, {}, 3),
       request(9),
       {request(1), event::conversation_closed{1, "a"}},
       false,
       "in_wrap_up"},
      {"away",
       agent("a"),
       request(9),
       {event::agent_state_set{"a", agent_state::away, "a"}},
       false,
       "away"},
      {"busy",
       agent("a"),
       request(9),
       {event::agent_state_set{"a", agent_state::busy, "a"}},
       false,
       "busy"},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(c.name);
    router_harness h({c.only_agent}, cfg);
    for (const auto& ev : c.before) {
      h.send(ev, t0 + sec);
    }
    auto out = h.send(c.req, t0 + 2 * sec);
    EXPECT_EQ(assignee(out, 9) == "a", c.assigned);
    auto d = decision_for(out, 9);
    ASSERT_TRUE(d);
    if (c.assigned) {
      EXPECT_EQ(d->winner, "a");
      continue;
    }
    EXPECT_EQ(d->rule, c.rule);
    EXPECT_FALSE(d->winner);
    if (c.reason.empty()) {
      EXPECT_TRUE(d->candidates.empty());
    } else {
      ASSERT_EQ(d->candidates.size(), 1U);
      EXPECT_EQ(d->candidates[0].agent, "a");
      EXPECT_EQ(d->candidates[0].rejected_because, c.reason);
    }
  }
}

TEST(router_eligibility, wrap_up_only_counts_against_capacity_when_configured) {
  struct row {
    bool blocks;
    std::string expect;
  };
  for (const auto& r : std::vector<row>{{true, ""}, {false, "a"}}) {
    auto cfg = quiet_config();
    cfg.wrap_up_s = 30;
    cfg.wrap_up_blocks_offers = r.blocks;
    router_harness h({agent("a", {stage::pre_sales}, {}, 2)}, cfg);
    h.send(request(1), t0);
    h.send(event::conversation_closed{1, "a"}, t0 + sec);
    auto out = h.send(request(2), t0 + 2 * sec);
    EXPECT_EQ(assignee(out, 2), r.expect);
    EXPECT_EQ(h.load("a"), r.blocks ? 1 : 2);  // the wrap-up still holds a slot
  }
}

TEST(router_eligibility, load_counts_offered_active_and_wrap_up) {
  auto cfg = quiet_config();
  cfg.wrap_up_s = 30;
  cfg.wrap_up_blocks_offers = false;
  cfg.stages[0].manual_accept = true;
  cfg.offer_timeout_s = 600;
  router_harness h({agent("a", {stage::pre_sales}, {}, 3)}, cfg);
  struct step {
    router_event ev;
    time_ms at;
    int load;
  };
  const std::vector<step> table = {
      {request(1), t0 + 1 * sec, 1},                          // offered
      {event::offer_accepted{1, "a"}, t0 + 2 * sec, 1},       // active
      {request(2), t0 + 3 * sec, 2},                          // offered
      {event::conversation_closed{1, "a"}, t0 + 4 * sec, 2},  // wrap-up
      {request(3), t0 + 5 * sec, 3},                          // offered: full
      {request(4), t0 + 6 * sec, 3},                          // queued
      {event::tick{}, t0 + 34 * sec, 3},                      // wrap-up over, 4 offered
  };
  for (const auto& s : table) {
    h.send(s.ev, s.at);
    EXPECT_EQ(h.load("a"), s.load) << (s.at - t0) / sec;
  }
  EXPECT_EQ(h.phase(4), conversation_phase::offered);
}

}  // namespace
}  // namespace fenliu::router::testing
