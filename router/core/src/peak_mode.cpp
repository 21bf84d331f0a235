// Peak mode (大促): raised capacities with a VIP reserve, tighter rings, and leave-a-message
// at arrival when the wait cannot be borne. See peak_policy in types.hpp.

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

// Capacities and the reserve change what available() says, so every agent is re-listed;
// then those with new room pull from the queue, and every waiting conversation's rings are
// re-timed (rings already due under the tighter thresholds fire now).
void router::impl::on(const event::peak_mode_set& ev, time_ms now, actions& out) {
  if (ev.on == peak_on) {
    return;
  }
  peak_on = ev.on;
  pool.set_peak(ev.on);
  for (const auto& [id, a] : pool.records()) {
    if (a->configured) {
      pool.reindex(*a);  // an unconfigured agent is in no index and stays out
    }
  }
  for (const auto& [id, a] : pool.records()) {
    drain(*a, now, out);
  }
  std::vector<conv_rec*> waiting;
  for (const auto& [id, c] : convs) {
    if (c->in_order) {
      waiting.push_back(c.get());
    }
  }
  for (conv_rec* c : waiting) {
    if (c->in_order) {
      ring_fired(*c, now, out);
    }
  }
}

// Called after every conversation_requested: one that had to queue and whose ETA exceeds the
// buyer's likely patience is offered leave-a-message now rather than at max_wait_s.
void router::impl::peak_arrival(conversation_id id, time_ms now, actions& out) {
  if (!peak_on || !config.peak.leave_message_on_arrival) {
    return;
  }
  conv_rec* c = find_conv(id);
  if (c == nullptr || !c->in_order || c->leave_message_offered || c->preferred != nullptr ||
      c->queued_at != now) {
    return;
  }
  if (eta_s(c->stage_, line.position(*c)) <= config.peak.likely_patience_s) {
    return;
  }
  decide({c->id, now, "leave_message_offered", {}, std::nullopt}, out);
  c->leave_message_offered = true;
  emit_status(*c, now, out);
}

}  // namespace fenliu::router
