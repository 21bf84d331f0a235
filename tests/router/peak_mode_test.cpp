// Peak mode (大促): raised capacities, the VIP reserve, tighter rings and leave-a-message at
// arrival, each on and off. Table-driven at explicit timestamps.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

router_config peak_config(double factor, int reserved) {
  auto cfg = quiet_config();
  cfg.peak.capacity_factor = factor;
  cfg.peak.vip_reserved_slots = reserved;
  cfg.peak.leave_message_on_arrival = false;
  return cfg;
}

int assigned_count(router_harness& h, const agent_id& id, int from, int to) {
  int n = 0;
  for (int c = from; c <= to; ++c) {
    n += h.agent_of(static_cast<conversation_id>(c)) == id ? 1 : 0;
  }
  return n;
}

TEST(router_peak_mode, capacity_factor_raises_the_limit_only_while_on) {
  struct row {
    bool peak;
    double factor;
    int expected_served;  // of 4 requests to one agent of capacity 2, no reserve
  };
  const std::vector<row> table = {{false, 1.5, 2},
                                  {true, 1.5, 3},
                                  {true, 2.0, 4},
                                  {true, 1.0, 2},
                                  {true, 0.5, 2}};  // never below configured
  for (const auto& r : table) {
    router_harness h({agent("a", {stage::pre_sales}, {}, 2)}, peak_config(r.factor, 0));
    if (r.peak) {
      h.send(event::peak_mode_set{true, "supervisor"}, t0);
    }
    for (int c = 1; c <= 4; ++c) {
      h.send(request(static_cast<conversation_id>(c)), t0 + c * sec);
    }
    EXPECT_EQ(assigned_count(h, "a", 1, 4), r.expected_served)
        << "peak " << r.peak << " factor " << r.factor;
  }
}

TEST(router_peak_mode, switching_on_drains_the_queue_and_off_keeps_open_chats) {
  router_harness h({agent("a", {stage::pre_sales}, {}, 2)}, peak_config(1.5, 0));
  for (int c = 1; c <= 3; ++c) {
    h.send(request(static_cast<conversation_id>(c)), t0 + c * sec);
  }
  EXPECT_EQ(h.phase(3), conversation_phase::queued);
  auto out = h.send(event::peak_mode_set{true, "schedule"}, t0 + 10 * sec);
  EXPECT_EQ(assignee(out, 3), "a");
  // Repeating the same state changes nothing.
  EXPECT_TRUE(h.send(event::peak_mode_set{true, "schedule"}, t0 + 11 * sec).empty());
  out = h.send(event::peak_mode_set{false, "schedule"}, t0 + 20 * sec);
  EXPECT_EQ(h.load("a"), 3);  // nobody is taken away from the agent
  h.send(request(4), t0 + 21 * sec);
  h.send(event::conversation_closed{1, "agent"}, t0 + 22 * sec);
  EXPECT_EQ(h.phase(4), conversation_phase::queued) << "load 2 of 2 after peak: still full";
  out = h.send(event::conversation_closed{2, "agent"}, t0 + 23 * sec);
  EXPECT_EQ(assignee(out, 4), "a");
}

TEST(router_peak_mode, vip_reserve_is_taken_by_vips_and_never_handed_to_the_queue) {
  // Capacity 2 x 2.0 = 4 in peak, one slot reserved: three regular chats, then VIPs only.
  router_harness h({agent("a", {stage::pre_sales}, {}, 2)}, peak_config(2.0, 1));
  h.send(event::peak_mode_set{true, "supervisor"}, t0);
  for (int c = 1; c <= 4; ++c) {
    h.send(request(static_cast<conversation_id>(c)), t0 + c * sec);
  }
  EXPECT_EQ(assigned_count(h, "a", 1, 4), 3);
  EXPECT_EQ(h.phase(4), conversation_phase::queued);
  auto out = h.send(request(5, stage::pre_sales, {}, 1), t0 + 5 * sec);
  EXPECT_EQ(assignee(out, 5), "a");
  ASSERT_TRUE(decision_for(out, 5).has_value());
  EXPECT_EQ(decision_for(out, 5)->rule, "vip_reserved");
  // At 4 of 4 a closing chat frees the reserved slot: the regular chat keeps waiting.
  out = h.send(event::conversation_closed{1, "agent"}, t0 + 6 * sec);
  EXPECT_EQ(assignee(out, 4), "");
  EXPECT_EQ(h.phase(4), conversation_phase::queued);
  out = h.send(event::conversation_closed{2, "agent"}, t0 + 7 * sec);
  EXPECT_EQ(assignee(out, 4), "a");
  // Without peak there is no reserve: a VIP waits like anyone at capacity.
  router_harness off({agent("b", {stage::pre_sales}, {}, 2)}, peak_config(2.0, 1));
  off.send(request(1), t0);
  off.send(request(2), t0);
  out = off.send(request(3, stage::pre_sales, {}, 1), t0 + sec);
  EXPECT_EQ(assignee(out, 3), "");
}

TEST(router_peak_mode, a_freed_reserved_slot_goes_to_a_vip_already_in_line) {
  // Capacity 2 x 2.0 = 4 in peak, one slot reserved; the floor is full when the VIP comes.
  router_harness h({agent("a", {stage::pre_sales}, {}, 2)}, peak_config(2.0, 1));
  h.send(event::peak_mode_set{true, "supervisor"}, t0);
  for (int c = 1; c <= 3; ++c) {
    h.send(request(static_cast<conversation_id>(c)), t0 + c * sec);
  }
  h.send(request(4, stage::pre_sales, {}, 1), t0 + 4 * sec);  // a VIP takes the reserve
  EXPECT_EQ(h.agent_of(4), "a");
  h.send(request(5), t0 + 5 * sec);                           // regular: waits
  h.send(request(6, stage::pre_sales, {}, 1), t0 + 6 * sec);  // VIP: waits too, first in line
  EXPECT_EQ(h.phase(6), conversation_phase::queued);
  // One close leaves 3 of 4: only the reserve is free, and the VIP in line takes it.
  auto out = h.send(event::conversation_closed{1, "agent"}, t0 + 7 * sec);
  EXPECT_EQ(assignee(out, 6), "a");
  ASSERT_TRUE(decision_for(out, 6).has_value());
  EXPECT_EQ(decision_for(out, 6)->rule, "vip_reserved");
  EXPECT_EQ(h.phase(5), conversation_phase::queued);
  // Back at 3 of 4 only the reserve is free again, and no VIP waits: the regular chat waits
  // until a regular slot frees.
  out = h.send(event::conversation_closed{2, "agent"}, t0 + 8 * sec);
  EXPECT_EQ(assignee(out, 5), "");
  out = h.send(event::conversation_closed{3, "agent"}, t0 + 9 * sec);
  EXPECT_EQ(assignee(out, 5), "a");
}

TEST(router_peak_mode, rings_tighten_to_the_peak_thresholds) {
  struct row {
    bool peak;
    time_ms at;
    std::string served_by;  // "" not yet
    std::string rule;
  };
  // Needs size 3; the agent holds size 2 (relaxed ring) and only "o" of after-sales holds
  // the overflow skill. Normal rings 30 / 60 s, peak 10 / 20 s.
  const std::vector<row> table = {
      {false, t0 + 9 * sec, "", ""},
      {false, t0 + 30 * sec, "p", "relaxed_skills"},
      {true, t0 + 9 * sec, "", ""},
      {true, t0 + 10 * sec, "p", "relaxed_skills"},
  };
  for (const auto& r : table) {
    auto cfg = quiet_config();
    auto& st = cfg.stages[static_cast<int>(stage::pre_sales)];
    st.relax_skills_after_s = 30;
    st.overflow_after_s = 60;
    cfg.peak.relax_skills_after_s = 10;
    cfg.peak.overflow_after_s = 20;
    router_harness h({agent("p", {stage::pre_sales}, {{"size", 2}})}, cfg);
    if (r.peak) {
      h.send(event::peak_mode_set{true, "supervisor"}, t0);
    }
    h.send(request(1, stage::pre_sales, {{"size", 3}}), t0);
    const auto out = h.tick(r.at);
    EXPECT_EQ(h.agent_of(1), r.served_by) << "peak " << r.peak << " at +" << (r.at - t0);
    if (!r.rule.empty()) {
      ASSERT_TRUE(decision_for(out, 1).has_value());
      EXPECT_EQ(decision_for(out, 1)->rule, r.rule);
    }
  }
}

TEST(router_peak_mode, overflow_ring_tightens_too) {
  for (const bool peak : {false, true}) {
    auto cfg = quiet_config();
    auto& st = cfg.stages[static_cast<int>(stage::pre_sales)];
    st.relax_skills_after_s = 30;
    st.overflow_after_s = 60;
    st.overflow_stages = {stage::after_sales};
    cfg.peak.relax_skills_after_s = 10;
    cfg.peak.overflow_after_s = 20;
    router_harness h({agent("p", {stage::pre_sales}, {}, 1), agent("o", {stage::after_sales})},
                     cfg);
    if (peak) {
      h.send(event::peak_mode_set{true, "schedule"}, t0);
    }
    h.send(request(1), t0);
    h.send(request(2), t0 + sec);
    h.tick(t0 + 21 * sec);
    EXPECT_EQ(h.agent_of(2), peak ? "o" : "") << "peak " << peak;
  }
}

TEST(router_peak_mode, leave_message_at_arrival_when_the_eta_exceeds_patience) {
  // One agent of capacity 1, busy; no service rate yet, so the ETA is 30 s per position.
  // Likely patience 90 s: positions 1-3 (30, 60, 90 s) wait, position 4 (120 s) is offered
  // leave-a-message at once, and only while peak mode is on.
  struct row {
    bool peak;
    bool leave_on_arrival;
    std::vector<bool> offered;  // conversations 2..5
  };
  const std::vector<row> table = {
      {true, true, {false, false, false, true}},
      {false, true, {false, false, false, false}},
      {true, false, {false, false, false, false}},
  };
  for (const auto& r : table) {
    auto cfg = quiet_config();
    cfg.eta_default_s_per_position = 30;
    cfg.peak.capacity_factor = 1.0;
    cfg.peak.vip_reserved_slots = 0;
    cfg.peak.likely_patience_s = 90;
    cfg.peak.leave_message_on_arrival = r.leave_on_arrival;
    router_harness h({agent("a", {stage::pre_sales}, {}, 1)}, cfg);
    if (r.peak) {
      h.send(event::peak_mode_set{true, "schedule"}, t0);
    }
    h.send(request(1), t0);
    for (int c = 2; c <= 5; ++c) {
      const auto out = h.send(request(static_cast<conversation_id>(c)), t0 + c * sec);
      const auto st = status_for(out, static_cast<conversation_id>(c));
      ASSERT_TRUE(st.has_value());
      EXPECT_EQ(st->leave_message_offered, r.offered[static_cast<std::size_t>(c - 2)])
          << "conversation " << c << " peak " << r.peak;
    }
  }
}

TEST(router_peak_mode, force_bot_first_is_carried_in_the_config) {
  router_config cfg;
  EXPECT_TRUE(cfg.peak.force_bot_first);
  EXPECT_DOUBLE_EQ(cfg.peak.capacity_factor, 1.5);
  EXPECT_EQ(cfg.peak.vip_reserved_slots, 1);
}

}  // namespace
}  // namespace fenliu::router::testing
