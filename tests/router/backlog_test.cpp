// Backlog: whenever capacity frees up (a close, a wrap-up ending, an agent coming online, a
// shift starting) the waiting conversations are offered in queue order.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

constexpr time_ms hour = 60 * minute;

// The trigger frees one slot at `at` (or later ticks) and reports what the router did.
struct trigger {
  std::string what;
  int wrap_up_s;
  bool start_offline;   // the agent is not connected while the backlog builds
  bool start_away;      // the agent is connected but away
  bool shift_from_t0h;  // the agent's shift starts at t0 + 1 h
  bool first_chat;      // the agent holds conversation 1 (closed by the trigger)
};

std::vector<router_action> fire(router_harness& h, const trigger& t, time_ms at) {
  if (t.first_chat) {
    auto out = h.send(event::conversation_closed{1, "a"}, at);
    if (t.wrap_up_s > 0) {
      EXPECT_EQ(assignee(out, 2), "") << "no offer during the wrap-up";
      return h.tick(at + t.wrap_up_s * sec);
    }
    return out;
  }
  if (t.start_offline) {
    return h.send(event::agent_connected{"a"}, at);
  }
  if (t.start_away) {
    return h.send(event::agent_state_set{"a", agent_state::online, ""}, at);
  }
  return h.tick(at);  // the shift starts
}

TEST(router_backlog, each_way_capacity_frees_up_offers_the_waiting_chats_in_order) {
  const std::vector<trigger> table = {
      {"a close", 0, false, false, false, true},
      {"a wrap-up ending", 15, false, false, false, true},
      {"an agent connecting", 0, true, false, false, false},
      {"an agent coming back online", 0, false, true, false, false},
      {"a shift starting", 0, false, false, true, false},
  };
  for (const auto& t : table) {
    SCOPED_TRACE(t.what);
    auto cfg = quiet_config();
    cfg.wrap_up_s = t.wrap_up_s;
    // "a" takes one chat at a time; "cover" keeps the stage staffed (on shift) but is away,
    // so the backlog waits for "a" alone.
    auto a = agent("a", {stage::pre_sales}, {}, t.first_chat ? 1 : 2);
    if (t.shift_from_t0h) {
      a.shifts.always_on = false;
      a.shifts.overrides["2023-11-15"] = {{7 * 60 + 13, 24 * 60}};  // from 07:13 at UTC+8
    }
    router_harness h({a, agent("cover")}, cfg, !t.start_offline);
    if (t.start_offline) {
      h.send(event::agent_connected{"cover"}, t0);
    }
    h.send(event::agent_state_set{"cover", agent_state::away, ""}, t0);
    if (t.start_away) {
      h.send(event::agent_state_set{"a", agent_state::away, ""}, t0);
    }
    time_ms at = t0 + sec;
    if (t.first_chat) {
      h.send(request(1), at);
      ASSERT_EQ(h.agent_of(1), "a");
    }
    // Three waiting chats; the VIP (3) arrives last but is served first.
    h.send(request(2), at + sec);
    h.send(request(4), at + 3 * sec);
    h.send(request(3, stage::pre_sales, {}, 1), at + 5 * sec);
    for (conversation_id id : {2, 3, 4}) {
      ASSERT_EQ(h.phase(id), conversation_phase::queued) << id;
    }
    const time_ms when = t.shift_from_t0h ? t0 + hour : t0 + minute;
    auto out = fire(h, t, when);
    // Capacity 2 (or 1 after the close): the first one or two in order are served.
    if (t.first_chat) {
      EXPECT_EQ(assignee(out, 3), "a");
      EXPECT_EQ(assignee(out, 2), "");
    } else {
      EXPECT_EQ(assignee(out, 3), "a");
      EXPECT_EQ(assignee(out, 2), "a");
      EXPECT_EQ(assignee(out, 4), "");
      // In order: the VIP's assignment comes first.
      const auto assigned = all_of<action::assigned>(out);
      ASSERT_EQ(assigned.size(), 2u);
      EXPECT_EQ(assigned[0].conversation, 3u);
    }
    EXPECT_EQ(h.phase(4), conversation_phase::queued);
    EXPECT_EQ(status_for(out, 4)->position, t.first_chat ? 2 : 1);
  }
}

}  // namespace
}  // namespace fenliu::router::testing
