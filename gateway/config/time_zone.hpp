#pragma once
// IANA time zones (with daylight saving) as the router core takes them: a table of UTC-offset
// transitions. Reads the system tzdata (Debian's tzdata package) through Howard Hinnant's
// date library. Start-up only: exceptions are allowed here.

#include <optional>
#include <string_view>
#include <vector>

#include "fenliu/router/types.hpp"

namespace fenliu::gateway {

/// The offsets of `zone` (e.g. "Asia/Shanghai", "Europe/Berlin") from `from_ms` until
/// `until_ms`, one entry per change (the first at `from_ms`); nullopt for an unknown zone.
std::optional<std::vector<router::utc_offset_transition>> zone_offset_table(
    std::string_view zone, router::time_ms from_ms, router::time_ms until_ms);

/// The UTC instant of midnight at the start of local date "YYYY-MM-DD" at a fixed offset.
router::time_ms local_midnight_ms(std::string_view date, int utc_offset_minutes);

}  // namespace fenliu::gateway
