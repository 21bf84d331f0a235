// The limiter behind protobuf's log handler, at explicit timestamps.
#include "gateway/protocol/protobuf_log.hpp"

#include <gtest/gtest.h>

namespace fenliu::gateway {
namespace {

constexpr std::int64_t t0 = 50'000;

TEST(LogLineLimiter, PassesTheFirstLinesOfAWindowAndCountsTheRestInOneSummary) {
  log_line_limiter l(3, 1000);
  for (int i = 0; i < 3; ++i) {
    const auto v = l.admit(t0 + i);
    EXPECT_TRUE(v.emit) << i;
    EXPECT_EQ(v.suppressed, 0u) << i;
  }
  for (int i = 0; i < 100; ++i) {
    EXPECT_FALSE(l.admit(t0 + 10 + i).emit) << i;
  }
  EXPECT_FALSE(l.admit(t0 + 999).emit);  // still the first window: 101 dropped
  auto v = l.admit(t0 + 1000);           // a new window
  EXPECT_TRUE(v.emit);
  EXPECT_EQ(v.suppressed, 101u);
  v = l.admit(t0 + 1001);
  EXPECT_TRUE(v.emit);
  EXPECT_EQ(v.suppressed, 0u) << "each dropped line is reported once";
}

TEST(LogLineLimiter, AWindowOpensAtTheFirstLineAfterTheLastOneEnded) {
  log_line_limiter l(1, 1000);
  EXPECT_TRUE(l.admit(t0).emit);
  EXPECT_FALSE(l.admit(t0 + 500).emit);
  auto v = l.admit(t0 + 5000);  // long quiet: a fresh window at t0 + 5000
  EXPECT_TRUE(v.emit);
  EXPECT_EQ(v.suppressed, 1u);
  EXPECT_FALSE(l.admit(t0 + 5999).emit);
  EXPECT_FALSE(l.admit(t0 + 5999).emit);
  v = l.admit(t0 + 6000);
  EXPECT_TRUE(v.emit);
  EXPECT_EQ(v.suppressed, 2u);
}

}  // namespace
}  // namespace fenliu::gateway
