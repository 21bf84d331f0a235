// Sticky routing: the buyer's previous agent is preferred within sticky_days and waited for
// up to sticky_wait_s when busy.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

constexpr time_ms day = 24 * 60 * minute;

event::conversation_requested returning(conversation_id id, time_ms served_at) {
  auto r = request(id);
  r.previous_agent = "b";
  r.previous_served_at = served_at;
  return r;
}

struct sticky_case {
  std::string name;
  std::vector<router_event> setup;  // at t0 + 1 s: makes b busy/offline
  time_ms previous_served_at;
  std::string first_agent;  // at the request (t0 + 10 s); "" = waits
  bool waiting_for_previous;
  std::string rule;
};

TEST(router_sticky, the_previous_agent_is_preferred_within_the_window) {
  const std::vector<sticky_case> table = {
      {"free previous agent", {}, t0 - 6 * day, "b", false, "sticky"},
      {"served too long ago", {}, t0 - 8 * day, "a", false, "least_load"},
      {"previous agent busy: wait", {request(1), request(2)}, t0 - day, "", true, "sticky_wait"},
      {"previous agent away: no wait",
       {event::agent_state_set{"b", agent_state::away, "b"}},
       t0 - day,
       "a",
       false,
       "least_load"},
      {"previous agent offline: no wait",
       {event::agent_disconnected{"b"}},
       t0 - day,
       "a",
       false,
       "least_load"},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(c.name);
    auto cfg = quiet_config();
    cfg.sticky_days = 7;
    cfg.sticky_wait_s = 20;
    // a has no room for the setup chats, so they land on b.
    router_harness h({agent("a", {stage::pre_sales}, {}, 2), agent("b", {stage::pre_sales}, {}, 2)},
                     cfg);
    h.send(event::agent_state_set{"a", agent_state::busy, "a"}, t0);
    for (const auto& ev : c.setup) {
      h.send(ev, t0 + sec);
    }
    h.send(event::agent_state_set{"a", agent_state::online, "a"}, t0 + 2 * sec);
    if (c.setup.empty()) {
      // b has been idle for less time than a: only stickiness makes b win.
      h.send(event::agent_state_set{"b", agent_state::busy, "b"}, t0 + 3 * sec);
      h.send(event::agent_state_set{"b", agent_state::online, "b"}, t0 + 3 * sec);
    }
    auto out = h.send(returning(9, c.previous_served_at), t0 + 10 * sec);
    EXPECT_EQ(assignee(out, 9), c.first_agent);
    const auto d = decision_for(out, 9);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->rule, c.rule);
    if (c.waiting_for_previous) {
      const auto q = status_for(out, 9);
      ASSERT_TRUE(q);
      EXPECT_TRUE(q->waiting_for_previous_agent);
      ASSERT_EQ(d->candidates.size(), 1U);
      EXPECT_EQ(d->candidates[0].rejected_because, "at_capacity");
    }
  }
}

TEST(router_sticky, the_previous_agent_must_hold_the_required_skills) {
  auto cfg = quiet_config();
  cfg.sticky_days = 7;
  cfg.sticky_wait_s = 20;
  router_harness h({agent("a", {stage::pre_sales}, {{"refunds", 4}}, 2),
                    agent("b", {stage::pre_sales}, {{"refunds", 2}, {"apparel", 5}}, 2)},
                   cfg);
  // b has been idle longest, so b would win every tie: only skills can make a win.
  h.send(event::agent_state_set{"a", agent_state::busy, "a"}, t0 + sec);
  h.send(event::agent_state_set{"a", agent_state::online, "a"}, t0 + sec);
  auto needs_refunds = returning(9, t0 - day);
  needs_refunds.required_skills = {{"refunds", 3}};
  auto out = h.send(needs_refunds, t0 + 10 * sec);
  EXPECT_EQ(assignee(out, 9), "a") << "b holds refunds 2 < 3: not sticky";
  auto optional_only = returning(10, t0 - day);
  optional_only.required_skills = {{"apparel", 4}};
  optional_only.optional_skills = {{"refunds", 5}};
  out = h.send(optional_only, t0 + 11 * sec);
  EXPECT_EQ(assignee(out, 10), "b") << "optional skills do not stop stickiness";
  EXPECT_EQ(decision_for(out, 10)->rule, "sticky");
}

TEST(router_sticky, a_busy_previous_agent_is_waited_for_then_normal_routing_resumes) {
  struct variant {
    std::string name;
    time_ms b_frees_at;  // 0 = never
    std::string served_by;
    time_ms served_at;
  };
  const std::vector<variant> table = {
      {"b frees a slot within the wait", t0 + 25 * sec, "b", t0 + 25 * sec},
      {"b stays busy: a after 20 s", 0, "a", t0 + 30 * sec},
  };
  for (const auto& v : table) {
    SCOPED_TRACE(v.name);
    auto cfg = quiet_config();
    cfg.sticky_wait_s = 20;
    router_harness h({agent("a", {stage::pre_sales}, {}, 2), agent("b", {stage::pre_sales}, {}, 1)},
                     cfg);
    h.send(event::agent_state_set{"a", agent_state::busy, "a"}, t0);
    h.send(request(1), t0 + sec);  // b is full
    h.send(event::agent_state_set{"a", agent_state::online, "a"}, t0 + 2 * sec);
    auto out = h.send(returning(9, t0 - 3 * day), t0 + 10 * sec);
    EXPECT_EQ(next_tick(out), t0 + 30 * sec);
    // Meanwhile a new customer goes to the free agent a.
    EXPECT_EQ(assignee(h.send(request(2), t0 + 11 * sec), 2), "a");
    if (v.b_frees_at != 0) {
      out = h.send(event::conversation_closed{1, "b"}, v.b_frees_at);
      EXPECT_EQ(assignee(out, 9), "b");
      EXPECT_EQ(decision_for(out, 9)->rule, "sticky");
      continue;
    }
    out = h.tick(t0 + 29 * sec);
    EXPECT_EQ(assignee(out, 9), "");
    out = h.tick(v.served_at);
    EXPECT_EQ(assignee(out, 9), v.served_by);
    bool expired = false;
    for (const auto& d : all_of<action::decision>(out)) {
      expired = expired || d.record.rule == "sticky_wait_expired";
    }
    EXPECT_TRUE(expired);
  }
}

}  // namespace
}  // namespace fenliu::router::testing
