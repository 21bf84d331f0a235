#pragma once
// Weekly shift schedule evaluated in the shop's time zone. Pure: the caller passes `now`.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fenliu/router/types.hpp"

namespace fenliu::router::detail {

inline constexpr time_ms ms_per_second = 1'000;
inline constexpr time_ms ms_per_minute = 60'000;
inline constexpr time_ms ms_per_day = 86'400'000;

/// Days since 1970-01-01 for a local date "YYYY-MM-DD"; nullopt when malformed.
std::optional<std::int64_t> parse_local_date(const std::string& text);

struct shift_status {
  bool on_shift = false;
  /// Inside the last minutes of the shift: no new offers.
  bool ending = false;
  /// When on_shift or ending may change next; nullopt: never.
  std::optional<time_ms> next_change;
};

/// The shop's UTC offset at any instant: a fixed offset, or a table of transitions (daylight
/// saving) shared by every agent's calendar.
class zone_offsets {
 public:
  zone_offsets() = default;
  zone_offsets(int fixed_minutes, std::vector<utc_offset_transition> table);

  /// Offset in effect at the UTC instant `utc`, in ms.
  time_ms offset_at(time_ms utc) const;
  /// The UTC instant of local wall time `local` (ms since the local epoch). In a gap (spring
  /// forward) the later offset's reading applies; a repeated hour (fall back) maps to its
  /// second occurrence.
  time_ms to_utc(time_ms local) const;

 private:
  time_ms fixed_ms_ = 0;
  std::shared_ptr<const std::vector<utc_offset_transition>> table_;
};

/// A compiled shift_schedule: holidays and overrides keyed by local day number. Adjacent
/// intervals (22:00-24:00 then 00:00-06:00) form one shift, so midnight is not a shift end.
class shift_calendar {
 public:
  shift_calendar() = default;
  shift_calendar(const shift_schedule& schedule, zone_offsets zone, int no_offer_minutes);
  shift_calendar(const shift_schedule& schedule, int utc_offset_minutes, int no_offer_minutes)
      : shift_calendar(schedule, zone_offsets(utc_offset_minutes, {}), no_offer_minutes) {}

  shift_status status_at(time_ms now) const;

 private:
  using span = std::pair<time_ms, time_ms>;
  void collect(std::int64_t day, std::vector<span>& out) const;

  bool always_on_ = true;
  std::array<std::vector<shift_interval>, 7> weekly_;
  std::set<std::int64_t> holidays_;
  std::map<std::int64_t, std::vector<shift_interval>> overrides_;
  zone_offsets zone_;
  time_ms no_offer_ms_ = 0;
};

}  // namespace fenliu::router::detail
