// Selection: which eligible agent gets a conversation, and why the others did not.

#include <fmt/format.h>

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

bool router::impl::meets(const agent_rec& a, const requirements& r) const {
  if ((r.mask & ~a.mask) != 0) {
    return false;
  }
  return std::all_of(r.items.begin(), r.items.end(),
                     [&](const requirement& q) { return a.level_of(q.skill) >= q.level; });
}

std::string router::impl::skill_gap(const agent_rec& a, const requirements& r) const {
  for (const auto& q : r.items) {
    const int have = a.level_of(q.skill);
    if (have == 0) {
      return fmt::format("missing_skill:{}", skill_names[q.skill]);
    }
    if (have < q.level) {
      return fmt::format("skill_level:{}:{}<{}", skill_names[q.skill], have, q.level);
    }
  }
  return {};
}

bool router::impl::is_excluded(const conv_rec& c, const agent_rec& a) {
  return std::find(c.excluded.begin(), c.excluded.end(), &a) != c.excluded.end();
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

// Walks the smallest index that can hold a match, in policy order: the first eligible agent
// wins, except that under least_load agents tied on load and idle time compare proficiency
// (the sum of their levels in the required skills).
agent_rec* router::impl::select(conv_rec& c, stage s, const requirements& r, decision_record* rec) {
  stage_state& st = stages[idx(s)];
  const selection_policy policy = config.stages[idx(s)].policy;
  const agent_index* ix = &st.all;
  const requirement* primary = primary_skill(r);
  for (const auto& q : r.items) {
    auto it = st.by_skill.find(q.skill);
    if (it == st.by_skill.end()) {
      return nullptr;  // nobody available holds the skill at all
    }
    const bool take =
        policy == selection_policy::most_skilled ? &q == primary : it->second.size() < ix->size();
    if (take) {
      ix = &it->second;
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
    if (available(p) && !is_excluded(c, p)) {
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
        a = select(c, o, stages[idx(c.stage_)].overflow_reqs, &rec);
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

// Lists why the first agents of the stage's roster could not take the conversation: bounded,
// so a queued decision stays cheap with thousands of agents.
void router::impl::explain_roster(decision_record& rec, stage s, const conv_rec& c) const {
  const requirements& reqs = c.ring >= ring_relaxed ? c.relaxed : c.strict;
  for (const agent_rec* a : stages[idx(s)].roster) {
    if (rec.candidates.size() >=
        static_cast<std::size_t>(std::max(0, config.decision_max_candidates))) {
      return;
    }
    std::string why = unavailable_reason(*a);
    if (why.empty()) {
      why = is_excluded(c, *a) ? "declined_or_missed" : skill_gap(*a, reqs);
    }
    if (why.empty()) {
      why = "not_chosen";
    }
    note(&rec, *a, std::move(why));
  }
}

}  // namespace fenliu::router
