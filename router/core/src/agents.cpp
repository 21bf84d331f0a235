// Agents: configuration, presence, state, load and the availability indices.

#include <algorithm>

#include "router_impl.hpp"

namespace fenliu::router {
namespace detail {

bool agent_key_less::operator()(const agent_key& a, const agent_key& b) const {
  if (a.primary != b.primary) {
    return a.primary < b.primary;
  }
  if (a.secondary != b.secondary) {
    return a.secondary < b.secondary;
  }
  if (a.tertiary != b.tertiary) {
    return a.tertiary < b.tertiary;
  }
  return a.agent->profile.id < b.agent->profile.id;
}

int agent_rec::level_of(skill_id s) const {
  auto it = std::lower_bound(skills.begin(), skills.end(), std::pair<skill_id, int>{s, 0});
  return it != skills.end() && it->first == s ? it->second : 0;
}

bool agent_rec::serves(stage s) const {
  return std::find(profile.stages.begin(), profile.stages.end(), s) != profile.stages.end();
}

}  // namespace detail

using namespace detail;

agent_rec* router::impl::find_agent_rec(const agent_id& id) {
  auto it = agents.find(id);
  return it == agents.end() ? nullptr : it->second.get();
}

skill_id router::impl::intern(const std::string& name) {
  auto [it, inserted] = skill_ids.try_emplace(name, static_cast<skill_id>(skill_names.size()));
  if (inserted) {
    skill_names.push_back(name);
  }
  return it->second;
}

requirements router::impl::compile(const std::vector<skill_level>& a,
                                   const std::vector<skill_level>* b, int lower_by) {
  requirements r;
  auto add = [&](const skill_level& s) {
    const requirement q{intern(s.skill), std::max(1, s.level - lower_by)};
    for (auto& e : r.items) {
      if (e.skill == q.skill) {
        e.level = std::max(e.level, q.level);
        return;
      }
    }
    r.items.push_back(q);
    r.mask |= std::uint64_t{1} << (q.skill % 64);
  };
  std::for_each(a.begin(), a.end(), add);
  if (b != nullptr) {
    std::for_each(b->begin(), b->end(), add);
  }
  std::sort(r.items.begin(), r.items.end());
  return r;
}

bool router::impl::available(const agent_rec& a) const {
  return a.configured && a.connected && a.state == agent_state::online && a.on_shift && !a.ending &&
         a.load < a.profile.capacity && !(config.wrap_up_blocks_offers && a.wrap_ups > 0);
}

const char* router::impl::unavailable_reason(const agent_rec& a) const {
  if (!a.configured) {
    return "not_configured";
  }
  if (!a.connected || a.state == agent_state::offline) {
    return "offline";
  }
  if (a.state == agent_state::away) {
    return "away";
  }
  if (a.state == agent_state::busy) {
    return "busy";
  }
  if (!a.on_shift) {
    return "off_shift";
  }
  if (a.ending) {
    return "shift_ending";
  }
  if (a.load >= a.profile.capacity) {
    return "at_capacity";
  }
  if (config.wrap_up_blocks_offers && a.wrap_ups > 0) {
    return "in_wrap_up";
  }
  return "";
}

agent_key router::impl::key_for(agent_rec& a, stage s, const skill_id* skill) const {
  const double ratio = a.weighted / std::max(1, a.profile.capacity);
  const auto idle = static_cast<double>(a.idle_since);
  switch (config.stages[idx(s)].policy) {
    case selection_policy::round_robin:
      return {0, static_cast<double>(a.rr_seq), 0, &a};
    case selection_policy::most_skilled:
      if (skill != nullptr) {
        return {-static_cast<double>(a.level_of(*skill)), ratio, a.idle_since, &a};
      }
      return {ratio, idle, 0, &a};
    case selection_policy::least_load:
      break;
  }
  // In a skill index, ties on load and idle time go to the higher level first.
  return {ratio, idle, skill != nullptr ? -a.level_of(*skill) : 0, &a};
}

// Re-keys the agent in every index of its stages and skills, or parks it out of them while
// unavailable. Nodes are reused, so a load change does not allocate.
void router::impl::reindex(agent_rec& a) {
  if (a.memberships.empty()) {
    for (stage s : a.profile.stages) {
      stage_state& st = stages[idx(s)];
      a.memberships.push_back({&st.all, {}, {}, false});
      for (const auto& [skill, level] : a.skills) {
        a.memberships.push_back({&st.by_skill[skill], {}, {}, false});
      }
    }
  }
  const bool avail = available(a);
  std::size_t i = 0;
  for (stage s : a.profile.stages) {
    for (std::size_t j = 0; j <= a.skills.size(); ++j, ++i) {
      index_membership& m = a.memberships[i];
      if (m.listed) {
        m.parked = m.index->extract(m.key);
        m.listed = false;
      }
      if (!avail) {
        continue;
      }
      m.key = key_for(a, s, j == 0 ? nullptr : &a.skills[j - 1].first);
      if (m.parked.empty()) {
        m.index->insert(m.key);
      } else {
        m.parked.value() = m.key;
        m.index->insert(std::move(m.parked));
      }
      m.listed = true;
    }
  }
}

void router::impl::emit_agent(const agent_rec& a, const std::string& reason, actions& out) const {
  out.emplace_back(
      action::agent_state_changed{a.profile.id, a.state, reason, a.load, a.profile.capacity});
}

void router::impl::load_changed(agent_rec& a, actions& out) {
  const load_weights& w = config.weights;
  double weighted = 0;
  int wraps = 0;
  for (const conv_rec* c : a.convs) {
    if (c->phase == conversation_phase::active) {
      weighted += c->waits_on == awaiting::agent      ? w.awaiting_agent
                  : c->waits_on == awaiting::customer ? w.awaiting_customer
                                                      : w.awaiting_logistics;
    } else {
      // An offer or a wrap-up occupies the agent fully.
      weighted += w.awaiting_agent;
      wraps += c->phase == conversation_phase::wrap_up ? 1 : 0;
    }
  }
  const int load = static_cast<int>(a.convs.size());
  const bool changed = load != a.load || wraps != a.wrap_ups;
  a.load = load;
  a.wrap_ups = wraps;
  a.weighted = weighted;
  reindex(a);
  if (changed) {
    emit_agent(a, "load", out);
  }
}

void router::impl::set_state(agent_rec& a, agent_state st, const std::string& reason, time_ms now,
                             actions& out) {
  if (a.state == st) {
    return;
  }
  a.state = st;
  if (st == agent_state::online) {
    a.missed_in_row = 0;
    a.idle_since = now;
  }
  reindex(a);
  emit_agent(a, reason, out);
}

void router::impl::on(const event::agent_connected& ev, time_ms now, actions& out) {
  agent_rec* a = find_agent_rec(ev.agent);
  if (a == nullptr || !a->configured) {
    return;
  }
  a->connected = true;
  a->hold_until = 0;  // back within the grace: keeps its conversations
  if (a->state == agent_state::offline) {
    set_state(*a, agent_state::online, "connected", now, out);
  } else {
    reindex(*a);
  }
  drain(*a, now, out);
}

void router::impl::on(const event::agent_disconnected& ev, time_ms now, actions& out) {
  agent_rec* a = find_agent_rec(ev.agent);
  if (a == nullptr || !a->connected) {
    return;
  }
  a->connected = false;
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
  agent_rec* a = find_agent_rec(ev.agent);
  if (a == nullptr || !a->configured) {
    return;
  }
  set_state(*a, ev.state, ev.by.empty() ? std::string{"set"} : "set_by:" + ev.by, now, out);
  drain(*a, now, out);
}

}  // namespace fenliu::router
