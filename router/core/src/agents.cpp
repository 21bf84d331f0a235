// Agents: presence, state and load as the router's events change them.

#include <algorithm>

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

void router::impl::emit_agent(const agent_rec& a, const std::string& reason, actions& out) const {
  out.emplace_back(
      action::agent_state_changed{a.profile.id, a.state, reason, a.load, a.profile.capacity});
}

void router::impl::load_changed(agent_rec& a, actions& out) {
  if (pool.recount(a)) {
    emit_agent(a, "load", out);
  }
}

void router::impl::set_state(agent_rec& a, agent_state st, const std::string& reason, time_ms now,
                             actions& out) {
  if (a.state == st) {
    return;
  }
  a.state = st;
  touch_stages(a);
  if (st == agent_state::online) {
    a.missed_in_row = 0;
    a.idle_since = now;
  }
  pool.reindex(a);
  emit_agent(a, reason, out);
}

void router::impl::on(const event::agent_connected& ev, time_ms now, actions& out) {
  agent_rec* a = pool.find(ev.agent);
  if (a == nullptr || !a->configured) {
    return;
  }
  a->connected = true;
  a->hold_until = 0;  // back within the grace: keeps its conversations
  touch_stages(*a);
  if (a->state == agent_state::offline) {
    // A page reload keeps the state the agent chose (away, busy) rather than going online.
    const bool restore = a->state_before_disconnect != agent_state::online &&
                         a->state_before_disconnect != agent_state::offline &&
                         now <= a->restore_until;
    const agent_state back = restore ? a->state_before_disconnect : agent_state::online;
    a->state_before_disconnect = agent_state::online;
    a->restore_until = 0;
    set_state(*a, back, restore ? "restored" : "connected", now, out);
  } else {
    pool.reindex(*a);
    if (a->state != agent_state::online) {
      emit_agent(*a, "restored", out);  // a second page learns the state the first one chose
    }
  }
  drain(*a, now, out);
}

void router::impl::on(const event::agent_disconnected& ev, time_ms now, actions& out) {
  agent_rec* a = pool.find(ev.agent);
  if (a == nullptr || !a->connected) {
    return;
  }
  a->connected = false;
  a->state_before_disconnect = a->state;
  a->restore_until = now + config.disconnect_grace_s * ms_per_second;
  set_state(*a, agent_state::offline, "disconnected", now, out);
  // An offer cannot be accepted without a connection: hand it on now.
  std::vector<conv_rec*> offered;
  for (conv_rec* c : a->convs) {
    if (c->phase == conversation_phase::offered) {
      offered.push_back(c);
    }
  }
  for (conv_rec* c : offered) {
    withdraw_offer(*c, "agent_disconnected", out);
    c->excluded.push_back(a);
    requeue(*c, false, now, out);
  }
  load_changed(*a, out);
  const bool holds = std::any_of(a->convs.begin(), a->convs.end(), [](const conv_rec* c) {
    return c->phase == conversation_phase::active;
  });
  if (holds) {
    a->hold_until = now + config.disconnect_grace_s * ms_per_second;
    arm_agent(*a, timer_kind::agent_hold, a->hold_until);
  }
}

void router::impl::on(const event::agent_state_set& ev, time_ms now, actions& out) {
  agent_rec* a = pool.find(ev.agent);
  if (a == nullptr || !a->configured) {
    return;
  }
  set_state(*a, ev.state, ev.by.empty() ? std::string{"set"} : "set_by:" + ev.by, now, out);
  drain(*a, now, out);
}

}  // namespace fenliu::router
