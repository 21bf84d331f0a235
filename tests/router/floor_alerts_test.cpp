// The floor-wide alerts (missed offers, reply deadline, nobody on shift, queue surge) and the
// board's service level, on explicit timestamps.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

std::vector<action::supervisor_alert> alerts_of(const std::vector<router_action>& out,
                                                const std::string& kind) {
  std::vector<action::supervisor_alert> found;
  for (const auto& a : all_of<action::supervisor_alert>(out)) {
    if (a.kind == kind) {
      found.push_back(a);
    }
  }
  return found;
}

stage_view stage_of(router& core, stage s, time_ms now) {
  for (const auto& v : core.stages(now)) {
    if (v.stage_ == s) {
      return v;
    }
  }
  return {};
}

TEST(router_floor_alerts, missed_offers_alert_names_the_agent_once_per_cooldown) {
  auto config = quiet_config();
  config.stages[0].manual_accept = true;
  config.offer_timeout_s = 20;
  config.missed_offers_to_away = 2;
  router_harness h({agent("a", {stage::pre_sales}, {}, 1)}, config);
  h.send(request(1), t0);
  h.send(request(2), t0);  // offered to "a" once 1 has timed out (1 never goes back to "a")
  auto out = h.tick(t0 + 21 * sec);  // the first miss: no alert yet
  EXPECT_TRUE(alerts_of(out, "missed_offers").empty());
  out = h.tick(t0 + 42 * sec);       // the second in a row: away, and the alert
  auto alerts = alerts_of(out, "missed_offers");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].agent, "a");
  EXPECT_EQ(alerts[0].conversation, 2u);
  EXPECT_EQ(h.state("a"), agent_state::away);
  // Back online and missing again within the cooldown: away again, no second alert.
  h.send(event::agent_state_set{"a", agent_state::online, ""}, t0 + 50 * sec);
  h.send(request(3), t0 + 50 * sec);
  h.send(request(4), t0 + 50 * sec);
  out = h.tick(t0 + 71 * sec);
  auto more = h.tick(t0 + 92 * sec);
  out.insert(out.end(), more.begin(), more.end());
  EXPECT_EQ(h.state("a"), agent_state::away);
  EXPECT_TRUE(alerts_of(out, "missed_offers").empty());
}

TEST(router_floor_alerts, a_passed_reply_deadline_alerts_with_the_agent) {
  auto config = quiet_config();
  config.first_reply_deadline_s = 60;
  router_harness h({agent("a"), agent("b")}, config);
  h.send(request(1), t0);
  const auto first = h.agent_of(1);
  ASSERT_FALSE(first.empty());
  h.send(event::customer_messaged{1}, t0 + sec);
  auto out = h.tick(t0 + 30 * sec);
  EXPECT_TRUE(alerts_of(out, "response_deadline").empty());
  out = h.tick(t0 + 62 * sec);
  auto alerts = alerts_of(out, "response_deadline");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].agent, first);
  EXPECT_EQ(alerts[0].conversation, 1u);
  EXPECT_NE(h.agent_of(1), first) << "taken back and given to the other agent";
}

TEST(router_floor_alerts, nobody_on_shift_alerts_once_per_stage_and_cooldown) {
  auto off = agent("off", {stage::pre_sales}, {}, 1);
  off.shifts.always_on = false;
  off.shifts.overrides["2000-01-01"] = {{0, 60}};  // never on shift near t0
  auto config = quiet_config();
  config.floor.alert_cooldown_s = 300;
  router_harness h({off, agent("on", {stage::in_sale})}, config);
  auto out = h.send(request(1), t0);
  auto alerts = alerts_of(out, "no_agent_on_shift");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].stage_, stage::pre_sales);
  EXPECT_TRUE(alerts_of(h.send(request(2), t0 + minute), "no_agent_on_shift").empty());
  EXPECT_TRUE(alerts_of(h.send(request(3, stage::in_sale), t0 + minute), "no_agent_on_shift")
                  .empty())
      << "in-sale has an agent on shift";
  EXPECT_EQ(alerts_of(h.send(request(4), t0 + 6 * minute), "no_agent_on_shift").size(), 1u);
}

TEST(router_floor_alerts, queue_surge_fires_when_arrivals_far_exceed_the_recent_rate) {
  struct row {
    std::string what;
    int baseline_per_5min;  // arrivals every 5 minutes over the hour before
    int burst;              // arrivals in the 5 minutes after
    bool expect_alert;
  };
  const std::vector<row> table = {
      {"quiet hour, then a burst of 10", 1, 10, true},
      {"busy hour, the same 10 are normal", 10, 10, false},
      {"quiet hour, 9 is below the minimum", 0, 9, false},
      {"busy hour, a burst of 31 is more than 3x", 10, 31, true},
  };
  for (const auto& r : table) {
    SCOPED_TRACE(r.what);
    auto config = quiet_config();
    config.floor.surge_window_s = 300;
    config.floor.surge_baseline_s = 3600;
    config.floor.surge_factor = 3.0;
    config.floor.surge_min_arrivals = 10;
    router_harness h({agent("a", {stage::pre_sales}, {}, 1000)}, config);
    conversation_id id = 1;
    int surges = 0;
    const time_ms start = t0 + 10 * minute;
    for (int block = 0; block < 12; ++block) {
      for (int k = 0; k < r.baseline_per_5min; ++k) {
        const time_ms at = start + block * 5 * minute + k * (5 * minute / (r.baseline_per_5min + 1));
        surges += static_cast<int>(alerts_of(h.send(request(id++), at), "queue_surge").size());
      }
    }
    EXPECT_EQ(surges, 0) << "a steady rate is no surge";
    const time_ms burst_at = start + 60 * minute;
    for (int k = 0; k < r.burst; ++k) {
      surges += static_cast<int>(
          alerts_of(h.send(request(id++), burst_at + k * 5 * sec), "queue_surge").size());
    }
    EXPECT_EQ(surges, r.expect_alert ? 1 : 0) << "and at most once per cooldown";
  }
}

TEST(router_floor_alerts, service_level_counts_answers_in_target_against_every_ended_wait) {
  auto config = quiet_config();
  config.floor.service_level_target_s = 30;
  config.floor.service_level_window_s = 900;
  router_harness h({agent("a", {stage::pre_sales}, {}, 1)}, config);
  h.send(request(1), t0);  // answered at once: in target
  h.send(request(2), t0);  // waits: "a" is full
  h.send(request(3), t0);
  h.send(event::conversation_closed{1, "a"}, t0 + 40 * sec);  // 2 is answered after 40 s: late
  h.send(event::customer_left{3}, t0 + 50 * sec);        // 3 abandoned
  auto v = stage_of(h.core(), stage::pre_sales, t0 + 60 * sec);
  EXPECT_EQ(v.arrivals, 3);
  EXPECT_EQ(v.waits_ended, 3);
  EXPECT_EQ(v.answered_in_target, 1);
  // Past the window the counts drop out.
  v = stage_of(h.core(), stage::pre_sales, t0 + 20 * minute);
  EXPECT_EQ(v.waits_ended, 0);
  EXPECT_EQ(v.arrivals, 0);
}

TEST(router_floor_alerts, agent_and_conversation_views_list_the_live_chats) {
  router_harness h({agent("a", {stage::pre_sales}, {}, 2)});
  h.send(request(5), t0);
  h.send(request(3), t0 + sec);
  h.send(request(9), t0 + 2 * sec);  // queued: "a" is full
  const auto agents = h.core().agents(t0 + 3 * sec);
  ASSERT_EQ(agents.size(), 1u);
  EXPECT_EQ(agents[0].conversations, (std::vector<conversation_id>{3, 5}));
  const auto live = h.core().conversations();
  ASSERT_EQ(live.size(), 3u);
  EXPECT_EQ(live[0].conversation, 3u);
  EXPECT_EQ(live[2].conversation, 9u);
  EXPECT_EQ(live[2].phase, conversation_phase::queued);
  EXPECT_EQ(live[2].arrived_at, t0 + 2 * sec);
  EXPECT_EQ(*live[0].agent, "a");
}

}  // namespace
}  // namespace fenliu::router::testing
