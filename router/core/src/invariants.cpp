// The invariants that tie the conversations to the agent pool, the waiting line and the
// deadline heap; each part checks its own as well. Debug builds only.

#include <algorithm>
#include <cassert>
#include <set>
#include <tuple>

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

void router::impl::check_invariants() const {
#ifndef NDEBUG
  pool.check_invariants();
  line.check_invariants();
  deadlines.check_invariants();

  // Every armed deadline has its entry in the heap (lazy cancellation may leave stale ones).
  std::set<std::tuple<timer_kind, conv_timer, conversation_id, const agent_rec*, time_ms>> armed;
  for (const timer_entry& e : deadlines.entries()) {
    armed.emplace(e.kind, e.which, e.conv, e.agent, e.at);
    // No dangling agent: every agent entry points at a record of the pool.
    assert(e.agent == nullptr || pool.records().at(e.agent->profile.id).get() == e.agent);
  }
  std::size_t lined = 0;
  for (const auto& [id, c] : convs) {
    assert(c->id == id);
    for (std::size_t w = 0; w < conv_timer_count; ++w) {
      const auto which = static_cast<conv_timer>(w);
      assert(c->due_at(which) == 0 ||
             armed.contains({timer_kind::conv, which, id, nullptr, c->due_at(which)}));
    }
    // Queued exactly while in the line; a left message exactly while parked.
    const bool queued = c->phase == conversation_phase::queued;
    assert(queued == c->in_order);
    lined += queued ? 1 : 0;
    assert((c->phase == conversation_phase::left_message) == line.holds_left_message(*c));
    assert(c->phase != conversation_phase::closed);  // closed ones are forgotten
    // Home buckets unless waiting for a preferred agent.
    assert(!queued || c->preferred != nullptr || !c->buckets.empty());
    assert(!queued || c->preferred == nullptr || c->buckets.empty());
    const bool held = c->phase == conversation_phase::offered ||
                      c->phase == conversation_phase::active ||
                      c->phase == conversation_phase::wrap_up;
    assert(held == (c->agent != nullptr));
    if (queued && c->preferred != nullptr) {
      const auto& w = c->preferred->waiters;
      assert(std::count(w.begin(), w.end(), c.get()) == 1);
    }
  }
  std::size_t in_lines = 0;
  for (std::size_t s = 0; s < stage_count; ++s) {
    in_lines += line.order(static_cast<stage>(s)).size();
  }
  assert(in_lines == lined);  // with the line's own check: every queued one indexed once
  for (const auto& [id, a] : pool.records()) {
    assert(a->shift_due == 0 ||
           armed.contains({timer_kind::agent_shift, conv_timer::offer, 0, a.get(), a->shift_due}));
    assert(a->hold_until == 0 ||
           armed.contains({timer_kind::agent_hold, conv_timer::offer, 0, a.get(), a->hold_until}));
    line.check_served(*a);
    for (const conv_rec* w : a->waiters) {
      assert(w->preferred == a.get() && w->in_order);
      assert(convs.contains(w->id) && convs.at(w->id).get() == w);
    }
  }
  // The staffing cache is either unknown or what a fresh walk of the roster says.
  for (std::size_t s = 0; s < stage_count; ++s) {
    if (no_agents_cache[s] >= 0) {
      [[maybe_unused]] const bool none =
          std::none_of(pool.roster(static_cast<stage>(s)).begin(),
                       pool.roster(static_cast<stage>(s)).end(), [](const agent_rec* a) {
                         return a->configured && a->connected && a->on_shift && !a->ending &&
                                a->state == agent_state::online;
                       });
      assert((no_agents_cache[s] == 1) == none);
    }
  }
#endif
}

}  // namespace fenliu::router
