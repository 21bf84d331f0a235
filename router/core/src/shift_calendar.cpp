#include "shift_calendar.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>

namespace fenliu::router::detail {
namespace {

// The horizon of one evaluation: long enough for any weekly pattern plus a long holiday.
constexpr std::int64_t horizon_days = 9;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    --q;
  }
  return q;
}

// Proleptic Gregorian calendar, days relative to 1970-01-01.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = floor_div(y, 400);
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool parse_int(const std::string& text, std::size_t pos, std::size_t len, int& out) {
  const char* first = text.data() + pos;
  const auto [ptr, ec] = std::from_chars(first, first + len, out);
  return ec == std::errc{} && ptr == first + len;
}

}  // namespace

std::optional<std::int64_t> parse_local_date(const std::string& text) {
  int y = 0;
  int m = 0;
  int d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !parse_int(text, 0, 4, y) ||
      !parse_int(text, 5, 2, m) || !parse_int(text, 8, 2, d) || m < 1 || m > 12 || d < 1 ||
      d > 31) {
    return std::nullopt;
  }
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

zone_offsets::zone_offsets(int fixed_minutes, std::vector<utc_offset_transition> table)
    : fixed_ms_(static_cast<time_ms>(fixed_minutes) * ms_per_minute) {
  if (!table.empty()) {
    std::sort(table.begin(), table.end(),
              [](const auto& a, const auto& b) { return a.from_ms < b.from_ms; });
    table_ = std::make_shared<const std::vector<utc_offset_transition>>(std::move(table));
  }
}

time_ms zone_offsets::offset_at(time_ms utc) const {
  if (!table_) {
    return fixed_ms_;
  }
  const auto& t = *table_;
  auto it =
      std::upper_bound(t.begin(), t.end(), utc,
                       [](time_ms u, const utc_offset_transition& e) { return u < e.from_ms; });
  if (it == t.begin()) {
    return fixed_ms_;
  }
  return static_cast<time_ms>(std::prev(it)->offset_minutes) * ms_per_minute;
}

// Offsets change by hours at most, so reading `local` as if it were UTC lands near the right
// offset; one correction settles it everywhere except in a gap, where the later reading wins.
time_ms zone_offsets::to_utc(time_ms local) const {
  if (!table_) {
    return local - fixed_ms_;
  }
  const time_ms guess = offset_at(local);
  time_ms utc = local - offset_at(local - guess);
  const time_ms check = offset_at(utc);
  if (local - check != utc) {
    utc = local - check;
  }
  return utc;
}

shift_calendar::shift_calendar(const shift_schedule& schedule, zone_offsets zone,
                               int no_offer_minutes)
    : zone_(std::move(zone)),
      no_offer_ms_(static_cast<time_ms>(std::max(0, no_offer_minutes)) * ms_per_minute) {
  bool any = !schedule.overrides.empty();
  for (int i = 0; i < 7; ++i) {
    weekly_[static_cast<std::size_t>(i)] = schedule.weekly[i];
    any = any || !schedule.weekly[i].empty();
  }
  always_on_ = schedule.always_on || !any;
  for (const auto& h : schedule.holidays) {
    if (auto day = parse_local_date(h)) {
      holidays_.insert(*day);
    }
  }
  for (const auto& [date, intervals] : schedule.overrides) {
    if (auto day = parse_local_date(date)) {
      overrides_[*day] = intervals;
    }
  }
}

void shift_calendar::collect(std::int64_t day, std::vector<span>& out) const {
  const std::vector<shift_interval>* intervals = nullptr;
  if (auto it = overrides_.find(day); it != overrides_.end()) {
    intervals = &it->second;
  } else if (holidays_.contains(day)) {
    return;
  } else {
    // 1970-01-01 was a Thursday; weekly[0] is Monday.
    std::int64_t weekday = (day + 3) % 7;
    if (weekday < 0) {
      weekday += 7;
    }
    intervals = &weekly_[static_cast<std::size_t>(weekday)];
  }
  const time_ms base = day * ms_per_day;
  for (const auto& iv : *intervals) {
    if (iv.end_minute > iv.start_minute) {
      out.emplace_back(zone_.to_utc(base + iv.start_minute * ms_per_minute),
                       zone_.to_utc(base + iv.end_minute * ms_per_minute));
    }
  }
}

shift_status shift_calendar::status_at(time_ms now) const {
  if (always_on_) {
    return {true, false, std::nullopt};
  }
  const std::int64_t today = floor_div(now + zone_.offset_at(now), ms_per_day);
  std::vector<span> spans;
  for (std::int64_t d = today - 1; d <= today + horizon_days; ++d) {
    collect(d, spans);
  }
  std::sort(spans.begin(), spans.end());
  std::vector<span> merged;
  for (const auto& s : spans) {
    if (!merged.empty() && s.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, s.second);
    } else {
      merged.push_back(s);
    }
  }
  const time_ms horizon_end = zone_.to_utc((today + horizon_days + 1) * ms_per_day);
  for (const auto& [start, end] : merged) {
    if (now < start) {
      return {false, false, start};
    }
    if (now < end) {
      if (end >= horizon_end) {
        // Runs past what we looked at: not ending yet, look again at the horizon.
        return {true, false, end};
      }
      const time_ms ending_from = end - no_offer_ms_;
      if (now >= ending_from) {
        return {true, true, end};
      }
      return {true, false, ending_from};
    }
  }
  return {false, false, horizon_end};
}

}  // namespace fenliu::router::detail
