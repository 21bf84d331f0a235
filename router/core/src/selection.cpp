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

// Walks the smallest index that can hold a match, in policy order: the first eligible agent
// wins, except that under least_load agents tied on load and idle time compare proficiency
// (the sum of their levels in the required skills).
agent_rec* router::impl::select(conv_rec& c, stage s, const requirements& r, decision_record* rec) {
  const selection_policy policy = config.stages[idx(s)].policy;
  const agent_index* ix = &pool.available_in(s);
  const requirement* primary = primary_skill(r);
  for (const auto& q : r.items) {
    const agent_index* with = pool.available_with(s, q.skill);
    if (with == nullptr) {
      return nullptr;  // nobody of the stage holds the skill at all
    }
    const bool take =
        policy == selection_policy::most_skilled ? &q == primary : with->size() < ix->size();
    if (take) {
      ix = with;
    }
  }
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
    if (is_excluded(c, a)) {
      note(rec, a, "declined_or_missed");
      continue;
    }
    if (!meets(a, r)) {
      if (wants_note(rec)) {
        note(rec, a, skill_gap(a, r));
      }
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
  agent_rec* a = select(c, c.stage_, reqs, &rec);
  if (a != nullptr) {
    rec.rule =
        c.ring >= ring_relaxed && !meets(*a, c.strict) ? "relaxed_skills" : policy_name(pol.policy);
  }
  if (a == nullptr && c.ring >= ring_overflow) {
    for (stage o : pol.overflow_stages) {
      if (o != c.stage_) {
        a = select(c, o, overflow_reqs[idx(c.stage_)], &rec);
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
