// Milestone behaviour: assignment, queueing, close with wrap-up, presence, customer leaving.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

TEST(router_basics, auto_accept_assigns_to_an_eligible_agent_else_queues) {
  struct step {
    conversation_id conv;
    stage st;
    std::string expect_agent;  // "" = queued
    int expect_position;
  };
  const std::vector<step> table = {
      {1, stage::pre_sales, "a", 0},   {2, stage::pre_sales, "a", 0}, {3, stage::pre_sales, "", 1},
      {4, stage::after_sales, "b", 0}, {5, stage::in_sale, "", 1},    {6, stage::pre_sales, "", 2},
  };
  router_harness h({agent("a", {stage::pre_sales}, {}, 2), agent("b", {stage::after_sales}),
                    agent("c", {stage::in_sale})});
  h.send(event::agent_disconnected{"c"}, t0);
  time_ms t = t0 + sec;
  for (const auto& s : table) {
    SCOPED_TRACE(s.conv);
    auto out = h.send(request(s.conv, s.st), t);
    EXPECT_EQ(assignee(out, s.conv), s.expect_agent);
    if (s.expect_agent.empty()) {
      auto q = status_for(out, s.conv);
      ASSERT_TRUE(q);
      EXPECT_EQ(q->position, s.expect_position);
      EXPECT_EQ(h.phase(s.conv), conversation_phase::queued);
      auto d = decision_for(out, s.conv);
      ASSERT_TRUE(d);
      EXPECT_EQ(d->rule, "queued");
    } else {
      EXPECT_EQ(h.phase(s.conv), conversation_phase::active);
      EXPECT_EQ(decision_for(out, s.conv)->winner, s.expect_agent);
    }
    t += sec;
  }
  EXPECT_EQ(h.load("a"), 2);
}

TEST(router_basics, close_goes_through_wrap_up_before_the_slot_frees) {
  auto cfg = quiet_config();
  cfg.wrap_up_s = 15;
  router_harness h({agent("a", {stage::pre_sales}, {}, 1)}, cfg);
  h.send(request(1), t0);
  h.send(request(2), t0 + sec);
  EXPECT_EQ(h.agent_of(1), "a");
  auto out = h.send(event::conversation_closed{1, "a"}, t0 + 10 * sec);
  EXPECT_TRUE(has_phase(out, 1, conversation_phase::wrap_up));
  EXPECT_EQ(next_tick(out), t0 + 25 * sec);
  EXPECT_EQ(h.load("a"), 1);
  struct probe {
    time_ms at;
    std::string conv2_agent;
  };
  for (const auto& p : std::vector<probe>{{t0 + 24 * sec, ""}, {t0 + 25 * sec, "a"}}) {
    out = h.tick(p.at);
    EXPECT_EQ(assignee(out, 2), p.conv2_agent) << p.at - t0;
  }
  EXPECT_FALSE(h.phase(1));  // closed and forgotten
  EXPECT_EQ(h.load("a"), 1);
}

TEST(router_basics, agent_state_controls_eligibility) {
  struct row {
    agent_state state;
    bool gets_work;
  };
  for (const auto& r : std::vector<row>{{agent_state::online, true},
                                        {agent_state::away, false},
                                        {agent_state::busy, false},
                                        {agent_state::offline, false}}) {
    router_harness h({agent("a")});
    h.send(event::agent_state_set{"a", r.state, "a"}, t0);
    auto out = h.send(request(1), t0 + sec);
    EXPECT_EQ(assignee(out, 1) == "a", r.gets_work) << static_cast<int>(r.state);
    if (!r.gets_work) {
      auto d = decision_for(out, 1);
      ASSERT_TRUE(d);
      ASSERT_EQ(d->candidates.size(), 1U);
      EXPECT_FALSE(d->candidates[0].rejected_because.empty());
      // Coming back online pulls the queued conversation.
      out = h.send(event::agent_state_set{"a", agent_state::online, "sup"}, t0 + 2 * sec);
      EXPECT_EQ(assignee(out, 1), "a");
    }
  }
}

TEST(router_basics, an_agent_connecting_pulls_the_oldest_waiting_conversation) {
  router_harness h({agent("a", {stage::pre_sales}, {}, 1)}, quiet_config(), false);
  h.send(request(1), t0 + 1 * sec);
  h.send(request(2), t0 + 2 * sec);
  auto out = h.send(event::agent_connected{"a"}, t0 + 3 * sec);
  EXPECT_EQ(assignee(out, 1), "a");
  EXPECT_EQ(assignee(out, 2), "");
  EXPECT_EQ(status_for(out, 2)->position, 1);  // moved up from 2
}

TEST(router_basics, customer_leaving_the_queue_frees_the_place_and_a_return_keeps_it) {
  router_harness h({agent("a", {stage::pre_sales}, {}, 1)});
  h.send(request(1), t0);
  h.send(request(2), t0 + 1 * sec);
  h.send(request(3), t0 + 2 * sec);
  auto out = h.send(event::customer_left{2}, t0 + 3 * sec);
  EXPECT_TRUE(has_phase(out, 2, conversation_phase::abandoned));
  EXPECT_EQ(status_for(out, 3)->position, 1);
  out = h.send(event::customer_returned{2}, t0 + 60 * sec);
  EXPECT_EQ(status_for(out, 2)->position, 1);
  EXPECT_EQ(status_for(out, 3)->position, 2);
  // Leaving again and staying away past the grace forgets the conversation.
  h.send(event::customer_left{2}, t0 + 70 * sec);
  h.tick(t0 + 70 * sec + 119 * sec);
  EXPECT_EQ(h.phase(2), conversation_phase::abandoned);
  out = h.tick(t0 + 70 * sec + 120 * sec);
  EXPECT_TRUE(has_phase(out, 2, conversation_phase::closed));
  EXPECT_FALSE(h.phase(2));
  out = h.send(event::customer_returned{2}, t0 + 200 * sec);
  EXPECT_TRUE(out.empty());
}

TEST(router_basics, capacity_never_overshoots_under_a_burst_at_one_instant) {
  auto cfg = quiet_config();
  cfg.stages[0].manual_accept = true;
  router_harness h({agent("a", {stage::pre_sales}, {}, 3), agent("b", {stage::pre_sales}, {}, 2)},
                   cfg);
  int offered = 0;
  for (conversation_id id = 1; id <= 20; ++id) {
    offered += static_cast<int>(all_of<action::offer>(h.send(request(id), t0)).size());
  }
  EXPECT_EQ(offered, 5);
  EXPECT_EQ(h.load("a"), 3);
  EXPECT_EQ(h.load("b"), 2);
  EXPECT_EQ(h.core().stages(t0)[0].queued, 15);
}

}  // namespace
}  // namespace fenliu::router::testing
