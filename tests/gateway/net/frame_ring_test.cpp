#include "gateway/net/frame_ring.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <string>

namespace fenliu::gateway {
namespace {

frame_ptr frame(int i) {
  return std::make_shared<const std::string>(std::to_string(i));
}

TEST(FrameRing, AnEmptyRingOwnsNoMemoryAndADrainedBigOneGivesItBack) {
  frame_ring r;
  EXPECT_EQ(r.capacity(), 0u);
  for (int i = 0; i < 100; ++i) {
    r.push_back(frame(i));
  }
  EXPECT_GE(r.capacity(), 100u);
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(*r.front(), std::to_string(i));
    r.pop_front();
  }
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.capacity(), 0u);
  // A small backlog keeps its slots for the next frames.
  r.push_back(frame(1));
  r.push_back(frame(2));
  const auto small = r.capacity();
  r.pop_front();
  r.pop_front();
  EXPECT_EQ(r.capacity(), small);
  EXPECT_GT(small, 0u);
}

TEST(FrameRing, KeepsOrderLikeADequeThroughWrapsAndGrowth) {
  frame_ring r;
  std::deque<int> model;
  std::mt19937 rng(7);
  int next = 0;
  for (int step = 0; step < 20000; ++step) {
    const auto op = rng() % 10;
    if (op < 5) {
      model.push_back(next);
      r.push_back(frame(next++));
    } else if (op == 5) {
      model.push_front(next);
      r.push_front(frame(next++));
    } else if (op < 9 && !model.empty()) {
      ASSERT_EQ(*r.front(), std::to_string(model.front()));
      model.pop_front();
      r.pop_front();
    } else if (op == 9 && rng() % 50 == 0) {
      model.clear();
      r.clear();
    }
    ASSERT_EQ(r.size(), model.size());
  }
  while (!model.empty()) {
    ASSERT_EQ(*r.front(), std::to_string(model.front()));
    model.pop_front();
    r.pop_front();
  }
}

TEST(FrameRing, PoppingReleasesTheFrame) {
  frame_ring r;
  auto f = frame(1);
  r.push_back(f);
  EXPECT_EQ(f.use_count(), 2);
  r.pop_front();
  EXPECT_EQ(f.use_count(), 1);
}

}  // namespace
}  // namespace fenliu::gateway
