// The blocked ranked queue against std::map as a model: random inserts and erases, positions
// checked after each step (fixed seed: deterministic).

#include "ranked_queue.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace fenliu::router::detail {
namespace {

int model_position(const std::map<queue_key, int>& model, const queue_key& k) {
  auto it = model.find(k);
  return it == model.end() ? 0 : static_cast<int>(std::distance(model.begin(), it)) + 1;
}

TEST(ranked_queue, positions_match_a_sorted_model_through_splits_and_merges) {
  std::mt19937_64 rng(7);
  ranked_queue q;
  std::map<queue_key, int> model;
  std::vector<queue_key> keys;
  for (int step = 0; step < 20'000; ++step) {
    const bool insert = keys.empty() || rng() % 100 < (step < 10'000 ? 70 : 30);
    if (insert) {
      const queue_key k{static_cast<int>(rng() % 2), static_cast<time_ms>(rng() % 5'000),
                        static_cast<conversation_id>(step)};
      const int pos = q.insert({k, nullptr, 0, -1, false});
      model.emplace(k, step);
      keys.push_back(k);
      ASSERT_EQ(pos, model_position(model, k)) << step;
    } else {
      const std::size_t i = rng() % keys.size();
      const queue_key k = keys[i];
      keys[i] = keys.back();
      keys.pop_back();
      ASSERT_TRUE(q.erase(k));
      model.erase(k);
      ASSERT_FALSE(q.erase(k));
      ASSERT_EQ(q.position(k), 0);
    }
    ASSERT_EQ(q.size(), model.size());
    if (step % 997 == 0 && !keys.empty()) {
      const queue_key& probe = keys[rng() % keys.size()];
      EXPECT_EQ(q.position(probe), model_position(model, probe));
      ASSERT_NE(q.find(probe), nullptr);
      EXPECT_EQ(q.find(probe)->key, probe);
    }
  }
  int expected = 0;
  auto it = model.begin();
  q.for_each([&](const queue_entry& e, int position) {
    EXPECT_EQ(position, ++expected);
    EXPECT_EQ(e.key, it->first);
    ++it;
  });
  EXPECT_EQ(static_cast<std::size_t>(expected), model.size());
}

}  // namespace
}  // namespace fenliu::router::detail
