#include "fenliu/router/tick_plan.hpp"

#include <algorithm>

namespace fenliu::router {

namespace {

timer_plan arm_for(time_ms at, time_ms now) {
  // +1 ms: never fire early on a clock that rounds the other way; a past deadline fires at once.
  return {true, at, std::max<time_ms>(0, at - now) + 1};
}

}  // namespace

timer_plan tick_plan::after(time_ms now, bool was_tick, std::optional<time_ms> announced) {
  if (announced) {
    scheduled_at_ = *announced;
    return arm_for(scheduled_at_, now);
  }
  if (was_tick && scheduled_at_ > now) {
    return arm_for(scheduled_at_, now);  // came early: the deadline is still pending
  }
  return {};
}

}  // namespace fenliu::router
