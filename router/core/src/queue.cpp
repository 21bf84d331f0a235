// Queue: conversations joining and leaving the waiting line, agents pulling work, positions
// and ETAs.

#include <algorithm>
#include <cassert>

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

namespace {

template <typename T>
void erase_one(std::vector<T*>& v, const T* item) {
  auto it = std::find(v.begin(), v.end(), item);
  if (it != v.end()) {
    v.erase(it);
  }
}

}  // namespace

// Routes now if an agent is free, else waits in the queue.
void router::impl::admit(conv_rec& c, bool head, time_ms now, actions& out, bool explain) {
  if (head) {
    c.key.tier = 0;
  }
  if (!route(c, now, out, explain)) {
    enqueue(c, head, now, out);
  }
}

void router::impl::enqueue(conv_rec& c, bool head, time_ms now, actions& out) {
  if (head) {
    assert(!c.in_order || c.key.tier == 0);  // the key of a conversation in line is fixed
    c.key.tier = 0;
  }
  set_phase(c, conversation_phase::queued, out);
  const int position = line.join(c);
  if (c.preferred != nullptr && now < c.preferred_until) {
    if (std::find(c.preferred->waiters.begin(), c.preferred->waiters.end(), &c) ==
        c.preferred->waiters.end()) {
      c.preferred->waiters.push_back(&c);
    }
    arm(c, conv_timer::preferred, c.preferred_until);
  } else {
    c.preferred = nullptr;
  }
  place_in_buckets(c);
  schedule_ring(c);
  emit_status(*line.entry(c), position, no_agents_online(c.stage_), now, out);
  line.touch(c.stage_);
}

void router::impl::dequeue(conv_rec& c) {
  line.leave(c);
  if (c.preferred != nullptr) {
    erase_one(c.preferred->waiters, &c);
  }
  disarm(c, conv_timer::ring);
  disarm(c, conv_timer::preferred);
}

// A conversation waiting for a named or sticky agent stays out of the buckets, so nobody
// else takes it before the wait ends.
void router::impl::place_in_buckets(conv_rec& c) {
  line.unfile(c);
  if (!c.in_order || c.preferred != nullptr) {
    return;
  }
  line.file(c, *(c.ring >= ring_relaxed ? c.relaxed_bucket : c.strict_bucket));
  if (c.ring >= ring_overflow) {
    const requirements& r = overflow_reqs[idx(c.stage_)];
    for (stage o : config.stages[idx(c.stage_)].overflow_stages) {
      if (o == c.stage_) {
        continue;
      }
      line.file(c, *line.bucket_for(o, r));
    }
  }
}

// The agent has room: give it the best conversation it may take, repeatedly. Conversations
// waiting for this very agent come first, then the oldest (by queue key) across the buckets
// whose requirements it meets.
void router::impl::drain(agent_rec& a, time_ms now, actions& out) {
  std::string rule;
  while (pool.available(a)) {
    conv_rec* c = pick_for(a, rule);
    if (c == nullptr) {
      return;
    }
    give(*c, a, {c->id, now, rule, {}, std::nullopt}, now, out);
  }
  // Peak mode: only the VIP reserve is left. It goes to the first in line when that is a VIP
  // (priority >= 1), so a VIP who queued before the slot freed does not wait beside it.
  while (pool.peak() && pool.available_for_vip(a)) {
    conv_rec* c = pick_for(a, rule);
    if (c == nullptr || c->priority < 1) {
      return;
    }
    give(*c, a, {c->id, now, "vip_reserved", {}, std::nullopt}, now, out);
  }
}

conv_rec* router::impl::pick_for(agent_rec& a, std::string& rule) {
  conv_rec* best = nullptr;
  for (conv_rec* c : a.waiters) {
    if (!is_excluded(*c, a) && (best == nullptr || c->key < best->key)) {
      best = c;
    }
  }
  if (best != nullptr) {
    rule = best->preferred_sticky ? "sticky" : "transfer_agent";
    return best;
  }
  const bucket* from = nullptr;
  best = line.oldest_for(a, from);
  if (best == nullptr) {
    return nullptr;
  }
  if (from->stage_ != best->stage_) {
    rule = "overflow";
  } else if (best->ring >= ring_relaxed && !meets(a, best->strict)) {
    rule = "relaxed_skills";
  } else {
    rule = "queue_order";
  }
  return best;
}

// With nobody of the stage online the ETA cannot come true: the customer is told so and may
// leave a message at once instead of after max_wait_s, and may still wait.
void router::impl::emit_status(queue_entry& e, int position, bool no_agents, time_ms now,
                               actions& out) {
  const conv_rec& c = *e.conv;
  e.last_position = position;
  e.last_eta_s = eta_s(c.stage_, position);
  e.last_waiting_prev = waiting_for_previous(c, now);
  e.last_no_agents = no_agents;
  out.emplace_back(action::queue_status{c.id, c.customer, c.stage_, position, e.last_eta_s,
                                        e.last_waiting_prev, c.leave_message_offered || no_agents,
                                        no_agents});
}

void router::impl::emit_status(conv_rec& c, time_ms now, actions& out) {
  if (queue_entry* e = line.entry(c)) {
    emit_status(*e, line.position(c), no_agents_online(c.stage_), now, out);
  }
}

// Cached per stage until an agent's presence, state or shift changes (touch_stages); the walk
// stops at the first agent who can serve.
bool router::impl::no_agents_online(stage s) const {
  std::int8_t& cached = no_agents_cache[idx(s)];
  if (cached < 0) {
    const auto& roster = pool.roster(s);
    const bool none = std::none_of(roster.begin(), roster.end(), [](const agent_rec* a) {
      return a->configured && a->connected && a->on_shift && !a->ending &&
             a->state == agent_state::online;
    });
    cached = none ? 1 : 0;
  }
  return cached == 1;
}

void router::impl::touch_stages(const agent_rec& a) {
  for (stage s : a.profile.stages) {
    line.touch(s);
    no_agents_cache[idx(s)] = -1;
  }
}

// Touches a conversation only when what its customer sees changed: positions and ETAs live
// in the queue entries.
void router::impl::sweep(stage s, time_ms now, actions& out) {
  line.swept(s);
  if (line.order(s).empty()) {
    return;
  }
  const bool no_agents = no_agents_online(s);
  line.order(s).for_each([&](queue_entry& e, int position) {
    const bool waiting_prev = e.last_waiting_prev && waiting_for_previous(*e.conv, now);
    if (position != e.last_position || waiting_prev != e.last_waiting_prev ||
        eta_s(s, position) != e.last_eta_s || no_agents != e.last_no_agents) {
      emit_status(e, position, no_agents, now, out);
    }
  });
}

// ETA from the recent service rate: the last dequeues of the stage.
int router::impl::eta_s(stage s, int position) const {
  return line.eta_s(s, position, config.eta_default_s_per_position);
}

}  // namespace fenliu::router
