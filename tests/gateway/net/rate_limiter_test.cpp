#include "gateway/net/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace fenliu::gateway {
namespace {

TEST(RateLimiter, BurstIsAllowedExactlyThenRefillsAtTheRate) {
  rate_limiter r(10.0, 3.0, 1000);  // 10 per second = one per 100 ms, burst 3
  EXPECT_TRUE(r.allow(1000));
  EXPECT_TRUE(r.allow(1000));
  EXPECT_TRUE(r.allow(1000));
  EXPECT_FALSE(r.allow(1000));
  EXPECT_FALSE(r.allow(1099));  // 0.99 of a token
  EXPECT_TRUE(r.allow(1100));
  EXPECT_FALSE(r.allow(1100));
  // A long pause refills to the burst, not beyond.
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(r.allow(60000)) << i;
  }
  EXPECT_FALSE(r.allow(60000));
}

TEST(RateLimiter, TimeGoingBackwardsGrantsNothing) {
  rate_limiter r(1.0, 1.0, 5000);
  EXPECT_TRUE(r.allow(5000));
  EXPECT_FALSE(r.allow(1000));
}

}  // namespace
}  // namespace fenliu::gateway
