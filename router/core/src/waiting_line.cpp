// The waiting line: per-stage order, skill buckets, left messages and the service rate.

#include "waiting_line.hpp"

#include <algorithm>
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
  b->index = static_cast<std::uint32_t>(line.buckets.size());
  b->reqs = r;
  bucket* raw = b.get();
  line.buckets.push_back(std::move(b));
  line.heads.push_back(no_head);
  line.bucket_by_reqs.emplace(r.items, raw);
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
    lines_[idx(b.stage_)].heads[b.index] = c.key;
  }
  c.buckets.push_back({&b, at});
}

void waiting_line::unfile(conv_rec& c) {
  for (const filing& f : c.buckets) {
    conv_order& members = f.in->members;
    const bool was_head = f.at == members.begin();
    members.erase(f.at);
    if (was_head) {
      lines_[idx(f.in->stage_)].heads[f.in->index] =
          members.empty() ? no_head : members.begin()->first;
    }
  }
  c.buckets.clear();
}

// Within one stage a conversation sits in at most one bucket and keys are unique, so the
// order of the buckets does not change the result; across stages the profile's order decides
// which bucket (home or overflow) a conversation is found in.
conv_rec* waiting_line::oldest_for(agent_rec& a, const bucket*& from) const {
  conv_rec* best = nullptr;
  queue_key best_key = no_head;
  if (a.served.size() != a.profile.stages.size()) {
    a.served.assign(a.profile.stages.size(), {});
  }
  for (std::size_t k = 0; k < a.profile.stages.size(); ++k) {
    const stage_line& line = lines_[idx(a.profile.stages[k])];
    served_buckets& mine = a.served[k];
    for (; mine.seen < line.buckets.size(); ++mine.seen) {
      if (meets(a, line.buckets[mine.seen]->reqs)) {
        mine.ids.push_back(mine.seen);
      }
    }
    for (const std::uint32_t i : mine.ids) {
      // A bucket whose head is not older than the best so far has nothing better.
      if (!(line.heads[i] < best_key)) {
        continue;
      }
      const bucket& b = *line.buckets[i];
      for (const auto& [key, c] : b.members) {
        if (!(key < best_key)) {
          break;
        }
        if (!is_excluded(*c, a)) {
          best = c;
          best_key = key;
          from = &b;
          break;
        }
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
      assert(b->index < line.heads.size() && line.buckets[b->index] == b);
      assert(line.heads[b->index] == (b->members.empty() ? no_head : b->members.begin()->first));
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

void waiting_line::check_served([[maybe_unused]] const agent_rec& a) const {
#ifndef NDEBUG
  if (a.served.empty()) {
    return;  // not built since the last profile change
  }
  assert(a.served.size() == a.profile.stages.size());
  for (std::size_t k = 0; k < a.served.size(); ++k) {
    const stage_line& line = lines_[idx(a.profile.stages[k])];
    const served_buckets& mine = a.served[k];
    assert(mine.seen <= line.buckets.size());
    std::vector<std::uint32_t> want;
    for (std::uint32_t i = 0; i < mine.seen; ++i) {
      if (meets(a, line.buckets[i]->reqs)) {
        want.push_back(i);
      }
    }
    assert(want == mine.ids);
  }
#endif
}

}  // namespace fenliu::router::detail
