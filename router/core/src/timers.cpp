// Deadlines: one heap of timers with lazy cancellation, the relaxation rings and the sweep.

#include <fmt/format.h>

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

void router::impl::arm(conv_rec& c, conv_timer which, time_ms at) {
  c.due[static_cast<std::size_t>(which)] = at;
  timers.push({at, ++timer_seq, timer_kind::conv, which, c.id, nullptr});
}

void router::impl::disarm(conv_rec& c, conv_timer which) {
  c.due[static_cast<std::size_t>(which)] = 0;
}

void router::impl::arm_agent(agent_rec& a, timer_kind kind, time_ms at) {
  (kind == timer_kind::agent_shift ? a.shift_due : a.hold_until) = at;
  timers.push({at, ++timer_seq, kind, conv_timer::offer, 0, &a});
}

void router::impl::arm_global(timer_kind kind, time_ms at) {
  time_ms& due = kind == timer_kind::sweep ? sweep_due : dispatch_due;
  if (due != 0 && due <= at) {
    return;
  }
  due = at;
  timers.push({at, ++timer_seq, kind, conv_timer::offer, 0, nullptr});
}

// A timer is live while its owner still expects exactly this deadline; re-arming or
// disarming simply makes older entries stale.
bool router::impl::live(const timer_entry& e) const {
  switch (e.kind) {
    case timer_kind::conv: {
      auto it = convs.find(e.conv);
      return it != convs.end() && it->second->due[static_cast<std::size_t>(e.which)] == e.at;
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
  while (!timers.empty() && timers.top().at <= now) {
    const timer_entry e = timers.top();
    timers.pop();
    if (live(e)) {
      fire(e, now, out);
    }
  }
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
  c.due[static_cast<std::size_t>(e.which)] = 0;
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
  for (const auto& st : stages) {
    dirty = dirty || st.dirty;
  }
  if (dirty) {
    const time_ms next = last_sweep_at + config.queue_status_interval_ms;
    if (last_sweep_at < 0 || now >= next) {
      for (std::size_t s = 0; s < stage_count; ++s) {
        if (stages[s].dirty) {
          sweep(static_cast<stage>(s), now, out);
        }
      }
      last_sweep_at = now;
    } else {
      arm_global(timer_kind::sweep, next);
    }
  }
  while (!timers.empty() && !live(timers.top())) {
    timers.pop();
  }
  if (!timers.empty() && timers.top().at != scheduled_at) {
    scheduled_at = timers.top().at;
    out.emplace_back(action::schedule_tick{scheduled_at});
  }
}

namespace {

int ring_threshold_s(const stage_policy& p, int ring) {
  switch (ring) {
    case ring_strict:
      return p.relax_skills_after_s;
    case ring_relaxed:
      return p.overflow_after_s;
    case ring_overflow:
      return p.alert_after_s;
    default:
      return p.max_wait_s;
  }
}

}  // namespace

void router::impl::schedule_ring(conv_rec& c) {
  if (!c.in_order || c.ring >= ring_leave_msg) {
    disarm(c, conv_timer::ring);
    return;
  }
  const time_ms at =
      c.queued_at + ring_threshold_s(config.stages[idx(c.stage_)], c.ring) * ms_per_second;
  if (c.due[static_cast<std::size_t>(conv_timer::ring)] != at) {
    arm(c, conv_timer::ring, at);
  }
}

void router::impl::ring_fired(conv_rec& c, time_ms now, actions& out) {
  const stage_policy& p = config.stages[idx(c.stage_)];
  while (c.in_order && c.ring < ring_leave_msg &&
         now >= c.queued_at + ring_threshold_s(p, c.ring) * ms_per_second) {
    ++c.ring;
    apply_ring(c, now, out);
  }
  if (c.in_order) {
    schedule_ring(c);
  }
}

// One step outwards; a step that widens the pool tries to route at once.
void router::impl::apply_ring(conv_rec& c, time_ms now, actions& out) {
  const stage_policy& p = config.stages[idx(c.stage_)];
  switch (c.ring) {
    case ring_relaxed:
      if (c.relaxed == c.strict) {
        return;
      }
      decide({c.id, now, "relaxed_skills", {}, std::nullopt}, out);
      place_in_buckets(c);
      route(c, now, out, false);
      return;
    case ring_overflow:
      if (p.overflow_stages.empty()) {
        return;
      }
      decide({c.id, now, "overflow", {}, std::nullopt}, out);
      place_in_buckets(c);
      route(c, now, out, false);
      return;
    case ring_alerted:
      decide({c.id, now, "alert", {}, std::nullopt}, out);
      out.emplace_back(action::supervisor_alert{"long_wait", c.id, c.stage_,
                                                fmt::format("conversation {} has waited {} s", c.id,
                                                            (now - c.queued_at) / ms_per_second)});
      return;
    default:
      decide({c.id, now, "leave_message_offered", {}, std::nullopt}, out);
      c.leave_message_offered = true;
      emit_status(c, now, out);
      return;
  }
}

void router::impl::preferred_expired(conv_rec& c, time_ms now, actions& out) {
  if (!c.in_order || c.preferred == nullptr) {
    return;
  }
  decision_record rec{c.id,
                      now,
                      c.preferred_sticky ? "sticky_wait_expired" : "transfer_wait_expired",
                      {},
                      std::nullopt};
  note(&rec, *c.preferred, unavailable_reason(*c.preferred));
  decide(std::move(rec), out);
  std::erase(c.preferred->waiters, &c);
  c.preferred = nullptr;
  stages[idx(c.stage_)].dirty = true;
  place_in_buckets(c);
  route(c, now, out, false);
}

void router::impl::dispatch_all(time_ms now, actions& out) {
  for (auto& [id, a] : agents) {
    drain(*a, now, out);
  }
}

void router::impl::decide(decision_record rec, actions& out) const {
  out.emplace_back(action::decision{std::move(rec)});
}

}  // namespace fenliu::router
