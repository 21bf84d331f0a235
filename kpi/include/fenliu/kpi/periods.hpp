#pragma once
// Part "kpis": local days and weeks of the shop's time zone, from a table of UTC offsets (the
// config's [shop] time_zone as gateway/config/time_zone.hpp expands it, or one fixed offset).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fenliu/kpi/rows.hpp"

namespace fenliu::kpi {

/// From `from_ms` on (until the next entry) local time is UTC + offset_minutes.
struct utc_offset {
  time_ms from_ms = 0;
  int offset_minutes = 0;
};

class local_clock {
 public:
  /// `table` sorted by from_ms; empty: `fixed_offset_minutes` always. Before the first entry
  /// the first entry's offset applies.
  explicit local_clock(std::vector<utc_offset> table, int fixed_offset_minutes = 0);

  int offset_minutes_at(time_ms t) const;
  /// The instant of local midnight starting the local day that contains `t`.
  time_ms day_start(time_ms t) const;
  /// The instant of local midnight starting the local Monday-to-Sunday week containing `t`.
  time_ms week_start(time_ms t) const;
  /// The next local midnight after the day starting at `day_start_ms`.
  time_ms next_day(time_ms day_start_ms) const;
  time_ms next_week(time_ms week_start_ms) const;
  /// "YYYY-MM-DD", the local date at `t`.
  std::string date_of(time_ms t) const;
  /// The instant of local `YYYY-MM-DD` + `minute_of_day` minutes; nullopt for a bad date.
  std::optional<time_ms> local_instant(std::string_view date, int minute_of_day) const;

 private:
  std::vector<utc_offset> table_;
  int fixed_ = 0;
};

}  // namespace fenliu::kpi
