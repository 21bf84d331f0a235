// Queue: per-stage order, skill buckets, agents pulling work, positions and ETAs.

#include <algorithm>
#include <bit>

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
    c.key.tier = 0;
  }
  stage_state& st = stages[idx(c.stage_)];
  set_phase(c, conversation_phase::queued, out);
  int position = st.order.position(c.key);
  if (!c.in_order) {
    position = st.order.insert({c.key, &c, 0, -1, false});
    c.in_order = true;
  }
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
  emit_status(*st.order.find(c.key), position, now, out);
  st.dirty = true;
}

void router::impl::dequeue(conv_rec& c) {
  clear_buckets(c);
  if (c.preferred != nullptr) {
    erase_one(c.preferred->waiters, &c);
  }
  if (c.in_order) {
    stage_state& st = stages[idx(c.stage_)];
    st.order.erase(c.key);
    st.dirty = true;
    c.in_order = false;
  }
  disarm(c, conv_timer::ring);
  disarm(c, conv_timer::preferred);
}

void router::impl::clear_buckets(conv_rec& c) {
  for (bucket* b : c.buckets) {
    b->members.erase(c.key);
  }
  c.buckets.clear();
}

// A conversation waiting for a named or sticky agent stays out of the buckets, so nobody
// else takes it before the wait ends.
void router::impl::place_in_buckets(conv_rec& c) {
  clear_buckets(c);
  if (!c.in_order || c.preferred != nullptr) {
    return;
  }
  bucket* home = c.ring >= ring_relaxed ? c.relaxed_bucket : c.strict_bucket;
  home->members.emplace(c.key, &c);
  c.buckets.push_back(home);
  if (c.ring >= ring_overflow) {
    const requirements& r = stages[idx(c.stage_)].overflow_reqs;
    for (stage o : config.stages[idx(c.stage_)].overflow_stages) {
      if (o == c.stage_) {
        continue;
      }
      bucket* b = bucket_for(o, r);
      b->members.emplace(c.key, &c);
      c.buckets.push_back(b);
    }
  }
}

bucket* router::impl::bucket_for(stage s, const requirements& r) {
  stage_state& st = stages[idx(s)];
  auto it = st.bucket_by_reqs.find(r.items);
  if (it != st.bucket_by_reqs.end()) {
    return it->second;
  }
  auto b = std::make_unique<bucket>();
  b->stage_ = s;
  b->reqs = r;
  bucket* raw = b.get();
  st.buckets.push_back(std::move(b));
  st.bucket_by_reqs.emplace(r.items, raw);
  st.buckets_by_mask[r.mask].push_back(raw);
  return raw;
}

// The agent has room: give it the best conversation it may take, repeatedly. Conversations
// waiting for this very agent come first, then the oldest (by queue key) across the buckets
// whose requirements it meets.
void router::impl::drain(agent_rec& a, time_ms now, actions& out) {
  std::string rule;
  while (available(a)) {
    conv_rec* c = pick_for(a, rule);
    if (c == nullptr) {
      return;
    }
    give(*c, a, {c->id, now, rule, {}, std::nullopt}, now, out);
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
  best = pick_from_buckets(a, from);
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

// The oldest conversation (by queue key) across the buckets whose requirements the agent
// meets. Few skills: enumerate the subsets of the agent's mask; many: scan the buckets.
conv_rec* router::impl::pick_from_buckets(agent_rec& a, const bucket*& from) {
  conv_rec* best = nullptr;
  const auto visit = [&](const bucket& b) {
    if (b.members.empty() || !meets(a, b.reqs)) {
      return;
    }
    for (const auto& [key, c] : b.members) {
      if (best != nullptr && !(key < best->key)) {
        return;
      }
      if (!is_excluded(*c, a)) {
        best = c;
        from = &b;
        return;
      }
    }
  };
  constexpr int max_subset_bits = 10;
  const bool by_subsets = std::popcount(a.mask) <= max_subset_bits;
  for (stage s : a.profile.stages) {
    const stage_state& st = stages[idx(s)];
    if (!by_subsets) {
      for (const auto& b : st.buckets) {
        visit(*b);
      }
      continue;
    }
    for (std::uint64_t sub = a.mask;; sub = (sub - 1) & a.mask) {
      if (auto it = st.buckets_by_mask.find(sub); it != st.buckets_by_mask.end()) {
        for (const bucket* b : it->second) {
          visit(*b);
        }
      }
      if (sub == 0) {
        break;
      }
    }
  }
  return best;
}

int router::impl::position_of(const conv_rec& c) const {
  return stages[idx(c.stage_)].order.position(c.key);
}

bool router::impl::waiting_for_previous(const conv_rec& c, time_ms now) const {
  return c.preferred != nullptr && c.preferred_sticky && now < c.preferred_until;
}

void router::impl::emit_status(queue_entry& e, int position, time_ms now, actions& out) {
  const conv_rec& c = *e.conv;
  e.last_position = position;
  e.last_eta_s = eta_s(c.stage_, position);
  e.last_waiting_prev = waiting_for_previous(c, now);
  out.emplace_back(action::queue_status{c.id, c.customer, c.stage_, position, e.last_eta_s,
                                        e.last_waiting_prev, c.leave_message_offered});
}

void router::impl::emit_status(conv_rec& c, time_ms now, actions& out) {
  ranked_queue& order = stages[idx(c.stage_)].order;
  if (queue_entry* e = order.find(c.key)) {
    emit_status(*e, order.position(c.key), now, out);
  }
}

// Touches a conversation only when what its customer sees changed: positions and ETAs live
// in the queue entries.
void router::impl::sweep(stage s, time_ms now, actions& out) {
  stage_state& st = stages[idx(s)];
  st.dirty = false;
  st.order.for_each([&](queue_entry& e, int position) {
    const bool waiting_prev = e.last_waiting_prev && waiting_for_previous(*e.conv, now);
    if (position != e.last_position || waiting_prev != e.last_waiting_prev ||
        eta_s(s, position) != e.last_eta_s) {
      emit_status(e, position, now, out);
    }
  });
}

// ETA from the recent service rate: the last dequeues of the stage.
int router::impl::eta_s(stage s, int position) const {
  const stage_state& st = stages[idx(s)];
  if (st.served_count < 2) {
    return position * config.eta_default_s_per_position;
  }
  const std::size_t n = st.served_count;
  const std::size_t newest = (st.served_next + st.served_at.size() - 1) % st.served_at.size();
  const std::size_t oldest = (st.served_next + st.served_at.size() - n) % st.served_at.size();
  const time_ms span = st.served_at[newest] - st.served_at[oldest];
  if (span <= 0) {
    return position;  // a burst: at least one second per place
  }
  const auto per = static_cast<time_ms>(n - 1) * ms_per_second;
  return static_cast<int>((static_cast<time_ms>(position) * span + per - 1) / per);
}

void router::impl::record_served(stage s, time_ms now) {
  stage_state& st = stages[idx(s)];
  st.served_at[st.served_next] = now;
  st.served_next = (st.served_next + 1) % st.served_at.size();
  st.served_count = std::min(st.served_count + 1, st.served_at.size());
  st.dirty = true;
}

}  // namespace fenliu::router
