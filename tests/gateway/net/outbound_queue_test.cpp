#include "gateway/net/outbound_queue.hpp"

#include <gtest/gtest.h>

namespace fenliu::gateway {
namespace {

frame_ptr frame(std::size_t n) { return std::make_shared<const std::string>(n, 'x'); }

TEST(OutboundQueue, FrameCountBoundIsExact) {
  outbound_queue q(3, 1000);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(q.push(frame(1)), outbound_queue::push_result::queued);
  }
  EXPECT_EQ(q.push(frame(1)), outbound_queue::push_result::overflow);
  EXPECT_EQ(q.frames(), 3u);
}

TEST(OutboundQueue, ByteBoundIsExactAndAnOverflowingFrameIsNotQueued) {
  outbound_queue q(100, 10);
  EXPECT_EQ(q.push(frame(6)), outbound_queue::push_result::queued);
  EXPECT_EQ(q.push(frame(4)), outbound_queue::push_result::queued);
  EXPECT_EQ(q.bytes(), 10u);
  EXPECT_EQ(q.push(frame(1)), outbound_queue::push_result::overflow);
  EXPECT_EQ(q.bytes(), 10u);
  EXPECT_EQ(q.pop()->size(), 6u);  // FIFO
  EXPECT_EQ(q.bytes(), 4u);
  EXPECT_EQ(q.push(frame(6)), outbound_queue::push_result::queued);
  q.clear();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.bytes(), 0u);
}

}  // namespace
}  // namespace fenliu::gateway
