#pragma once
// Peak mode (大促) for the shop: on or off, switched by a supervisor (POST /api/peak) or by the
// [[peak.windows]] schedule. The router gets event::peak_mode_set whenever it changes, and the
// bot desk answers first in every stage while it is on (peak.force_bot_first). The schedule
// acts at a window's start and end only, so a supervisor's switch holds until the next edge.
// Thread-safe.

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "fenliu/router/service.hpp"
#include "gateway/app/bot_desk.hpp"
#include "gateway/config/config.hpp"

namespace fenliu::gateway {

struct peak_state {
  bool on = false;
  std::string by;          // "schedule", a supervisor's id, or empty before any switch
  router::time_ms since = 0;  // when it last changed (Unix ms); 0 before any switch
};

/// Whether Unix time `now` lies in one of the windows, which are in local time `offset_minutes`
/// east of UTC (the shop's offset at `now`, daylight saving included).
bool in_peak_window(const std::vector<peak_window>& windows, int offset_minutes,
                    router::time_ms now);

class peak_switch {
 public:
  peak_switch(const shop_config& shop, router::service& router, bot_desk& bot);

  /// Switches peak mode; tells the router and the bot desk when it changes.
  peak_state set(bool on, const std::string& by, router::time_ms now);
  /// The schedule's turn: at a window's start or end, switches (by "schedule").
  void on_clock(router::time_ms now);
  peak_state state() const;

 private:
  const shop_config& shop_;
  router::service& router_;
  bot_desk& bot_;
  mutable std::mutex mutex_;
  peak_state state_;
  std::optional<bool> scheduled_;  // the schedule's last verdict; none before the first check
};

}  // namespace fenliu::gateway
