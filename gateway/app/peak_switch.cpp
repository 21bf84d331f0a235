#include "gateway/app/peak_switch.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace fenliu::gateway {

bool in_peak_window(const std::vector<peak_window>& windows, int offset_minutes,
                    router::time_ms now) {
  const std::int64_t local_s = now / 1000 + static_cast<std::int64_t>(offset_minutes) * 60;
  return std::any_of(windows.begin(), windows.end(), [&](const peak_window& w) {
    return w.from_local_s <= local_s && local_s < w.to_local_s;
  });
}

peak_switch::peak_switch(const shop_config& shop, router::service& router, bot_desk& bot)
    : shop_(shop), router_(router), bot_(bot) {}

peak_state peak_switch::set(bool on, const std::string& by, router::time_ms now) {
  std::lock_guard lock(mutex_);
  if (state_.on != on) {
    state_ = peak_state{on, by, now};
    bot_.set_peak_bot_first(on && shop_.routing.peak.force_bot_first);
    // Under the lock: two switches in a row reach the router in the order they were made.
    router_.post(router::event::peak_mode_set{on, by});
    spdlog::info("peak mode {} by {}", on ? "on" : "off", by);
  }
  return state_;
}

void peak_switch::on_clock(router::time_ms now) {
  const bool in =
      in_peak_window(shop_.peak_windows, router::utc_offset_minutes_at(shop_.routing, now), now);
  {
    std::lock_guard lock(mutex_);
    if (scheduled_ == in) {
      return;  // no edge: whatever a supervisor chose stands
    }
    scheduled_ = in;
  }
  // The first check after start-up turns peak mode on inside a window, never off: outside
  // every window it is off already.
  set(in, "schedule", now);
}

peak_state peak_switch::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

}  // namespace fenliu::gateway
