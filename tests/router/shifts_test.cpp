// Shifts: weekly schedule in the shop's time zone, holidays, overrides, the no-offer window
// before the end, hand-over at shift end and leave-a-message when nobody is on shift.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

constexpr time_ms monday = 1'699'804'800'000;  // 2023-11-13 00:00 at UTC+8
constexpr time_ms hour = 60 * minute;

time_ms local(int day, int h, int m = 0) {
  return monday + day * 24 * hour + h * hour + m * minute;
}

agent_profile day_agent() {
  agent_profile p = agent("day", {stage::pre_sales}, {}, 3);
  p.shifts.always_on = false;
  p.shifts.weekly[0] = {{9 * 60, 18 * 60}};
  p.shifts.weekly[1] = {{9 * 60, 12 * 60}, {13 * 60, 18 * 60}};
  p.shifts.weekly[2] = {{9 * 60, 18 * 60}};
  p.shifts.weekly[4] = {{0, 2 * 60}};
  p.shifts.holidays = {"2023-11-15"};
  p.shifts.overrides["2023-11-16"] = {{20 * 60, 24 * 60}};
  return p;
}

agent_profile late_agent() {
  agent_profile p = agent("late", {stage::pre_sales}, {}, 3);
  p.shifts.always_on = false;
  for (auto& d : p.shifts.weekly) {
    d = {{17 * 60, 22 * 60}};
  }
  return p;
}

bool on_shift(router& r, const std::string& id, time_ms at) {
  for (const auto& v : r.agents(at)) {
    if (v.id == id) {
      return v.on_shift;
    }
  }
  return false;
}

TEST(router_shifts, weekly_schedule_holidays_and_overrides_in_the_shop_time_zone) {
  struct probe {
    std::string what;
    time_ms at;
    bool shanghai;  // utc_offset_minutes = 480
    bool utc;       // utc_offset_minutes = 0
  };
  const std::vector<probe> table = {
      {"Mon 08:59", local(0, 8, 59), false, false},
      {"Mon 09:00", local(0, 9), true, false},  // 01:00 UTC
      {"Mon 17:59", local(0, 17, 59), true, true},
      {"Mon 18:00", local(0, 18), false, true},       // 10:00 UTC Monday
      {"Tue 12:30", local(1, 12, 30), false, false},  // 04:30 UTC
      {"Tue 13:00", local(1, 13), true, false},       // 05:00 UTC Tuesday: the lunch break
      {"Wed 10:00 holiday", local(2, 10), false, false},
      {"Thu 10:00 override", local(3, 10), false, false},
      {"Thu 21:00 override", local(3, 21), true, false},
      {"Fri 01:00 after midnight", local(4, 1), true, false},
      {"Fri 02:00", local(4, 2), false, false},
  };
  for (int offset : {480, 0}) {
    auto cfg = quiet_config();
    cfg.utc_offset_minutes = offset;
    router_harness h({day_agent()}, cfg);
    for (const auto& p : table) {
      EXPECT_EQ(on_shift(h.core(), "day", p.at), offset == 480 ? p.shanghai : p.utc)
          << p.what << " offset " << offset;
    }
  }
}

TEST(router_shifts, no_offers_in_the_last_minutes_and_chats_handed_over_at_the_end) {
  struct variant {
    bool late_on;
    std::string handed_to;
  };
  for (const auto& v : std::vector<variant>{{true, "late"}, {false, ""}}) {
    SCOPED_TRACE(v.late_on);
    std::vector<agent_profile> team = {day_agent()};
    if (v.late_on) {
      team.push_back(late_agent());
      team.back().capacity = 1;
    }
    auto cfg = quiet_config();
    cfg.shift_end_no_offer_min = 10;
    router_harness h(team, cfg);
    h.send(event::configure{cfg, team}, local(0, 16));
    h.send(event::agent_connected{"day"}, local(0, 16));
    if (v.late_on) {
      h.send(event::agent_connected{"late"}, local(0, 16));
    }
    EXPECT_EQ(assignee(h.send(request(1), local(0, 16, 30)), 1), "day");
    // The late agent takes one at 17:00; 17:49 still goes to day (least loaded after).
    h.tick(local(0, 17));
    if (v.late_on) {
      EXPECT_EQ(assignee(h.send(request(2), local(0, 17, 1)), 2), "late");
    }
    auto out = h.send(request(3), local(0, 17, 49));
    EXPECT_EQ(assignee(out, 3), "day");
    out = h.send(request(4), local(0, 17, 50));
    EXPECT_EQ(assignee(out, 4), "");
    const auto d = decision_for(out, 4);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->candidates.front().rejected_because, "shift_ending");
    out = h.tick(local(0, 18));
    for (conversation_id id : {1, 3}) {
      bool unassigned = false;
      for (const auto& u : all_of<action::unassigned>(out)) {
        unassigned = unassigned || (u.conversation == id && u.reason == "shift_end");
      }
      EXPECT_TRUE(unassigned) << id;
    }
    if (v.late_on) {
      // late is full (capacity 1): the handed-over chats wait at the head, ahead of 4.
      EXPECT_EQ(status_for(out, 1)->position, 1);
      EXPECT_EQ(status_for(out, 3)->position, 2);
      EXPECT_EQ(h.phase(4), conversation_phase::queued);
      out = h.send(event::conversation_closed{2, "late"}, local(0, 18, 5));
      EXPECT_EQ(assignee(out, 1), v.handed_to);
    } else {
      for (conversation_id id : {1, 3, 4}) {
        EXPECT_EQ(h.phase(id), conversation_phase::left_message) << id;
      }
    }
  }
}

TEST(router_shifts, left_messages_are_served_first_when_the_next_shift_starts) {
  auto cfg = quiet_config();
  router_harness h({day_agent()}, cfg);
  h.send(event::configure{cfg, {day_agent()}}, local(0, 7));
  h.send(event::agent_connected{"day"}, local(0, 7));
  auto out = h.send(request(1), local(0, 7, 30));
  EXPECT_TRUE(has_phase(out, 1, conversation_phase::left_message));
  EXPECT_EQ(decision_for(out, 1)->rule, "no_agent_on_shift");
  EXPECT_EQ(decision_for(out, 1)->candidates.front().rejected_because, "off_shift");
  EXPECT_EQ(next_tick(out), local(0, 9));  // the shift start is the next deadline
  h.send(request(2), local(0, 8));
  out = h.tick(local(0, 8, 59));
  EXPECT_EQ(assignee(out, 1), "");
  out = h.tick(local(0, 9));
  EXPECT_EQ(assignee(out, 1), "day");
  EXPECT_EQ(assignee(out, 2), "day");
  // A request arriving at the same moment does not jump ahead of the messages.
  std::vector<std::string> order;
  for (const auto& a : all_of<action::assigned>(out)) {
    order.push_back(std::to_string(a.conversation));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"1", "2"}));
}

}  // namespace
}  // namespace fenliu::router::testing
