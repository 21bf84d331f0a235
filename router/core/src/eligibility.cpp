// Eligibility: skill requirements as the router matches them, and why an agent could not take
// a conversation (the candidates of a decision record).

#include <fmt/format.h>

#include <algorithm>

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

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

// Lists why the first agents of the stage's roster could not take the conversation: bounded,
// so a queued decision stays cheap with thousands of agents.
void router::impl::explain_roster(decision_record& rec, stage s, const conv_rec& c) const {
  const requirements& reqs = c.ring >= ring_relaxed ? c.relaxed : c.strict;
  for (const agent_rec* a : pool.roster(s)) {
    if (rec.candidates.size() >=
        static_cast<std::size_t>(std::max(0, config.decision_max_candidates))) {
      return;
    }
    std::string why = pool.unavailable_reason(*a);
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
