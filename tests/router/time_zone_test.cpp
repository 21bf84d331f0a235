// Shifts in an IANA time zone with daylight saving: the service passes the zone's offset
// transitions in router_config::utc_offsets; the core evaluates each instant in its offset.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

constexpr time_ms hour = 60 * minute;
constexpr time_ms sat_mar_30_2024 = 1'711'756'800'000;  // 00:00 UTC
constexpr time_ms sun_mar_31_2024 = 1'711'843'200'000;
constexpr time_ms sat_oct_26_2024 = 1'729'900'800'000;
constexpr time_ms sun_oct_27_2024 = 1'729'987'200'000;

// Europe/Berlin in 2024 (as the service builds it from tzdata): CET +60, CEST +120 from
// 2024-03-31 01:00 UTC, CET again from 2024-10-27 01:00 UTC.
router_config berlin() {
  auto c = quiet_config();
  c.utc_offset_minutes = 0;                  // ignored while the table covers the instant
  c.utc_offsets = {{1'703'980'800'000, 60},  // 2023-12-31 00:00 UTC
                   {sun_mar_31_2024 + 1 * hour, 120},
                   {sun_oct_27_2024 + 1 * hour, 60}};
  return c;
}

agent_profile shifts(const std::string& id, shift_interval iv) {
  agent_profile p = agent(id, {stage::pre_sales}, {}, 3);
  p.shifts.always_on = false;
  for (auto& d : p.shifts.weekly) {
    d = {iv};
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

TEST(router_time_zone, shifts_follow_daylight_saving_across_both_transitions) {
  struct probe {
    std::string what;
    time_ms at;  // UTC
    bool day;    // 09:00-17:00 local
    bool night;  // 00:00-06:00 local
  };
  const std::vector<probe> table = {
      {"Sat 30 Mar 07:30 UTC = 08:30 CET", sat_mar_30_2024 + 7 * hour + 30 * minute, false, false},
      {"Sat 30 Mar 08:00 UTC = 09:00 CET", sat_mar_30_2024 + 8 * hour, true, false},
      {"Sat 30 Mar 15:30 UTC = 16:30 CET", sat_mar_30_2024 + 15 * hour + 30 * minute, true, false},
      {"Sun 31 Mar 07:00 UTC = 09:00 CEST", sun_mar_31_2024 + 7 * hour, true, false},
      {"Sun 31 Mar 06:59 UTC = 08:59 CEST", sun_mar_31_2024 + 7 * hour - minute, false, false},
      {"Sun 31 Mar 15:00 UTC = 17:00 CEST", sun_mar_31_2024 + 15 * hour, false, false},
      {"Sun 31 Mar 03:59 UTC = 05:59 CEST", sun_mar_31_2024 + 4 * hour - minute, false, true},
      {"Sun 31 Mar 04:00 UTC = 06:00 CEST", sun_mar_31_2024 + 4 * hour, false, false},
      {"Sat 26 Oct 22:00 UTC = Sun 00:00 CEST", sat_oct_26_2024 + 22 * hour, false, true},
      {"Sun 27 Oct 04:30 UTC = 05:30 CET", sun_oct_27_2024 + 4 * hour + 30 * minute, false, true},
      {"Sun 27 Oct 05:00 UTC = 06:00 CET", sun_oct_27_2024 + 5 * hour, false, false},
      {"Sun 27 Oct 08:00 UTC = 09:00 CET", sun_oct_27_2024 + 8 * hour, true, false},
      {"Sun 27 Oct 07:30 UTC = 08:30 CET", sun_oct_27_2024 + 7 * hour + 30 * minute, false, false},
  };
  router_harness h({shifts("day", {9 * 60, 17 * 60}), shifts("night", {0, 6 * 60})}, berlin());
  for (const auto& p : table) {
    EXPECT_EQ(on_shift(h.core(), "day", p.at), p.day) << p.what;
    EXPECT_EQ(on_shift(h.core(), "night", p.at), p.night) << p.what;
  }
}

TEST(router_time_zone, the_shift_timer_fires_at_the_local_start_after_the_clocks_change) {
  // "late" works 09:00-17:00 Berlin time; "early", on shift all day with one slot, keeps the
  // stage covered, so the second chat waits for late's start.
  auto early = shifts("early", {0, 24 * 60});
  auto late = shifts("late", {9 * 60, 17 * 60});
  late.capacity = 1;
  early.capacity = 1;
  router_harness h({early, late}, berlin());
  const time_ms before = sun_mar_31_2024 + 6 * hour;  // 08:00 CEST: late off
  h.send(request(1), before);
  EXPECT_EQ(h.agent_of(1), "early");
  auto out = h.send(request(2), before + minute);
  EXPECT_EQ(h.phase(2), conversation_phase::queued);
  // 09:00 CEST is 07:00 UTC (it would be 08:00 UTC in winter): the late agent starts then.
  out = h.tick(sun_mar_31_2024 + 7 * hour - sec);
  EXPECT_EQ(assignee(out, 2), "");
  out = h.tick(sun_mar_31_2024 + 7 * hour);
  EXPECT_EQ(assignee(out, 2), "late");
}

TEST(router_time_zone, without_a_table_the_fixed_offset_still_applies) {
  auto cfg = quiet_config();
  cfg.utc_offset_minutes = 60;
  router_harness h({shifts("day", {9 * 60, 17 * 60})}, cfg);
  // Sunday 31 March 07:30 UTC is 08:30 at a fixed +01:00: off shift, whatever Berlin says.
  EXPECT_FALSE(on_shift(h.core(), "day", sun_mar_31_2024 + 7 * hour + 30 * minute));
  EXPECT_TRUE(on_shift(h.core(), "day", sun_mar_31_2024 + 8 * hour));
}

}  // namespace
}  // namespace fenliu::router::testing
