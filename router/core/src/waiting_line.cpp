// The waiting line: per-stage order, skill buckets, left messages and the service rate.

#include "waiting_line.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <set>

namespace fenliu::router::detail {

int waiting_line::join(conv_rec& c) {
  ranked_queue& order = lines_[idx(c.stage_)].order;
  if (c.in_order) {
    assert(order.find(c.key) != nullptr && order.find(c.key)->conv == &c);
    return order.position(c.key);
  }
  c.in_order = true;
  return order.insert({c.key, &c, 0, -1, false});
}

void waiting_line::leave(conv_rec& c) {
  unfile(c);
  if (c.in_order) {
    stage_line& line = lines_[idx(c.stage_)];
    [[maybe_unused]] const bool erased = line.order.erase(c.key);
    assert(erased);
    line.dirty = true;
    c.in_order = false;
  }
}

bucket* waiting_line::bucket_for(stage s, const requirements& r) {
  stage_line& line = lines_[idx(s)];
  auto it = line.bucket_by_reqs.find(r.items);
  if (it != line.bucket_by_reqs.end()) {
    return it->second;
  }
  auto b = std::make_unique<bucket>();
  b->stage_ = s;
  b->reqs = r;
  bucket* raw = b.get();
  line.buckets.push_back(std::move(b));
  line.bucket_by_reqs.emplace(r.items, raw);
  line.buckets_by_mask[r.mask].push_back(raw);
  return raw;
}

void waiting_line::file(conv_rec& c, bucket& b) {
  assert(c.in_order);
  if (std::any_of(c.buckets.begin(), c.buckets.end(),
                  [&](const filing& f) { return f.in == &b; })) {
    return;  // an overflow stage listed twice
  }
  // Most arrivals hold the newest key, so the end is the right hint; any other key still lands
  // in order, after a search.
  const auto at = b.members.emplace_hint(b.members.end(), c.key, &c);
  if (at == b.members.begin()) {
    b.head = c.key;
  }
  c.buckets.push_back({&b, at});
}

void waiting_line::unfile(conv_rec& c) {
  for (const filing& f : c.buckets) {
    conv_order& members = f.in->members;
    const bool was_head = f.at == members.begin();
    members.erase(f.at);
    if (was_head && !members.empty()) {
      f.in->head = members.begin()->first;
    }
  }
  c.buckets.clear();
}

// Few skills: enumerate the subsets of the agent's mask; many: scan the buckets.
conv_rec* waiting_line::oldest_for(const agent_rec& a, const bucket*& from) const {
  conv_rec* best = nullptr;
  queue_key best_key;
  const auto visit = [&](const bucket& b) {
    // A bucket whose head is not older than the best so far has nothing better: skip it
    // before reading its members or its requirements.
    if (b.members.empty() || (best != nullptr && !(b.head < best_key)) || !meets(a, b.reqs)) {
      return;
    }
    for (const auto& [key, c] : b.members) {
      if (best != nullptr && !(key < best_key)) {
        return;
      }
      if (!is_excluded(*c, a)) {
        best = c;
        best_key = key;
        from = &b;
        return;
      }
    }
  };
  constexpr int max_subset_bits = 10;
  const bool by_subsets = std::popcount(a.mask) <= max_subset_bits;
  for (stage s : a.profile.stages) {
    const stage_line& line = lines_[idx(s)];
    if (!by_subsets) {
      for (const auto& b : line.buckets) {
        visit(*b);
      }
      continue;
    }
    for (std::uint64_t sub = a.mask;; sub = (sub - 1) & a.mask) {
      if (auto it = line.buckets_by_mask.find(sub); it != line.buckets_by_mask.end()) {
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

void waiting_line::park_left_message(conv_rec& c) {
  assert(!c.in_order && c.buckets.empty() && c.key.tier == 0);
  lines_[idx(c.stage_)].left_messages.emplace(c.key, &c);
}

void waiting_line::drop_left_message(const conv_rec& c) {
  lines_[idx(c.stage_)].left_messages.erase(c.key);
}

conv_rec* waiting_line::take_left_message(stage s) {
  conv_order& lm = lines_[idx(s)].left_messages;
  if (lm.empty()) {
    return nullptr;
  }
  conv_rec* c = lm.begin()->second;
  lm.erase(lm.begin());
  return c;
}

bool waiting_line::holds_left_message(const conv_rec& c) const {
  const conv_order& lm = lines_[idx(c.stage_)].left_messages;
  auto it = lm.find(c.key);
  return it != lm.end() && it->second == &c;
}

void waiting_line::record_served(stage s, time_ms now) {
  stage_line& line = lines_[idx(s)];
  line.served_at[line.served_next] = now;
  line.served_next = (line.served_next + 1) % line.served_at.size();
  line.served_count = std::min(line.served_count + 1, line.served_at.size());
  line.dirty = true;
}

int waiting_line::eta_s(stage s, int position, int default_s_per_position) const {
  const stage_line& line = lines_[idx(s)];
  if (line.served_count < 2) {
    return position * default_s_per_position;
  }
  const std::size_t n = line.served_count;
  const std::size_t size = line.served_at.size();
  const std::size_t newest = (line.served_next + size - 1) % size;
  const std::size_t oldest = (line.served_next + size - n) % size;
  const time_ms span = line.served_at[newest] - line.served_at[oldest];
  if (span <= 0) {
    return position;  // a burst: at least one second per place
  }
  const auto per = static_cast<time_ms>(n - 1) * ms_per_second;
  return static_cast<int>((static_cast<time_ms>(position) * span + per - 1) / per);
}

void waiting_line::check_invariants() const {
#ifndef NDEBUG
  std::set<const conv_rec*> lined;
  std::size_t filed = 0;
  for (std::size_t s = 0; s < stage_count; ++s) {
    const stage_line& line = lines_[s];
    std::size_t count = 0;
    line.order.for_each([&](const queue_entry& e, int) {
      ++count;
      assert(e.conv != nullptr && e.conv->in_order && e.key == e.conv->key);
      assert(idx(e.conv->stage_) == s);
      [[maybe_unused]] const bool once = lined.insert(e.conv).second;
      assert(once);
      filed += e.conv->buckets.size();
    });
    assert(count == line.order.size());
    for (const auto& [key, c] : line.left_messages) {
      assert(c->key == key && !c->in_order && c->buckets.empty() && key.tier == 0);
      assert(idx(c->stage_) == s);
    }
    assert(line.served_count <= line.served_at.size() && line.served_next < line.served_at.size());
  }
  std::size_t members = 0;
  for (std::size_t s = 0; s < stage_count; ++s) {
    const stage_line& line = lines_[s];
    assert(line.bucket_by_reqs.size() == line.buckets.size());
    for (const auto& b : line.buckets) {
      assert(idx(b->stage_) == s);
      [[maybe_unused]] auto by_reqs = line.bucket_by_reqs.find(b->reqs.items);
      assert(by_reqs != line.bucket_by_reqs.end() && by_reqs->second == b.get());
      [[maybe_unused]] auto by_mask = line.buckets_by_mask.find(b->reqs.mask);
      assert(by_mask != line.buckets_by_mask.end() &&
             std::count(by_mask->second.begin(), by_mask->second.end(), b.get()) == 1);
      assert(b->members.empty() || b->head == b->members.begin()->first);
      for (const auto& [key, c] : b->members) {
        ++members;
        assert(c->key == key && lined.contains(c));
        assert(std::count_if(c->buckets.begin(), c->buckets.end(), [&](const filing& f) {
                 return f.in == b.get() && f.at->second == c;
               }) == 1);
      }
    }
  }
  // With the per-member checks above: each bucket a conversation lists holds it.
  assert(members == filed);
#endif
}

}  // namespace fenliu::router::detail
