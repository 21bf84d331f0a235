#include "fenliu/kpi/periods.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace fenliu::kpi {
namespace {

constexpr time_ms day_ms = 86'400'000;
constexpr time_ms minute_ms = 60'000;

time_ms floor_div(time_ms a, time_ms b) {
  const time_ms q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace

local_clock::local_clock(std::vector<utc_offset> table, int fixed_offset_minutes)
    : table_(std::move(table)), fixed_(fixed_offset_minutes) {
  std::sort(table_.begin(), table_.end(),
            [](const utc_offset& a, const utc_offset& b) { return a.from_ms < b.from_ms; });
}

int local_clock::offset_minutes_at(time_ms t) const {
  if (table_.empty()) {
    return fixed_;
  }
  auto it = std::upper_bound(table_.begin(), table_.end(), t,
                             [](time_ms v, const utc_offset& o) { return v < o.from_ms; });
  if (it == table_.begin()) {
    return table_.front().offset_minutes;
  }
  return std::prev(it)->offset_minutes;
}

namespace {

// The instant whose local time is `local` (ms since 1970-01-01 00:00 local). A local time in
// a daylight-saving gap or fold takes the offset in force just before it.
time_ms from_local(const local_clock& c, time_ms local) {
  const time_ms guess = local - static_cast<time_ms>(c.offset_minutes_at(local)) * minute_ms;
  const time_ms again = local - static_cast<time_ms>(c.offset_minutes_at(guess)) * minute_ms;
  return c.offset_minutes_at(again) == c.offset_minutes_at(guess) ? again : guess;
}

time_ms local_day_number(const local_clock& c, time_ms t) {
  return floor_div(t + static_cast<time_ms>(c.offset_minutes_at(t)) * minute_ms, day_ms);
}

}  // namespace

time_ms local_clock::day_start(time_ms t) const {
  return from_local(*this, local_day_number(*this, t) * day_ms);
}

time_ms local_clock::week_start(time_ms t) const {
  const time_ms day = local_day_number(*this, t);
  const time_ms since_monday = ((day + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
  return from_local(*this, (day - since_monday) * day_ms);
}

time_ms local_clock::next_day(time_ms day_start_ms) const {
  // Noon of the day is inside it whatever the shifts: the next day starts a day after.
  return from_local(*this, (local_day_number(*this, day_start_ms + day_ms / 2) + 1) * day_ms);
}

time_ms local_clock::next_week(time_ms week_start_ms) const {
  return from_local(*this, (local_day_number(*this, week_start_ms + day_ms / 2) + 7) * day_ms);
}

std::string local_clock::date_of(time_ms t) const {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{local_day_number(*this, t)}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::optional<time_ms> local_clock::local_instant(std::string_view date, int minute_of_day) const {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') {
    return std::nullopt;
  }
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    if (i == 4 || i == 7) {
      continue;
    }
    if (date[i] < '0' || date[i] > '9') {
      return std::nullopt;
    }
    const int digit = date[i] - '0';
    if (i < 4) {
      y = y * 10 + digit;
    } else if (i < 7) {
      m = m * 10 + static_cast<unsigned>(digit);
    } else {
      d = d * 10 + static_cast<unsigned>(digit);
    }
  }
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{m}, day{d}};
  if (!ymd.ok() || minute_of_day < 0 || minute_of_day >= 24 * 60) {
    return std::nullopt;
  }
  const time_ms day_number = sys_days{ymd}.time_since_epoch().count();
  return from_local(*this, day_number * day_ms + minute_of_day * minute_ms);
}

}  // namespace fenliu::kpi
