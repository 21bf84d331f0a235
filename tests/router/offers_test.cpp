// Offers under manual accept (timeout, decline, misses -> away) and the response deadline.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

router_config manual_config() {
  auto cfg = quiet_config();
  cfg.stages[0].manual_accept = true;
  cfg.offer_timeout_s = 20;
  cfg.missed_offers_to_away = 2;
  return cfg;
}

TEST(router_offers, accept_decline_and_timeout_move_the_offer_along) {
  struct step {
    router_event ev;
    time_ms at;
    std::string offered_to;  // new offer for conversation 1 in this step ("" none)
    std::string revoked_reason;
    std::string assigned_to;
  };
  struct scenario {
    std::string name;
    std::vector<step> steps;
  };
  const std::vector<scenario> table = {
      {"accepted",
       {{request(1), t0, "a", "", ""}, {event::offer_accepted{1, "a"}, t0 + 5 * sec, "", "", "a"}}},
      {"declined: next agent",
       {{request(1), t0, "a", "", ""},
        {event::offer_declined{1, "a"}, t0 + 5 * sec, "b", "declined", ""},
        {event::offer_accepted{1, "b"}, t0 + 6 * sec, "", "", "b"}}},
      {"timed out: next agent",
       {{request(1), t0, "a", "", ""},
        {event::tick{}, t0 + 19 * sec, "", "", ""},
        {event::tick{}, t0 + 20 * sec, "b", "timeout", ""},
        {event::offer_accepted{1, "a"}, t0 + 21 * sec, "", "", ""},  // too late
        {event::offer_accepted{1, "b"}, t0 + 22 * sec, "", "", "b"}}},
      {"everyone declined: waits",
       {{request(1), t0, "a", "", ""},
        {event::offer_declined{1, "a"}, t0 + 1 * sec, "b", "declined", ""},
        {event::offer_declined{1, "b"}, t0 + 2 * sec, "", "declined", ""}}},
  };
  for (const auto& sc : table) {
    SCOPED_TRACE(sc.name);
    router_harness h({agent("a"), agent("b")}, manual_config());
    // b connected later: a has been idle longer and is offered first.
    h.send(event::agent_disconnected{"b"}, t0);
    h.send(event::agent_connected{"b"}, t0);
    for (const auto& s : sc.steps) {
      auto out = h.send(s.ev, s.at);
      EXPECT_EQ(offeree(out, 1), s.offered_to) << (s.at - t0) / sec;
      const auto revoked = all_of<action::offer_revoked>(out);
      EXPECT_EQ(revoked.empty() ? std::string{} : revoked.front().reason, s.revoked_reason);
      EXPECT_EQ(assignee(out, 1), s.assigned_to) << (s.at - t0) / sec;
      if (!s.offered_to.empty()) {
        EXPECT_EQ(all_of<action::offer>(out).front().expires_at, s.at + 20 * sec);
      }
    }
  }
}

TEST(router_offers, repeated_misses_set_the_agent_away) {
  auto cfg = manual_config();
  router_harness h({agent("a", {stage::pre_sales}, {}, 5)}, cfg);
  struct step {
    router_event ev;
    time_ms at;
    agent_state state_after;
  };
  const std::vector<step> table = {
      {request(1), t0, agent_state::online},
      {event::tick{}, t0 + 20 * sec, agent_state::online},  // miss 1 (1 excluded now)
      {request(2), t0 + 21 * sec, agent_state::online},
      {event::offer_accepted{2, "a"}, t0 + 22 * sec, agent_state::online},  // resets
      {request(3), t0 + 23 * sec, agent_state::online},
      {event::tick{}, t0 + 43 * sec, agent_state::online},  // miss 1 again
      {request(4), t0 + 44 * sec, agent_state::online},
      {event::tick{}, t0 + 64 * sec, agent_state::away},  // miss 2 in a row
  };
  for (const auto& s : table) {
    auto out = h.send(s.ev, s.at);
    EXPECT_EQ(h.state("a"), s.state_after) << (s.at - t0) / sec;
    if (s.state_after == agent_state::away) {
      bool reported = false;
      for (const auto& c : all_of<action::agent_state_changed>(out)) {
        reported = reported || (c.state == agent_state::away && c.reason == "missed_offers");
      }
      EXPECT_TRUE(reported);
    }
  }
  EXPECT_EQ(h.load("a"), 1);  // only the accepted one
}

TEST(router_offers, an_unanswered_customer_is_taken_back_and_rerouted) {
  struct scenario {
    std::string name;
    std::vector<std::pair<router_event, time_ms>> script;
    time_ms taken_back_at;  // 0: never
  };
  const std::vector<scenario> table = {
      {"the customer stays silent: no deadline", {}, 0},
      {"no reply to the first message",
       {{event::customer_messaged{1}, t0 + 10 * sec}, {event::customer_messaged{1}, t0 + 50 * sec}},
       t0 + 130 * sec},
      {"replied in time",
       {{event::customer_messaged{1}, t0 + 10 * sec},
        {event::agent_replied{1, "a"}, t0 + 60 * sec}},
       0},
      {"replied, then the customer waits again",
       {{event::agent_replied{1, "a"}, t0 + 60 * sec},
        {event::customer_messaged{1}, t0 + 100 * sec},
        {event::customer_messaged{1}, t0 + 200 * sec}},
       t0 + 220 * sec},
      {"waiting on logistics", {{event::awaiting_logistics{1}, t0 + 10 * sec}}, 0},
  };
  for (const auto& sc : table) {
    SCOPED_TRACE(sc.name);
    auto cfg = quiet_config();
    cfg.first_reply_deadline_s = 120;
    router_harness h({agent("a"), agent("b")}, cfg);
    h.send(event::agent_disconnected{"b"}, t0);
    h.send(event::agent_connected{"b"}, t0);
    EXPECT_EQ(assignee(h.send(request(1), t0), 1), "a");
    std::vector<router_action> all;
    for (const auto& [ev, at] : sc.script) {
      auto out = h.send(ev, at);
      all.insert(all.end(), out.begin(), out.end());
    }
    if (sc.taken_back_at != 0) {
      EXPECT_TRUE(all_of<action::unassigned>(h.tick(sc.taken_back_at - 1)).empty());
    }
    auto out = h.tick(sc.taken_back_at != 0 ? sc.taken_back_at : t0 + 1000 * sec);
    all.insert(all.end(), out.begin(), out.end());
    const auto unassigned = all_of<action::unassigned>(all);
    if (sc.taken_back_at == 0) {
      EXPECT_TRUE(unassigned.empty());
      EXPECT_EQ(h.agent_of(1), "a");
      continue;
    }
    ASSERT_EQ(unassigned.size(), 1U);
    EXPECT_EQ(unassigned[0].reason, "response_deadline");
    const auto assigned = all_of<action::assigned>(all);
    ASSERT_EQ(assigned.size(), 1U);
    EXPECT_EQ(assigned[0].agent, "b");
    EXPECT_EQ(assigned[0].previous_agent, "a");
    EXPECT_EQ(h.agent_of(1), "b");
  }
}

TEST(router_offers, the_response_deadline_fires_at_its_exact_time) {
  auto cfg = quiet_config();
  cfg.first_reply_deadline_s = 120;
  router_harness h({agent("a"), agent("b")}, cfg);
  h.send(request(1), t0);
  h.send(event::agent_replied{1, "a"}, t0 + sec);
  auto out = h.send(event::customer_messaged{1}, t0 + 10 * sec);
  EXPECT_EQ(next_tick(out), t0 + 130 * sec);
  EXPECT_TRUE(all_of<action::unassigned>(h.tick(t0 + 130 * sec - 1)).empty());
  EXPECT_EQ(all_of<action::unassigned>(h.tick(t0 + 130 * sec)).size(), 1U);
}

}  // namespace
}  // namespace fenliu::router::testing
