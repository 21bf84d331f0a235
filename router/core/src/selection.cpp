// Selection: which eligible agent gets a conversation, and the candidates it passed over.

#include <algorithm>

#include "router_impl.hpp"

namespace fenliu::router {
namespace detail {

const char* policy_name(selection_policy p) {
  switch (p) {
    case selection_policy::round_robin:
      return "round_robin";
    case selection_policy::most_skilled:
      return "most_skilled";
    case selection_policy::fastest_fit:
      return "fastest_fit";
    case selection_policy::least_load:
      break;
  }
  return "least_load";
}

}  // namespace detail

using namespace detail;

namespace {

int proficiency(const agent_rec& a, const requirements& r) {
  int sum = 0;
  for (const auto& q : r.items) {
    sum += a.level_of(q.skill);
  }
  return sum;
}

// most_skilled ranks by the most demanding required skill (ties: the lowest skill id).
const requirement* primary_skill(const requirements& r) {
  const requirement* best = nullptr;
  for (const auto& q : r.items) {
    if (best == nullptr || q.level > best->level) {
      best = &q;
    }
  }
  return best;
}

}  // namespace

// An agent of the index may take the conversation unless they declined or missed it or lack a
// required skill; either way the decision record says why (while it has room).
bool router::impl::may_take(const conv_rec& c, const agent_rec& a, const requirements& r,
                            decision_record* rec) const {
  if (is_excluded(c, a)) {
    note(rec, a, "declined_or_missed");
    return false;
  }
  if (!meets(a, r)) {
    if (wants_note(rec)) {
      note(rec, a, skill_gap(a, r));
    }
    return false;
  }
  return true;
}

bool router::impl::wants_note(const decision_record* rec) const {
  return rec != nullptr && rec->candidates.size() < static_cast<std::size_t>(std::max(
                                                        0, config.decision_max_candidates));
}

void router::impl::note(decision_record* rec, const agent_rec& a, std::string why) const {
  if (!wants_note(rec)) {
    return;
  }
  for (const auto& c : rec->candidates) {
    if (c.agent == a.profile.id) {
      return;
    }
  }
  rec->candidates.push_back({a.profile.id, std::move(why)});
}

// Walks the smallest index that can hold a match (most_skilled and fastest_fit: the index of
// the most demanding skill), in policy order; in peak mode a VIP nobody can take falls back
// to the agents' reserved slots.
agent_rec* router::impl::select(conv_rec& c, stage s, const requirements& r, decision_record* rec,
                                time_ms now) {
  agent_rec* found = nullptr;
  const selection_policy policy = config.stages[idx(s)].policy;
  const agent_index* ix = &pool.available_in(s);
  const requirement* primary = primary_skill(r);
  for (const auto& q : r.items) {
    const agent_index* with = pool.available_with(s, q.skill);
    if (with == nullptr) {
      return nullptr;  // nobody of the stage holds the skill at all
    }
    // most_skilled and fastest_fit rank by the most demanding skill: its index is the order.
    const bool by_primary =
        policy == selection_policy::most_skilled || policy == selection_policy::fastest_fit;
    const bool take = by_primary ? &q == primary : with->size() < ix->size();
    if (take) {
      ix = with;
    }
  }
  if (policy == selection_policy::fastest_fit) {
    found = select_fastest(c, *ix, r, rec, now);
  } else {
    found = select_ordered(c, *ix, policy, r, rec);
  }
  if (found == nullptr && c.priority >= 1 && pool.peak()) {
    found = select_reserved(c, s, r, rec);
  }
  return found;
}

agent_rec* router::impl::select_ordered(conv_rec& c, const agent_index& index,
                                        selection_policy policy, const requirements& r,
                                        decision_record* rec) {
  const agent_index* ix = &index;
  // The first eligible agent wins, except that under least_load agents tied on load and idle
  // time compare proficiency (the sum of their levels in the required skills).
  // Within a tie on load and idle time the skill index is already ordered by level, so the
  // first match is the most proficient in that skill; a few more tied agents are looked at to
  // weigh the other required skills and to explain the choice, never a whole floor that
  // connected at the same instant.
  constexpr int max_tie_scan = 16;
  int ties = 0;
  agent_rec* best = nullptr;
  agent_key best_key;
  int best_prof = 0;
  for (const agent_key& k : *ix) {
    agent_rec& a = *k.agent;
    if (best != nullptr) {
      const bool tied = policy == selection_policy::least_load && k.primary == best_key.primary &&
                        k.secondary == best_key.secondary;
      if (!tied || ++ties > max_tie_scan) {
        break;
      }
    }
    if (!may_take(c, a, r, rec)) {
      continue;
    }
    const int prof = proficiency(a, r);
    if (best == nullptr) {
      best = &a;
      best_key = k;
      best_prof = prof;
    } else if (prof > best_prof) {
      note(rec, *best, "lower_proficiency");
      best = &a;
      best_key = k;
      best_prof = prof;
    } else {
      note(rec, a, "lower_proficiency");
    }
  }
  return best;
}

// fastest_fit: the index is in order of expected completion time. The first few eligible
// agents are looked at; one with no open chat whose last assignment is older than the
// fairness threshold wins first (the longest idle of them), otherwise the fastest.
agent_rec* router::impl::select_fastest(conv_rec& c, const agent_index& ix, const requirements& r,
                                        decision_record* rec, time_ms now) {
  constexpr int max_scan = 16;
  const time_ms idle_ms = static_cast<time_ms>(config.speeds.fairness_idle_s) * ms_per_second;
  agent_rec* fastest = nullptr;
  agent_rec* idlest = nullptr;
  int seen = 0;
  for (const agent_key& k : ix) {
    agent_rec& a = *k.agent;
    if (!may_take(c, a, r, rec)) {
      continue;
    }
    if (fastest == nullptr) {
      fastest = &a;
    }
    if (idle_ms > 0 && a.load == 0 && now - a.idle_since >= idle_ms &&
        (idlest == nullptr || a.idle_since < idlest->idle_since)) {
      idlest = &a;
    }
    if (++seen >= max_scan) {
      break;
    }
  }
  agent_rec* best = idlest != nullptr ? idlest : fastest;
  if (fastest != nullptr && best != fastest) {
    note(rec, *fastest, "fairness_idle_threshold");
  }
  return best;
}

// Peak mode: a VIP may take an agent's reserved slots. Those agents are out of the indices
// (they are not available() to everyone), so the stage's roster is walked: lowest load ratio
// of the peak capacity, then the id.
agent_rec* router::impl::select_reserved(conv_rec& c, stage s, const requirements& r,
                                         decision_record* rec) {
  agent_rec* best = nullptr;
  double best_ratio = 0;
  for (agent_rec* a : pool.roster(s)) {
    if (!pool.available_for_vip(*a) || is_excluded(c, *a) || !meets(*a, r)) {
      continue;
    }
    const double ratio = static_cast<double>(a->load) / std::max(1, pool.capacity(*a));
    if (best == nullptr || ratio < best_ratio) {
      best = a;
      best_ratio = ratio;
    }
  }
  if (best != nullptr && rec != nullptr) {
    rec->rule = "vip_reserved";
  }
  return best;
}

bool router::impl::route(conv_rec& c, time_ms now, actions& out, bool explain) {
  decision_record rec{c.id, now, {}, {}, std::nullopt};
  if (c.preferred != nullptr && now < c.preferred_until) {
    agent_rec& p = *c.preferred;
    if (pool.available(p) && !is_excluded(c, p)) {
      rec.rule = c.preferred_sticky ? "sticky" : "transfer_agent";
      give(c, p, std::move(rec), now, out);
      return true;
    }
    return false;  // still waiting for them
  }
  const stage_policy& pol = config.stages[idx(c.stage_)];
  const requirements& reqs = c.ring >= ring_relaxed ? c.relaxed : c.strict;
  agent_rec* a = select(c, c.stage_, reqs, &rec, now);
  if (a != nullptr && rec.rule != "vip_reserved") {
    rec.rule =
        c.ring >= ring_relaxed && !meets(*a, c.strict) ? "relaxed_skills" : policy_name(pol.policy);
  }
  if (a == nullptr && c.ring >= ring_overflow) {
    for (stage o : pol.overflow_stages) {
      if (o != c.stage_) {
        a = select(c, o, overflow_reqs[idx(c.stage_)], &rec, now);
      }
      if (a != nullptr) {
        rec.rule = "overflow";
        break;
      }
    }
  }
  if (a != nullptr) {
    give(c, *a, std::move(rec), now, out);
    return true;
  }
  if (explain) {
    rec.rule = "queued";
    explain_roster(rec, c.stage_, c);
    decide(std::move(rec), out);
  }
  return false;
}

void router::impl::decide(decision_record rec, actions& out) const {
  out.emplace_back(action::decision{std::move(rec)});
}

}  // namespace fenliu::router
