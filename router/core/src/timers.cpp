// Deadlines: arming the core's timers in the deadline heap, firing the due ones, and the
// end of every event (queue sweep, next tick).

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

void router::impl::arm(conv_rec& c, conv_timer which, time_ms at) {
  c.due_at(which) = at;
  deadlines.push(at, timer_kind::conv, which, c.id, nullptr);
}

void router::impl::disarm(conv_rec& c, conv_timer which) {
  c.due_at(which) = 0;
}

void router::impl::arm_agent(agent_rec& a, timer_kind kind, time_ms at) {
  (kind == timer_kind::agent_shift ? a.shift_due : a.hold_until) = at;
  deadlines.push(at, kind, conv_timer::offer, 0, &a);
}

void router::impl::arm_global(timer_kind kind, time_ms at) {
  time_ms& due = kind == timer_kind::sweep ? sweep_due : dispatch_due;
  if (due != 0 && due <= at) {
    return;
  }
  due = at;
  deadlines.push(at, kind, conv_timer::offer, 0, nullptr);
}

// A timer is live while its owner still expects exactly this deadline; re-arming or
// disarming simply makes older entries stale.
bool router::impl::live(const timer_entry& e) const {
  switch (e.kind) {
    case timer_kind::conv: {
      auto it = convs.find(e.conv);
      return it != convs.end() && it->second->due_at(e.which) == e.at;
    }
    case timer_kind::agent_shift:
      return e.agent->shift_due == e.at;
    case timer_kind::agent_hold:
      return e.agent->hold_until == e.at;
    case timer_kind::sweep:
      return sweep_due == e.at;
    case timer_kind::dispatch:
      return dispatch_due == e.at;
  }
  return false;
}

void router::impl::run_due(time_ms now, actions& out) {
  deadlines.run_due(
      now, [this](const timer_entry& e) { return live(e); },
      [&](const timer_entry& e) { fire(e, now, out); });
}

void router::impl::fire(const timer_entry& e, time_ms now, actions& out) {
  switch (e.kind) {
    case timer_kind::agent_shift:
      e.agent->shift_due = 0;
      apply_shift(*e.agent, now, out);
      return;
    case timer_kind::agent_hold:
      hold_expired(*e.agent, now, out);
      return;
    case timer_kind::sweep:
      sweep_due = 0;  // finish() sweeps
      return;
    case timer_kind::dispatch:
      dispatch_due = 0;
      dispatch_all(now, out);
      return;
    case timer_kind::conv:
      break;
  }
  conv_rec& c = *convs.find(e.conv)->second;
  c.due_at(e.which) = 0;
  switch (e.which) {
    case conv_timer::offer:
      offer_expired(c, now, out);
      return;
    case conv_timer::preferred:
      preferred_expired(c, now, out);
      return;
    case conv_timer::ring:
      ring_fired(c, now, out);
      return;
    case conv_timer::wrap_up:
      wrap_up_done(c, now, out);
      return;
    case conv_timer::reply:
      reply_expired(c, now, out);
      return;
    case conv_timer::return_grace:
      return_expired(c, out);
      return;
  }
}

void router::impl::finish(time_ms now, actions& out) {
  run_due(now, out);
  bool dirty = false;
  for (std::size_t s = 0; s < stage_count; ++s) {
    dirty = dirty || line.dirty(static_cast<stage>(s));
  }
  if (dirty) {
    const time_ms next = last_sweep_at + config.queue_status_interval_ms;
    if (last_sweep_at < 0 || now >= next) {
      for (std::size_t s = 0; s < stage_count; ++s) {
        if (line.dirty(static_cast<stage>(s))) {
          sweep(static_cast<stage>(s), now, out);
        }
      }
      last_sweep_at = now;
    } else {
      arm_global(timer_kind::sweep, next);
    }
  }
  const auto next = deadlines.next([this](const timer_entry& e) { return live(e); });
  if (next && *next != scheduled_at) {
    scheduled_at = *next;
    out.emplace_back(action::schedule_tick{scheduled_at});
  }
#ifndef NDEBUG
  check_invariants();
#endif
}

void router::impl::dispatch_all(time_ms now, actions& out) {
  for (const auto& [id, a] : pool.records()) {
    drain(*a, now, out);
  }
}

}  // namespace fenliu::router
