// Relaxation over time (bullseye rings): after T1 the optional skills drop and required levels
// go down by one, after T2 agents of the overflow stages may take it, after T3 a supervisor is
// alerted, at the maximum wait the customer is offered to leave a message.

#include <fmt/format.h>

#include <algorithm>

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

namespace {

// Peak mode tightens the first two rings; it never loosens them.
int ring_threshold_s(const stage_policy& p, const peak_policy* peak, int ring) {
  switch (ring) {
    case ring_strict:
      return peak != nullptr ? std::min(p.relax_skills_after_s, peak->relax_skills_after_s)
                             : p.relax_skills_after_s;
    case ring_relaxed:
      return peak != nullptr ? std::min(p.overflow_after_s, peak->overflow_after_s)
                             : p.overflow_after_s;
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
      c.queued_at +
      ring_threshold_s(config.stages[idx(c.stage_)], peak_rings(), c.ring) * ms_per_second;
  if (c.due_at(conv_timer::ring) != at) {
    arm(c, conv_timer::ring, at);
  }
}

void router::impl::ring_fired(conv_rec& c, time_ms now, actions& out) {
  const stage_policy& p = config.stages[idx(c.stage_)];
  while (c.in_order && c.ring < ring_leave_msg &&
         now >= c.queued_at + ring_threshold_s(p, peak_rings(), c.ring) * ms_per_second) {
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

}  // namespace fenliu::router
