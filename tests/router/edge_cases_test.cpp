// Less travelled paths: leaving or closing while offered, hot reload, multi-stage agents,
// spurious ticks, restore without coverage.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

router_config manual() {
  auto cfg = quiet_config();
  for (auto& s : cfg.stages) {
    s.manual_accept = true;
  }
  cfg.offer_timeout_s = 60;
  return cfg;
}

TEST(router_edges, an_offer_ends_when_the_customer_leaves_closes_or_leaves_a_message) {
  struct row {
    std::string name;
    router_event ev;
    std::string revoked_reason;
    conversation_phase phase_after;  // of conversation 1
  };
  const std::vector<row> table = {
      {"customer left", event::customer_left{1}, "customer_left", conversation_phase::abandoned},
      {"leave a message", event::customer_chose_leave_message{1}, "customer_left_message",
       conversation_phase::left_message},
      {"closed", event::conversation_closed{1, "sup"}, "closed", conversation_phase::closed},
  };
  for (const auto& r : table) {
    SCOPED_TRACE(r.name);
    router_harness h({agent("a", {stage::pre_sales}, {}, 1)}, manual());
    EXPECT_EQ(offeree(h.send(request(1), t0), 1), "a");
    h.send(request(2), t0 + sec);
    auto out = h.send(r.ev, t0 + 2 * sec);
    const auto revoked = all_of<action::offer_revoked>(out);
    ASSERT_EQ(revoked.size(), 1U);
    EXPECT_EQ(revoked[0].reason, r.revoked_reason);
    EXPECT_EQ(offeree(out, 2), "a");  // the freed agent is offered the next one
    if (r.phase_after == conversation_phase::closed) {
      EXPECT_FALSE(h.phase(1));
    } else {
      EXPECT_EQ(h.phase(1), r.phase_after);
    }
    EXPECT_EQ(h.load("a"), 1);
  }
}

TEST(router_edges, closing_a_waiting_conversation_moves_the_others_up) {
  router_harness h({agent("a", {stage::pre_sales}, {}, 1)});
  for (conversation_id id = 1; id <= 4; ++id) {
    h.send(request(id), t0 + static_cast<time_ms>(id) * sec);
  }
  auto out = h.send(event::conversation_closed{2, "customer"}, t0 + 10 * sec);
  EXPECT_TRUE(has_phase(out, 2, conversation_phase::closed));
  EXPECT_EQ(status_for(out, 3)->position, 1);
  EXPECT_EQ(status_for(out, 4)->position, 2);
}

TEST(router_edges, hot_reload_adds_and_removes_agents) {
  auto cfg = quiet_config();
  router_harness h({agent("a", {stage::pre_sales}, {}, 1)}, cfg);
  h.send(request(1), t0);
  h.send(request(2), t0 + sec);
  // b joins: it picks up the waiting conversation on the next tick after the reload.
  auto out = h.send(
      event::configure{
          cfg, {agent("a", {stage::pre_sales}, {}, 1), agent("b", {stage::pre_sales}, {}, 1)}},
      t0 + 10 * sec);
  EXPECT_EQ(next_tick(out), t0 + 10 * sec + 1);
  h.send(event::agent_connected{"b"}, t0 + 10 * sec);
  EXPECT_EQ(h.agent_of(2), "b");
  // a is removed: it keeps its chat until it closes, then disappears from the board.
  h.send(event::configure{cfg, {agent("b", {stage::pre_sales}, {}, 1)}}, t0 + 20 * sec);
  EXPECT_EQ(h.agent_of(1), "a");
  h.send(request(3), t0 + 21 * sec);
  EXPECT_EQ(h.core().agents(t0).size(), 2U);
  h.send(event::conversation_closed{1, "a"}, t0 + 22 * sec);
  EXPECT_EQ(h.core().agents(t0).size(), 1U);
  EXPECT_EQ(h.phase(3), conversation_phase::queued);  // a is gone: nobody free
}

TEST(router_edges, an_agent_of_two_stages_pulls_the_longest_waiting_across_both) {
  router_harness h({agent("both", {stage::pre_sales, stage::after_sales}, {}, 1)});
  h.send(request(1, stage::pre_sales), t0);
  h.send(request(2, stage::after_sales), t0 + 1 * sec);
  h.send(request(3, stage::pre_sales), t0 + 2 * sec);
  auto out = h.send(event::conversation_closed{1, "both"}, t0 + 10 * sec);
  EXPECT_EQ(assignee(out, 2), "both");
  EXPECT_EQ(decision_for(out, 2)->rule, "queue_order");
}

TEST(router_edges, overflow_without_a_skill_goes_to_any_agent_of_the_overflow_stage) {
  auto cfg = quiet_config();
  auto& p = cfg.stages[0];
  p.relax_skills_after_s = 5;
  p.overflow_after_s = 10;
  p.overflow_stages = {stage::in_sale};
  router_harness h({agent("pre", {stage::pre_sales}, {}, 1), agent("in", {stage::in_sale})}, cfg);
  h.send(request(1), t0);
  h.send(request(2), t0 + sec);
  EXPECT_EQ(assignee(h.tick(t0 + 10 * sec), 2), "");
  EXPECT_EQ(assignee(h.tick(t0 + 11 * sec), 2), "in");
}

TEST(router_edges, spurious_and_repeated_ticks_change_nothing) {
  router_harness h({agent("a", {stage::pre_sales}, {}, 1)});
  h.send(request(1), t0);
  h.send(request(2), t0 + sec);
  for (time_ms t : {t0 + 2 * sec, t0 + 2 * sec, t0 + 3 * sec}) {
    const auto out = h.tick(t);
    EXPECT_TRUE(all_of<action::assigned>(out).empty());
    EXPECT_TRUE(all_of<action::queue_status>(out).empty());
    EXPECT_TRUE(all_of<action::decision>(out).empty());
  }
}

TEST(router_edges, restore_without_anyone_on_shift_leaves_a_message) {
  agent_profile night = agent("a");
  night.shifts.always_on = false;
  night.shifts.weekly[0] = {{0, 60}};  // Monday 00:00-01:00 only
  router_harness h({night});
  auto out = h.send(event::conversation_restored{request(1), t0 - 10 * sec, std::nullopt}, t0);
  EXPECT_TRUE(has_phase(out, 1, conversation_phase::left_message));
}

TEST(router_edges, unknown_ids_and_foreign_agents_are_ignored) {
  router_harness h({agent("a"), agent("b")}, manual());
  h.send(request(1), t0);
  const std::vector<router_event> noise = {
      event::offer_accepted{1, "b"},
      event::offer_declined{1, "b"},
      event::offer_accepted{9, "a"},
      event::customer_left{9},
      event::agent_connected{"nobody"},
      event::agent_state_set{"nobody", agent_state::away, ""},
      event::conversation_closed{9, "a"},
      event::agent_replied{1, "b"},
      event::order_state_changed{9, "paid"},
  };
  for (const auto& ev : noise) {
    const auto out = h.send(ev, t0 + sec);
    EXPECT_TRUE(all_of<action::assigned>(out).empty());
    EXPECT_TRUE(all_of<action::offer_revoked>(out).empty());
  }
  EXPECT_EQ(h.phase(1), conversation_phase::offered);
}

}  // namespace
}  // namespace fenliu::router::testing
