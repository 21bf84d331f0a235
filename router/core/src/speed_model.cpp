// fastest_fit's speeds: observed handling times folded into per-agent, per-skill estimates.

#include <algorithm>

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

// Only the most demanding skill is learnt (the one fastest_fit ranks by), plus the estimate
// over all skills for conversations that need none. The time is brought back to one open
// chat with the concurrency factor, so an agent who carried many chats is not judged slow.
void router::impl::on(const event::handle_time_observed& ev, time_ms, actions&) {
  agent_rec* a = pool.find(ev.agent);
  if (a == nullptr || !a->configured || !(ev.seconds > 0)) {
    return;
  }
  const double factor = 1.0 + config.speeds.concurrency_slowdown * std::max(0, ev.open_chats - 1);
  const double one_chat_s = ev.seconds / factor;
  // As selection's primary skill: the highest level, ties to the lowest skill id.
  const requirement* primary = nullptr;
  requirement found;
  for (const auto& s : ev.skills) {
    auto it = skill_ids.find(s.skill);
    if (it == skill_ids.end()) {
      continue;  // no conversation ever needed it: nothing ranks by it
    }
    const requirement q{it->second, s.level};
    if (primary == nullptr || q.level > found.level ||
        (q.level == found.level && q.skill < found.skill)) {
      found = q;
      primary = &found;
    }
  }
  if (primary != nullptr) {
    pool.learn(*a, primary->skill, one_chat_s);
  }
  pool.learn(*a, any_skill, one_chat_s);
  pool.reindex(*a);
}

}  // namespace fenliu::router
