// Agents and their availability indices.

#include "agent_pool.hpp"

#include <algorithm>
#include <cassert>

namespace fenliu::router::detail {

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

agent_rec& agent_pool::upsert(const agent_id& id, time_ms now) {
  auto& slot = agents_[id];
  if (!slot) {
    slot = std::make_unique<agent_rec>();
    slot->idle_since = now;
  }
  return *slot;
}

void agent_pool::clear() {
  for (auto& [id, a] : agents_) {
    a->on_shift = false;
    a->configured = false;
    a->memberships.clear();
  }
  for (auto& st : stages_) {
    st.on_shift = 0;
    st.all.clear();
    st.by_skill.clear();
    st.roster.clear();
  }
}

void agent_pool::enroll(agent_rec& a) {
  assert(a.configured);
  for (stage s : a.profile.stages) {
    stage_agents& st = stages_[idx(s)];
    assert(st.roster.empty() || st.roster.back()->profile.id < a.profile.id);
    st.roster.push_back(&a);
    st.on_shift += a.on_shift ? 1 : 0;
  }
  reindex(a);
}

void agent_pool::count_shift(const agent_rec& a, int delta) {
  for (stage s : a.profile.stages) {
    stages_[idx(s)].on_shift += delta;
    assert(stages_[idx(s)].on_shift >= 0);
  }
}

const char* agent_pool::unavailable_reason(const agent_rec& a) const {
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
  if (a.load >= capacity(a)) {
    return "at_capacity";
  }
  if (a.load >= capacity(a) - vip_reserve(a)) {
    return "vip_reserved";
  }
  if (config_->wrap_up_blocks_offers && a.wrap_ups > 0) {
    return "in_wrap_up";
  }
  return "";
}

agent_key agent_pool::key_for(agent_rec& a, stage s, const skill_id* skill) const {
  const double ratio = a.weighted / std::max(1, capacity(a));
  const auto idle = static_cast<double>(a.idle_since);
  switch (config_->stages[idx(s)].policy) {
    case selection_policy::round_robin:
      return {0, static_cast<double>(a.rr_seq), 0, &a};
    case selection_policy::most_skilled:
      if (skill != nullptr) {
        return {-static_cast<double>(a.level_of(*skill)), ratio, a.idle_since, &a};
      }
      return {ratio, idle, 0, &a};
    case selection_policy::fastest_fit: {
      // Expected completion time of one more chat at the current number of open ones.
      const double slowdown = 1.0 + config_->speeds.concurrency_slowdown * a.load;
      return {expected_s(a, skill != nullptr ? *skill : any_skill) * slowdown, idle, 0, &a};
    }
    case selection_policy::least_load:
      break;
  }
  // In a skill index, ties on load and idle time go to the higher level first.
  return {ratio, idle, skill != nullptr ? -a.level_of(*skill) : 0, &a};
}

// Nodes are reused, so a load change does not allocate.
void agent_pool::reindex(agent_rec& a) {
  if (a.memberships.empty()) {
    for (stage s : a.profile.stages) {
      stage_agents& st = stages_[idx(s)];
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
        assert(!m.parked.empty());  // listed under exactly this key
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
  assert(i == a.memberships.size());
}

int agent_pool::capacity(const agent_rec& a) const {
  if (!peak_) {
    return a.profile.capacity;
  }
  const double raised = static_cast<double>(a.profile.capacity) * config_->peak.capacity_factor;
  return std::max(a.profile.capacity, static_cast<int>(raised));
}

int agent_pool::vip_reserve(const agent_rec& a) const {
  if (!peak_) {
    return 0;
  }
  return std::clamp(config_->peak.vip_reserved_slots, 0, std::max(0, capacity(a) - 1));
}

double agent_pool::expected_s(const agent_rec& a, skill_id skill) const {
  auto it = std::lower_bound(a.speeds.begin(), a.speeds.end(), skill,
                             [](const learnt_speed& l, skill_id s) { return l.skill < s; });
  if (it != a.speeds.end() && it->skill == skill) {
    return it->seconds;
  }
  const speed_model& m = config_->speeds;
  int level = 0;
  if (skill == any_skill) {
    for (const auto& [id, l] : a.skills) {
      level = std::max(level, l);
    }
  } else {
    level = a.level_of(skill);
  }
  return m.prior_s * m.level_factor[std::clamp(level, 1, 5) - 1];
}

void agent_pool::learn(agent_rec& a, skill_id skill, double seconds) const {
  auto it = std::lower_bound(a.speeds.begin(), a.speeds.end(), skill,
                             [](const learnt_speed& l, skill_id s) { return l.skill < s; });
  if (it == a.speeds.end() || it->skill != skill) {
    it = a.speeds.insert(it, {skill, expected_s(a, skill), 0});
  }
  // The prior counts as prior_observations observations; later the weight settles at
  // learning_rate so that an agent who gets faster (or slower) is followed.
  const double prior = std::max(1, config_->speeds.prior_observations);
  const double w = std::max(config_->speeds.learning_rate,
                            1.0 / (static_cast<double>(it->observations) + prior + 1.0));
  it->seconds += w * (seconds - it->seconds);
  ++it->observations;
}

bool agent_pool::recount(agent_rec& a) {
  const bool changed = count(a);
  reindex(a);
  return changed;
}

bool agent_pool::count(agent_rec& a) {
  const load_weights& w = config_->weights;
  double weighted = 0;
  int wraps = 0;
  for (const conv_rec* c : a.convs) {
    assert(c->agent == &a);
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
  return changed;
}

void agent_pool::check_listing([[maybe_unused]] agent_rec& a) const {
#ifndef NDEBUG
  const bool avail = available(a);
  assert(!avail || a.load < capacity(a));
  assert(a.load == static_cast<int>(a.convs.size()));
  for (const conv_rec* c : a.convs) {
    assert(c->agent == &a);
  }
  if (a.memberships.empty()) {
    // Unconfigured since the last reconfiguration, or serving no stage: in no index.
    assert(!avail || a.profile.stages.empty());
    return;
  }
  std::size_t i = 0;
  for (stage s : a.profile.stages) {
    for (std::size_t j = 0; j <= a.skills.size(); ++j, ++i) {
      const index_membership& m = a.memberships[i];
      assert(m.listed == avail);
      if (m.listed) {
        const agent_key now = key_for(a, s, j == 0 ? nullptr : &a.skills[j - 1].first);
        assert(now.primary == m.key.primary && now.secondary == m.key.secondary &&
               now.tertiary == m.key.tertiary && m.key.agent == &a);
        assert(m.index->contains(m.key));
      }
    }
  }
#endif
}

void agent_pool::check_invariants() const {
#ifndef NDEBUG
  std::map<const agent_index*, std::size_t> listed;
  std::array<int, stage_count> on_shift{};
  std::array<std::size_t, stage_count> rostered{};
  for (const auto& [id, a] : agents_) {
    assert(a->profile.id == id);
    check_listing(*a);
    for (const index_membership& m : a->memberships) {
      listed[m.index] += m.listed ? 1 : 0;
    }
    if (!a->configured) {
      continue;
    }
    for (stage s : a->profile.stages) {
      on_shift[idx(s)] += a->on_shift ? 1 : 0;
      ++rostered[idx(s)];
    }
  }
  for (std::size_t s = 0; s < stage_count; ++s) {
    const stage_agents& st = stages_[s];
    assert(st.on_shift == on_shift[s]);
    assert(st.roster.size() == rostered[s]);
    for (std::size_t i = 0; i < st.roster.size(); ++i) {
      assert(st.roster[i]->configured && st.roster[i]->serves(static_cast<stage>(s)));
      assert(i == 0 || st.roster[i - 1]->profile.id < st.roster[i]->profile.id);
    }
    // Every entry of an index belongs to a membership that says so: no dangling agents.
    assert(st.all.size() == listed[&st.all]);
    for (const auto& [skill, index] : st.by_skill) {
      assert(index.size() == listed[&index]);
    }
  }
#endif
}

}  // namespace fenliu::router::detail
