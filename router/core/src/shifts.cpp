// Configuration and shifts: who is on shift, coverage per stage, hand-over at shift end.

#include <algorithm>

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

void router::impl::update_profile(agent_rec& a, const agent_profile& p) {
  a.profile = p;
  a.configured = true;
  a.skills.clear();
  a.mask = 0;
  for (const auto& s : p.skills) {
    const skill_id id = intern(s.skill);
    a.skills.emplace_back(id, std::clamp(s.level, 1, 5));
    a.mask |= std::uint64_t{1} << (id % 64);
  }
  // Duplicates would put the agent twice into one index: keep the highest level.
  std::sort(a.skills.begin(), a.skills.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : x.second > y.second;
  });
  a.skills.erase(std::unique(a.skills.begin(), a.skills.end(),
                             [](const auto& x, const auto& y) { return x.first == y.first; }),
                 a.skills.end());
  std::sort(a.profile.stages.begin(), a.profile.stages.end());
  a.profile.stages.erase(std::unique(a.profile.stages.begin(), a.profile.stages.end()),
                         a.profile.stages.end());
  a.calendar = shift_calendar(p.shifts, zone, config.shift_end_no_offer_min);
  a.served.clear();  // skills or stages may differ: the waiting line rebuilds the lists
}

// Hot reload: profiles, shifts and policies are replaced, every index is rebuilt, and what
// changed coverage (a stage left without anyone on shift, an agent now off shift) is applied.
void router::impl::on(const event::configure& ev, time_ms now, actions& out) {
  config = ev.config;
  no_agents_cache.fill(-1);
  floor.configure(config.floor);
  if (floor_since < 0) {
    floor_since = now;
  }
  // One copy of the zone's offset table, shared by every agent's calendar.
  zone = zone_offsets(config.utc_offset_minutes, config.utc_offsets);
  std::array<int, stage_count> covered_before{};
  std::vector<agent_rec*> was_on;
  for (const auto& [id, a] : pool.records()) {
    if (a->on_shift) {
      was_on.push_back(a.get());
    }
  }
  for (std::size_t s = 0; s < stage_count; ++s) {
    covered_before[s] = pool.on_shift(static_cast<stage>(s));
  }
  pool.clear();
  for (const auto& p : ev.agents) {
    update_profile(pool.upsert(p.id, now), p);
  }
  for (const auto& [id, a] : pool.records()) {
    if (a->configured) {
      enroll(*a, now);
    }
  }
  for (std::size_t s = 0; s < stage_count; ++s) {
    const stage_policy& pol = config.stages[s];
    overflow_reqs[s] = pol.overflow_skill.empty()
                           ? requirements{}
                           : compile({skill_level{pol.overflow_skill, 1}}, nullptr, 0);
    if (covered_before[s] > 0 && pool.on_shift(static_cast<stage>(s)) == 0) {
      coverage_lost(static_cast<stage>(s), now, out);
    }
  }
  reconfigured(was_on, now, out);
}

// Puts a configured agent on its stages' rosters with its shift state as of `now`.
void router::impl::enroll(agent_rec& a, time_ms now) {
  const shift_status st = a.calendar.status_at(now);
  a.on_shift = st.on_shift;
  a.ending = st.ending;
  a.shift_due = 0;
  if (st.next_change) {
    arm_agent(a, timer_kind::agent_shift, *st.next_change);
  }
  pool.enroll(a);
}

void router::impl::reconfigured(const std::vector<agent_rec*>& was_on, time_ms now, actions& out) {
  // A removed agent keeps its chats until they close; one whose new shifts exclude now hands
  // them over.
  for (agent_rec* a : was_on) {
    if (a->configured && !a->on_shift) {
      hand_off(*a, "shift_end", now, out);
    }
  }
  for (auto& [id, c] : convs) {
    if (c->in_order) {
      place_in_buckets(*c);  // overflow targets may have changed
      schedule_ring(*c);
    }
  }
  for (std::size_t s = 0; s < stage_count; ++s) {
    if (pool.on_shift(static_cast<stage>(s)) > 0) {
      release_left_messages(static_cast<stage>(s), now, out);
    }
  }
  for (std::size_t s = 0; s < stage_count; ++s) {
    line.touch(static_cast<stage>(s));  // staffing may have changed
    no_agents_cache[s] = -1;
  }
  // Newly available agents pick up waiting conversations on the next tick.
  arm_global(timer_kind::dispatch, now + 1);
}

void router::impl::apply_shift(agent_rec& a, time_ms now, actions& out) {
  if (!a.configured) {
    return;
  }
  const shift_status st = a.calendar.status_at(now);
  if (st.next_change) {
    arm_agent(a, timer_kind::agent_shift, *st.next_change);
  }
  const bool was_on = a.on_shift;
  const bool was_ending = a.ending;
  a.on_shift = st.on_shift;
  a.ending = st.ending;
  if (st.on_shift != was_on || st.ending != was_ending) {
    touch_stages(a);
  }
  if (st.on_shift && !was_on) {
    shift_started(a, now, out);
  } else if (!st.on_shift && was_on) {
    shift_ended(a, now, out);
  } else if (st.ending != was_ending) {
    pool.reindex(a);
    emit_agent(a, st.ending ? "shift_ending" : "on_shift", out);
  }
}

void router::impl::shift_started(agent_rec& a, time_ms now, actions& out) {
  pool.reindex(a);
  emit_agent(a, "shift_start", out);
  pool.count_shift(a, +1);
  // Messages left while nobody was on shift are served first.
  for (stage s : a.profile.stages) {
    release_left_messages(s, now, out);
  }
  drain(a, now, out);
}

void router::impl::shift_ended(agent_rec& a, time_ms now, actions& out) {
  pool.reindex(a);
  emit_agent(a, "shift_end", out);
  pool.count_shift(a, -1);
  hand_off(a, "shift_end", now, out);
  for (stage s : a.profile.stages) {
    if (pool.on_shift(s) == 0) {
      coverage_lost(s, now, out);
    }
  }
}

// Open chats go back to the head of their queue for the next agent (or to leave-a-message
// when nobody is on shift); wrap-ups simply finish.
void router::impl::hand_off(agent_rec& a, const char* reason, time_ms now, actions& out) {
  std::vector<conv_rec*> open;
  for (conv_rec* c : a.convs) {
    if (c->phase == conversation_phase::offered || c->phase == conversation_phase::active) {
      open.push_back(c);
    }
  }
  for (conv_rec* c : open) {
    const bool active = c->phase == conversation_phase::active;
    decide({c->id, now, reason, {{a.profile.id, reason}}, std::nullopt}, out);
    if (active) {
      take_back(*c, reason, out);
    } else {
      withdraw_offer(*c, reason, out);
    }
    c->excluded.push_back(&a);
    requeue(*c, active, now, out);
  }
  load_changed(a, out);
}

void router::impl::coverage_lost(stage s, time_ms now, actions& out) {
  std::vector<conv_rec*> waiting;
  line.order(s).for_each([&](queue_entry& e, int) { waiting.push_back(e.conv); });
  if (!waiting.empty()) {
    alert_no_coverage(s, now, out);
  }
  for (conv_rec* c : waiting) {
    decide({c->id, now, "no_agent_on_shift", {}, std::nullopt}, out);
    no_coverage(*c, now, out);
  }
}

void router::impl::release_left_messages(stage s, time_ms now, actions& out) {
  while (conv_rec* c = line.take_left_message(s)) {
    c->queued_at = now;
    c->ring = ring_strict;
    c->leave_message_offered = false;
    admit(*c, true, now, out, false);
  }
}

void router::impl::hold_expired(agent_rec& a, time_ms now, actions& out) {
  a.hold_until = 0;
  if (a.connected) {
    return;
  }
  hand_off(a, "agent_disconnected", now, out);
}

}  // namespace fenliu::router
