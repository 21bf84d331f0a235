// Conversation lifecycle: request, restore, leaving and returning, leave-a-message, close.

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

conv_rec* router::impl::find_conv(conversation_id id) {
  auto it = convs.find(id);
  return it == convs.end() ? nullptr : it->second.get();
}

void router::impl::set_phase(conv_rec& c, conversation_phase p, actions& out) {
  if (c.phase == p) {
    return;
  }
  c.phase = p;
  out.emplace_back(action::phase_changed{c.id, p});
}

void router::impl::compile_requirements(conv_rec& c) {
  c.strict = compile(c.required, &c.optional, 0);
  c.relaxed = compile(c.required, nullptr, 1);
  c.strict_bucket = line.bucket_for(c.stage_, c.strict);
  c.relaxed_bucket = line.bucket_for(c.stage_, c.relaxed);
}

conv_rec& router::impl::create(const event::conversation_requested& ev, time_ms queued_at) {
  auto owned = std::make_unique<conv_rec>();
  conv_rec& c = *owned;
  c.id = ev.conversation;
  c.customer = ev.customer;
  c.stage_ = ev.stage_;
  c.required = ev.required_skills;
  c.optional = ev.optional_skills;
  c.priority = ev.priority;
  c.queued_at = queued_at;
  c.arrived_at = queued_at;
  // Aging: each priority class is worth aging_s_per_priority seconds of waiting.
  c.key = {
      1,
      queued_at - static_cast<time_ms>(ev.priority) * config.aging_s_per_priority * ms_per_second,
      ev.conversation};
  // Not yet queued: the first set_phase(queued) must be reported.
  c.phase = conversation_phase::closed;
  compile_requirements(c);
  convs.emplace(c.id, std::move(owned));
  return c;
}

void router::impl::on(const event::conversation_requested& ev, time_ms now, actions& out) {
  if (convs.contains(ev.conversation)) {
    return;  // a duplicate request: the first one stands
  }
  conv_rec& c = create(ev, now);
  count_arrival(c, now, out);
  if (pool.on_shift(c.stage_) == 0) {
    decision_record rec{c.id, now, "no_agent_on_shift", {}, std::nullopt};
    explain_roster(rec, c.stage_, c);
    decide(std::move(rec), out);
    alert_no_coverage(c.stage_, now, out);
    no_coverage(c, now, out);
    return;
  }
  if (try_sticky(c, ev, now, out)) {
    return;
  }
  admit(c, false, now, out, true);
}

void router::impl::on(const event::conversation_restored& ev, time_ms now, actions& out) {
  if (convs.contains(ev.request.conversation)) {
    return;
  }
  conv_rec& c = create(ev.request, ev.queued_at);
  agent_rec* a = ev.active_agent ? pool.find(*ev.active_agent) : nullptr;
  if (a != nullptr) {
    // Active before the restart: the agent gets the reconnect grace to come back.
    c.phase = conversation_phase::active;
    c.offer_rule = "restored";
    c.waits_on = awaiting::customer;
    attach(c, *a);
    load_changed(*a, out);
    if (!a->connected && a->hold_until == 0) {
      a->hold_until = now + config.disconnect_grace_s * ms_per_second;
      arm_agent(*a, timer_kind::agent_hold, a->hold_until);
    }
    return;
  }
  if (ev.active_agent || ev.left_message) {
    c.key.tier = 0;  // its agent is gone, or its message waits to be served first: the head
  }
  if (pool.on_shift(c.stage_) == 0) {
    no_coverage(c, now, out);
    return;
  }
  // Routed on the next tick, so a batch restored at one `now` is served in its old order.
  enqueue(c, c.key.tier == 0, now, out);
  arm_global(timer_kind::dispatch, now + 1);
}

void router::impl::requeue(conv_rec& c, bool head, time_ms now, actions& out) {
  if (pool.on_shift(c.stage_) == 0) {
    no_coverage(c, now, out);
    return;
  }
  admit(c, head, now, out, false);
}

void router::impl::to_left_message(conv_rec& c, time_ms now, actions& out) {
  dequeue(c);
  disarm(c, conv_timer::return_grace);
  c.key.tier = 0;  // served first when the next shift starts
  c.preferred = nullptr;
  line.park_left_message(c);
  set_phase(c, conversation_phase::left_message, out);
  count_wait_end(c, false, now);
}

void router::impl::no_coverage(conv_rec& c, time_ms now, actions& out) {
  to_left_message(c, now, out);
  out.emplace_back(action::queue_status{c.id, c.customer, c.stage_, 0, 0, false, true, true});
}

void router::impl::on(const event::customer_left& ev, time_ms now, actions& out) {
  conv_rec* c = find_conv(ev.conversation);
  if (c == nullptr) {
    return;
  }
  agent_rec* offered_to = nullptr;
  if (c->phase == conversation_phase::offered) {
    offered_to = c->agent;
    withdraw_offer(*c, "customer_left", out);
  } else if (c->phase != conversation_phase::queued) {
    return;  // an active chat stays with its agent, who closes it
  }
  dequeue(*c);
  set_phase(*c, conversation_phase::abandoned, out);
  count_wait_end(*c, false, now);
  arm(*c, conv_timer::return_grace, now + config.queue_return_grace_s * ms_per_second);
  if (offered_to != nullptr) {
    drain(*offered_to, now, out);
  }
}

void router::impl::on(const event::customer_returned& ev, time_ms now, actions& out) {
  conv_rec* c = find_conv(ev.conversation);
  if (c == nullptr || c->phase != conversation_phase::abandoned) {
    return;
  }
  disarm(*c, conv_timer::return_grace);
  // Same key: the customer keeps the place in line.
  requeue(*c, c->key.tier == 0, now, out);
}

void router::impl::return_expired(conv_rec& c, actions& out) {
  if (c.phase == conversation_phase::abandoned) {
    close(c, out);
  }
}

void router::impl::on(const event::customer_chose_leave_message& ev, time_ms now, actions& out) {
  conv_rec* c = find_conv(ev.conversation);
  if (c == nullptr) {
    return;
  }
  agent_rec* offered_to = nullptr;
  if (c->phase == conversation_phase::offered) {
    offered_to = c->agent;
    withdraw_offer(*c, "customer_left_message", out);
  } else if (c->phase != conversation_phase::queued && c->phase != conversation_phase::abandoned) {
    return;
  }
  to_left_message(*c, now, out);
  if (offered_to != nullptr) {
    drain(*offered_to, now, out);
  }
}

void router::impl::on(const event::conversation_closed& ev, time_ms now, actions& out) {
  conv_rec* c = find_conv(ev.conversation);
  if (c == nullptr || c->phase == conversation_phase::wrap_up) {
    return;
  }
  if (c->phase == conversation_phase::active) {
    disarm(*c, conv_timer::reply);
    set_phase(*c, conversation_phase::wrap_up, out);
    agent_rec& a = *c->agent;
    if (config.wrap_up_s <= 0) {
      wrap_up_done(*c, now, out);
      return;
    }
    arm(*c, conv_timer::wrap_up, now + config.wrap_up_s * ms_per_second);
    load_changed(a, out);
    return;
  }
  agent_rec* offered_to = nullptr;
  if (c->phase == conversation_phase::offered) {
    offered_to = c->agent;
    withdraw_offer(*c, "closed", out);
  }
  close(*c, out);
  if (offered_to != nullptr) {
    drain(*offered_to, now, out);
  }
}

void router::impl::wrap_up_done(conv_rec& c, time_ms now, actions& out) {
  agent_rec* a = c.agent;
  detach(c);
  close(c, out);
  if (a != nullptr) {
    // On a busy floor the freed slot is taken again at once: index the agent after the pull,
    // not once for the free slot and once more for the taken one. Nothing in between selects.
    if (pool.count(*a)) {
      emit_agent(*a, "load", out);
    }
    drain(*a, now, out);
    pool.reindex(*a);
  }
}

// Forgets the conversation; `c` is dangling afterwards.
void router::impl::close(conv_rec& c, actions& out) {
  dequeue(c);
  if (c.phase == conversation_phase::left_message) {
    line.drop_left_message(c);
  }
  set_phase(c, conversation_phase::closed, out);
  convs.erase(c.id);
}

}  // namespace fenliu::router
