// Lifecycle: transfers, agent disconnect grace, order-state stage changes, restore.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

std::vector<agent_profile> floor_team() {
  return {agent("pre", {stage::pre_sales}, {{"size", 3}}, 2),
          agent("pre2", {stage::pre_sales}, {}, 2), agent("in", {stage::in_sale}, {}, 2),
          agent("after", {stage::after_sales}, {{"refund", 2}}, 2),
          agent("after2", {stage::after_sales}, {}, 2)};
}

TEST(router_lifecycle, transfer_to_a_stage_a_skill_or_an_agent_with_a_note) {
  struct transfer_case {
    std::string name;
    event::transfer_target target;
    std::string to;
    std::optional<stage> stage_after;
  };
  const std::vector<transfer_case> table = {
      {"to a stage", {stage::in_sale, std::nullopt, std::nullopt}, "in", stage::in_sale},
      {"to a skill",
       {stage::after_sales, std::string{"refund"}, std::nullopt},
       "after",
       stage::after_sales},
      {"to a named agent", {std::nullopt, std::nullopt, agent_id{"pre2"}}, "pre2", std::nullopt},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(c.name);
    router_harness h(floor_team());
    EXPECT_EQ(assignee(h.send(request(1, stage::pre_sales, {{"size", 1}}), t0), 1), "pre");
    auto out = h.send(event::transfer_requested{1, c.target, "buyer wants a refund", "pre"},
                      t0 + 30 * sec);
    const auto unassigned = all_of<action::unassigned>(out);
    ASSERT_EQ(unassigned.size(), 1U);
    EXPECT_EQ(unassigned[0].reason, "transfer");
    const auto assigned = all_of<action::assigned>(out);
    ASSERT_EQ(assigned.size(), 1U);
    EXPECT_EQ(assigned[0].agent, c.to);
    EXPECT_EQ(assigned[0].transfer_note, "buyer wants a refund");
    EXPECT_EQ(assigned[0].previous_agent, "pre");
    const auto changed = all_of<action::stage_changed>(out);
    EXPECT_EQ(changed.empty() ? std::nullopt : std::optional{changed[0].to}, c.stage_after);
    EXPECT_EQ(h.load("pre"), 0);
  }
}

TEST(router_lifecycle, a_transfer_to_a_busy_agent_waits_for_them_then_routes_normally) {
  auto cfg = quiet_config();
  cfg.sticky_wait_s = 20;
  router_harness h({agent("a", {stage::pre_sales}, {}, 1), agent("b", {stage::pre_sales}, {}, 1),
                    agent("c", {stage::pre_sales}, {}, 1)},
                   cfg);
  h.send(request(1), t0);  // a
  h.send(request(2), t0);  // b
  auto out =
      h.send(event::transfer_requested{1, {std::nullopt, std::nullopt, "b"}, "vip", "a"}, t0 + sec);
  EXPECT_EQ(assignee(out, 1), "");  // c is free, but b was asked for
  out = h.tick(t0 + 21 * sec);
  EXPECT_EQ(assignee(out, 1), "c");
}

TEST(router_lifecycle, disconnect_holds_chats_for_the_grace_then_requeues_them_at_the_head) {
  struct scenario {
    std::string name;
    time_ms reconnect_at;  // 0: never
    bool requeued;
  };
  const std::vector<scenario> table = {
      {"back within the grace", t0 + 69 * sec, false},
      {"gone for good", 0, true},
  };
  for (const auto& sc : table) {
    SCOPED_TRACE(sc.name);
    auto cfg = quiet_config();
    cfg.disconnect_grace_s = 60;
    router_harness h({agent("a", {stage::pre_sales}, {}, 1), agent("b", {stage::pre_sales}, {}, 1)},
                     cfg);
    h.send(request(1), t0);        // a
    h.send(request(2), t0);        // b
    h.send(request(3), t0 + sec);  // waits
    auto out = h.send(event::agent_disconnected{"a"}, t0 + 10 * sec);
    EXPECT_TRUE(all_of<action::unassigned>(out).empty());
    EXPECT_EQ(next_tick(out), t0 + 70 * sec);
    if (sc.reconnect_at != 0) {
      h.send(event::agent_connected{"a"}, sc.reconnect_at);
    }
    out = h.tick(t0 + 70 * sec);
    EXPECT_EQ(all_of<action::unassigned>(out).size(), sc.requeued ? 1U : 0U);
    if (!sc.requeued) {
      EXPECT_EQ(h.agent_of(1), "a");
      continue;
    }
    EXPECT_EQ(all_of<action::unassigned>(out)[0].reason, "agent_disconnected");
    // At the head: ahead of 3, which waited longer.
    EXPECT_EQ(status_for(out, 1)->position, 1);
    EXPECT_EQ(status_for(out, 3)->position, 2);
    out = h.send(event::conversation_closed{2, "b"}, t0 + 80 * sec);
    EXPECT_EQ(assignee(out, 1), "b");
  }
}

TEST(router_lifecycle, order_state_changes_move_the_conversation_to_the_rule_stage) {
  struct change_case {
    std::string name;
    bool start_active;  // otherwise queued
    std::string status;
    std::optional<stage> moved_to;
    std::string agent_after;
  };
  const std::vector<change_case> table = {
      {"paid while queued", false, "paid", stage::in_sale, "in"},
      {"refund opens while queued", false, "refund_open", stage::after_sales, "after"},
      {"unknown status", false, "teleported", std::nullopt, ""},
      {"same stage", false, "unpaid", std::nullopt, ""},
      {"paid while active: the in-sale agent takes over", true, "paid", stage::in_sale, "in"},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(c.name);
    router_harness h(floor_team());
    if (!c.start_active) {
      h.send(event::agent_state_set{"pre", agent_state::away, "pre"}, t0);
      h.send(event::agent_state_set{"pre2", agent_state::away, "pre2"}, t0);
    }
    h.send(request(1), t0 + sec);
    auto out = h.send(event::order_state_changed{1, c.status}, t0 + 2 * sec);
    const auto changed = all_of<action::stage_changed>(out);
    EXPECT_EQ(changed.empty() ? std::nullopt : std::optional{changed[0].to}, c.moved_to);
    EXPECT_EQ(h.agent_of(1), c.agent_after);
    if (c.moved_to) {
      EXPECT_EQ(changed[0].reason, "order_state:" + c.status);
    }
  }
}

TEST(router_lifecycle, an_active_chat_stays_when_its_agent_serves_the_new_stage) {
  router_harness h({agent("both", {stage::pre_sales, stage::in_sale})});
  h.send(request(1), t0);
  auto out = h.send(event::order_state_changed{1, "paid"}, t0 + sec);
  EXPECT_EQ(all_of<action::stage_changed>(out).size(), 1U);
  EXPECT_TRUE(all_of<action::unassigned>(out).empty());
  EXPECT_EQ(h.agent_of(1), "both");
  EXPECT_EQ(h.core().conversation(1)->stage_, stage::in_sale);
}

TEST(router_lifecycle, restore_rebuilds_the_old_order_and_waits_for_active_agents) {
  auto cfg = quiet_config();
  cfg.disconnect_grace_s = 60;
  router_harness h({agent("a", {stage::pre_sales}, {}, 2), agent("b", {stage::pre_sales}, {}, 2)},
                   cfg, false);
  const time_ms restart = t0 + 1000 * sec;
  struct restored {
    conversation_id id;
    time_ms queued_at;
    std::optional<agent_id> active;
  };
  // Restored out of order: the queue follows queued_at, not the restore order.
  const std::vector<restored> table = {
      {3, t0 + 30 * sec, std::nullopt}, {1, t0 + 10 * sec, std::nullopt},
      {2, t0 + 20 * sec, std::nullopt}, {7, t0, agent_id{"a"}},
      {8, t0, agent_id{"b"}},
  };
  for (const auto& r : table) {
    h.send(event::conversation_restored{request(r.id), r.queued_at, r.active}, restart);
  }
  EXPECT_EQ(h.phase(7), conversation_phase::active);
  EXPECT_EQ(h.load("a"), 1);
  auto out = h.send(event::agent_connected{"a"}, restart + 10 * sec);
  EXPECT_EQ(assignee(out, 1), "a");  // the oldest waiting
  EXPECT_EQ(assignee(out, 2), "");   // a has 7 and 1 now
  // b never comes back: 8 returns to the head of the queue after the grace.
  out = h.tick(restart + 60 * sec);
  EXPECT_EQ(all_of<action::unassigned>(out).size(), 1U);
  EXPECT_EQ(status_for(out, 8)->position, 1);
  EXPECT_EQ(status_for(out, 2)->position, 2);
  EXPECT_EQ(status_for(out, 3)->position, 3);
}

TEST(router_lifecycle, a_restored_left_message_waits_for_the_shift_or_goes_first) {
  auto cfg = quiet_config();
  agent_profile day = agent("a", {stage::pre_sales}, {}, 1);
  day.shifts.always_on = false;
  day.shifts.weekly[2] = {{9 * 60, 18 * 60}};  // Wednesday 09:00-18:00; t0 is Wed 06:13 (+08)
  router_harness h({day}, cfg);
  h.send(event::conversation_restored{request(1), t0, std::nullopt, true}, t0 + minute);
  EXPECT_EQ(h.phase(1), conversation_phase::left_message);
  auto out = h.tick(t0 + 3 * 3600 * sec);
  EXPECT_EQ(assignee(out, 1), "a") << "served when the shift starts";

  // Restored while the stage is staffed: ahead of an older, higher-priority waiting customer.
  router_harness busy({agent("b", {stage::pre_sales}, {}, 1)}, cfg, false);
  auto vip = request(2);
  vip.priority = 1;
  busy.send(event::conversation_restored{vip, t0, std::nullopt, false}, t0 + 100 * sec);
  busy.send(event::conversation_restored{request(3), t0 + 50 * sec, std::nullopt, true},
            t0 + 100 * sec);
  out = busy.send(event::agent_connected{"b"}, t0 + 110 * sec);
  EXPECT_EQ(assignee(out, 3), "b");
  EXPECT_EQ(assignee(out, 2), "");
}

TEST(router_lifecycle, views_show_the_live_floor) {
  router_harness h(
      {agent("a", {stage::pre_sales}, {}, 1), agent("b", {stage::after_sales}, {}, 1)});
  h.send(request(1), t0);
  h.send(request(2), t0 + 10 * sec);
  h.send(request(3), t0 + 20 * sec);
  const auto agents = h.core().agents(t0 + 50 * sec);
  ASSERT_EQ(agents.size(), 2U);
  EXPECT_EQ(agents[0].id, "a");
  EXPECT_EQ(agents[0].load, 1);
  EXPECT_EQ(agents[0].state, agent_state::online);
  EXPECT_TRUE(agents[0].on_shift);
  const auto stages = h.core().stages(t0 + 50 * sec);
  EXPECT_EQ(stages[0].queued, 2);
  EXPECT_EQ(stages[0].active, 1);
  EXPECT_EQ(stages[0].longest_wait_s, 40);
  EXPECT_EQ(stages[2].queued, 0);
  const auto v = h.core().conversation(2);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->phase, conversation_phase::queued);
  EXPECT_FALSE(v->agent);
  EXPECT_FALSE(h.core().conversation(99));
}

}  // namespace
}  // namespace fenliu::router::testing
