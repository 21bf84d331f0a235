#pragma once
// The router service's one timer as a pure decision: after the core handled an event at `now`,
// whether to (re)arm the timer, for which deadline and after what delay. No Asio and no clock:
// the service passes `now` in, so tests drive it with explicit timestamps.

#include <optional>

#include "fenliu/router/types.hpp"

namespace fenliu::router {

/// What to do with the timer after one event.
struct timer_plan {
  bool arm = false;      // false: leave the timer as it is (waiting or idle)
  time_ms at = 0;        // the deadline the timer waits for
  time_ms delay_ms = 0;  // from `now`; one more than the gap so the tick never comes before `at`
};

/// Follows the core's earliest deadline. The core announces it (schedule_tick) only when it
/// changes, so every announcement re-arms; a tick that came before the deadline (the timer's
/// steady clock and the wall clock round differently) changes nothing in the core and brings
/// no announcement, so the same deadline is armed again. Not thread-safe: owned by the strand.
class tick_plan {
 public:
  /// `announced`: the deadline of the last schedule_tick among the event's actions, if any.
  /// `was_tick`: the event was the timer's own tick.
  timer_plan after(time_ms now, bool was_tick, std::optional<time_ms> announced);

  /// The deadline the core last announced; 0 before the first.
  time_ms scheduled_at() const { return scheduled_at_; }

 private:
  time_ms scheduled_at_ = 0;
};

}  // namespace fenliu::router
