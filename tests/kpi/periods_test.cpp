// Part "kpis": local days and weeks, fixed offsets and a daylight-saving table.
#include <gtest/gtest.h>

#include "fenliu/kpi/periods.hpp"

namespace fenliu::kpi {
namespace {

constexpr time_ms hour = 3'600'000;

TEST(KpiLocalClock, FixedOffsetDayBoundaries) {
  const local_clock shanghai({}, 480);
  // 2026-03-01 00:00 +08:00 is 2026-02-28 16:00 UTC.
  const time_ms midnight = 1'772'294'400'000;
  EXPECT_EQ(shanghai.local_instant("2026-03-01", 0), midnight);
  EXPECT_EQ(shanghai.date_of(midnight), "2026-03-01");
  EXPECT_EQ(shanghai.date_of(midnight - 1), "2026-02-28");
  EXPECT_EQ(shanghai.day_start(midnight + 5 * hour), midnight);
  EXPECT_EQ(shanghai.day_start(midnight - 1), midnight - 24 * hour);
  EXPECT_EQ(shanghai.next_day(midnight), midnight + 24 * hour);
  // 2026-03-01 is a Sunday: its week began on Monday 2026-02-23.
  EXPECT_EQ(shanghai.week_start(midnight + hour), midnight - 6 * 24 * hour);
  EXPECT_EQ(shanghai.date_of(shanghai.week_start(midnight + hour)), "2026-02-23");
  EXPECT_EQ(shanghai.next_week(midnight - 6 * 24 * hour), midnight + 24 * hour);
  EXPECT_EQ(shanghai.local_instant("2026-03-01", 90), midnight + 90 * 60'000);
}

TEST(KpiLocalClock, RejectsBadDates) {
  const local_clock utc({}, 0);
  EXPECT_FALSE(utc.local_instant("2026-02-30", 0));
  EXPECT_FALSE(utc.local_instant("2026-3-01", 0));
  EXPECT_FALSE(utc.local_instant("2026-03-01x", 0));
  EXPECT_FALSE(utc.local_instant("2026-03-01", 24 * 60));
}

TEST(KpiLocalClock, DaylightSavingDayHas23Hours) {
  // Europe/Berlin: +01:00, then +02:00 from 2026-03-29 01:00 UTC.
  const time_ms switch_at = 1'774'746'000'000;
  const local_clock berlin({{0, 60}, {switch_at, 120}});
  const time_ms day = *berlin.local_instant("2026-03-29", 0);
  EXPECT_EQ(day, switch_at - 2 * hour);  // 2026-03-28 23:00 UTC
  const time_ms next = berlin.next_day(day);
  EXPECT_EQ(next - day, 23 * hour);
  EXPECT_EQ(berlin.date_of(next), "2026-03-30");
  EXPECT_EQ(berlin.day_start(next - 1), day);
  EXPECT_EQ(berlin.date_of(switch_at + 20 * hour + 59 * 60'000), "2026-03-29");  // 23:59 local
}

}  // namespace
}  // namespace fenliu::kpi
