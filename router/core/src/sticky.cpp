// Sticky routing and waiting for a preferred agent: the agent who served this buyer within
// sticky_days (or the agent a transfer named) is preferred, and waited for a while.

#include <algorithm>

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

// An on-shift agent who is at work but cannot take it now is waited for up to sticky_wait_s;
// away or offline: route normally.
bool router::impl::try_sticky(conv_rec& c, const event::conversation_requested& ev, time_ms now,
                              actions& out) {
  if (!ev.previous_agent || config.sticky_days <= 0 ||
      now - ev.previous_served_at > static_cast<time_ms>(config.sticky_days) * ms_per_day) {
    return false;
  }
  agent_rec* p = pool.find(*ev.previous_agent);
  // Familiarity does not replace competence: the previous agent must serve the stage and hold
  // the required skills (optional ones may be missing).
  if (p == nullptr || !p->configured || !p->serves(c.stage_) ||
      !meets(*p, compile(c.required, nullptr, 0))) {
    return false;
  }
  if (pool.available(*p)) {
    give(c, *p, {c.id, now, "sticky", {}, std::nullopt}, now, out);
    return true;
  }
  // Worth waiting for only while at work: online but full, in wrap-up, or marked busy.
  const bool at_work = p->state == agent_state::online || p->state == agent_state::busy;
  if (!p->connected || !at_work || !p->on_shift || config.sticky_wait_s <= 0) {
    return false;
  }
  decision_record rec{c.id, now, "sticky_wait", {}, std::nullopt};
  note(&rec, *p, pool.unavailable_reason(*p));
  decide(std::move(rec), out);
  c.preferred = p;
  c.preferred_sticky = true;
  c.preferred_until = now + config.sticky_wait_s * ms_per_second;
  enqueue(c, false, now, out);
  return true;
}

bool router::impl::waiting_for_previous(const conv_rec& c, time_ms now) const {
  return c.preferred != nullptr && c.preferred_sticky && now < c.preferred_until;
}

// The wait is over: the conversation joins the buckets like any other and routes now if it can.
void router::impl::preferred_expired(conv_rec& c, time_ms now, actions& out) {
  if (!c.in_order || c.preferred == nullptr) {
    return;
  }
  decision_record rec{c.id,
                      now,
                      c.preferred_sticky ? "sticky_wait_expired" : "transfer_wait_expired",
                      {},
                      std::nullopt};
  note(&rec, *c.preferred, pool.unavailable_reason(*c.preferred));
  decide(std::move(rec), out);
  std::erase(c.preferred->waiters, &c);
  c.preferred = nullptr;
  line.touch(c.stage_);
  place_in_buckets(c);
  route(c, now, out, false);
}

}  // namespace fenliu::router
