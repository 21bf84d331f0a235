// Offers and service: auto-accept or manual offers, misses, the response deadline.

#include <algorithm>

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

void router::impl::attach(conv_rec& c, agent_rec& a) {
  c.agent = &a;
  a.convs.push_back(&c);
}

void router::impl::detach(conv_rec& c) {
  if (c.agent == nullptr) {
    return;
  }
  auto& v = c.agent->convs;
  v.erase(std::remove(v.begin(), v.end(), &c), v.end());
  c.agent = nullptr;
}

// Hands the conversation to the agent: directly under auto-accept, as an offer otherwise.
// The slot is taken at once either way, so concurrent arrivals never overshoot capacity.
void router::impl::give(conv_rec& c, agent_rec& a, decision_record rec, time_ms now, actions& out) {
  const bool was_queued = c.in_order;
  dequeue(c);
  if (was_queued) {
    line.record_served(c.stage_, now);
  }
  rec.winner = a.profile.id;
  c.offer_rule = rec.rule;
  decide(std::move(rec), out);
  attach(c, a);
  a.rr_seq = ++rr_counter;
  a.idle_since = now;
  c.preferred = nullptr;
  if (config.stages[idx(c.stage_)].manual_accept) {
    set_phase(c, conversation_phase::offered, out);
    const time_ms expires = now + config.offer_timeout_s * ms_per_second;
    arm(c, conv_timer::offer, expires);
    out.emplace_back(action::offer{c.id, a.profile.id, expires, c.offer_rule});
    load_changed(a, out);
    return;
  }
  activate(c, now, out);
}

void router::impl::activate(conv_rec& c, time_ms now, actions& out) {
  agent_rec& a = *c.agent;
  count_wait_end(c, true, now);
  disarm(c, conv_timer::offer);
  // The request itself waits for a greeting (full load weight); the response deadline starts
  // with the customer's first unanswered message.
  c.waits_on = awaiting::agent;
  std::optional<agent_id> previous;
  if (c.transferred_from != nullptr) {
    previous = c.transferred_from->profile.id;
  }
  out.emplace_back(action::assigned{c.id, c.customer, a.profile.id, c.stage_, c.offer_rule,
                                    c.transfer_note, previous});
  c.transferred_from = nullptr;
  c.transfer_note.clear();
  set_phase(c, conversation_phase::active, out);
  load_changed(a, out);
}

void router::impl::withdraw_offer(conv_rec& c, const char* reason, actions& out) {
  agent_rec* a = c.agent;
  disarm(c, conv_timer::offer);
  out.emplace_back(action::offer_revoked{c.id, a->profile.id, reason});
  detach(c);
  load_changed(*a, out);
}

void router::impl::take_back(conv_rec& c, const char* reason, actions& out) {
  agent_rec* a = c.agent;
  disarm(c, conv_timer::reply);
  out.emplace_back(action::unassigned{c.id, a->profile.id, reason});
  detach(c);
  load_changed(*a, out);
}

void router::impl::on(const event::offer_accepted& ev, time_ms now, actions& out) {
  conv_rec* c = find_conv(ev.conversation);
  if (c == nullptr || c->phase != conversation_phase::offered || c->agent->profile.id != ev.agent) {
    return;  // late or foreign accept: the offer was already revoked
  }
  c->agent->missed_in_row = 0;
  activate(*c, now, out);
}

void router::impl::on(const event::offer_declined& ev, time_ms now, actions& out) {
  conv_rec* c = find_conv(ev.conversation);
  if (c == nullptr || c->phase != conversation_phase::offered || c->agent->profile.id != ev.agent) {
    return;
  }
  agent_rec* a = c->agent;
  decide({c->id, now, "offer_declined", {{a->profile.id, "declined"}}, std::nullopt}, out);
  withdraw_offer(*c, "declined", out);
  c->excluded.push_back(a);
  requeue(*c, false, now, out);
  drain(*a, now, out);
}

void router::impl::offer_expired(conv_rec& c, time_ms now, actions& out) {
  if (c.phase != conversation_phase::offered) {
    return;
  }
  agent_rec* a = c.agent;
  decide({c.id, now, "offer_timeout", {{a->profile.id, "missed"}}, std::nullopt}, out);
  withdraw_offer(c, "timeout", out);
  c.excluded.push_back(a);
  if (++a->missed_in_row >= config.missed_offers_to_away && config.missed_offers_to_away > 0) {
    set_state(*a, agent_state::away, "missed_offers", now, out);
    alert_missed_offers(*a, c, now, out);
  }
  requeue(c, false, now, out);
  drain(*a, now, out);
}

void router::impl::reply_expired(conv_rec& c, time_ms now, actions& out) {
  if (c.phase != conversation_phase::active || c.waits_on != awaiting::agent) {
    return;
  }
  agent_rec* a = c.agent;
  decide({c.id, now, "response_deadline", {{a->profile.id, "no_reply_in_time"}}, std::nullopt},
         out);
  alert_response_deadline(*a, c, now, out);
  take_back(c, "response_deadline", out);
  c.excluded.push_back(a);
  c.transferred_from = a;
  requeue(c, true, now, out);
  drain(*a, now, out);
}

void router::impl::on(const event::customer_messaged& ev, time_ms now, actions& out) {
  conv_rec* c = find_conv(ev.conversation);
  if (c == nullptr || c->phase != conversation_phase::active) {
    return;
  }
  if (c->due[static_cast<std::size_t>(conv_timer::reply)] == 0) {
    // The deadline runs from the first unanswered message.
    arm(*c, conv_timer::reply, now + config.first_reply_deadline_s * ms_per_second);
  }
  if (c->waits_on != awaiting::agent) {
    c->waits_on = awaiting::agent;
    load_changed(*c->agent, out);
  }
}

void router::impl::on(const event::agent_replied& ev, time_ms, actions& out) {
  conv_rec* c = find_conv(ev.conversation);
  if (c == nullptr || c->phase != conversation_phase::active || c->agent->profile.id != ev.agent) {
    return;
  }
  c->waits_on = awaiting::customer;
  disarm(*c, conv_timer::reply);
  load_changed(*c->agent, out);
}

void router::impl::on(const event::awaiting_logistics& ev, time_ms, actions& out) {
  conv_rec* c = find_conv(ev.conversation);
  if (c == nullptr || c->phase != conversation_phase::active) {
    return;
  }
  c->waits_on = awaiting::logistics;
  disarm(*c, conv_timer::reply);
  load_changed(*c->agent, out);
}

}  // namespace fenliu::router
