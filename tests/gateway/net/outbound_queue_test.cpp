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


constexpr auto ephemeral = delivery_class::ephemeral;
constexpr auto durable = delivery_class::durable;

TEST(OutboundQueue, EphemeralFramesAreDroppedPastHalfTheFrameBoundAndTheQueueStaysUsable) {
  outbound_queue q(4, 1000);
  EXPECT_EQ(q.push(frame(1), ephemeral), outbound_queue::push_result::queued);
  EXPECT_EQ(q.push(frame(1), ephemeral), outbound_queue::push_result::queued);
  EXPECT_EQ(q.push(frame(1), ephemeral), outbound_queue::push_result::dropped);  // 3 > 4 / 2
  EXPECT_EQ(q.frames(), 2u);
  // Durable frames still have the other half.
  EXPECT_EQ(q.push(frame(1), durable), outbound_queue::push_result::queued);
  EXPECT_EQ(q.push(frame(1), durable), outbound_queue::push_result::queued);
  EXPECT_EQ(q.push(frame(1), ephemeral), outbound_queue::push_result::dropped);
  EXPECT_EQ(q.push(frame(1), durable), outbound_queue::push_result::overflow);
  EXPECT_EQ(q.frames(), 4u);
  q.pop();
  q.pop();
  q.pop();
  EXPECT_EQ(q.push(frame(1), ephemeral), outbound_queue::push_result::queued);  // drained: 2
}

TEST(OutboundQueue, EphemeralFramesAreDroppedPastHalfTheByteBound) {
  outbound_queue q(100, 10);
  EXPECT_EQ(q.push(frame(5), ephemeral), outbound_queue::push_result::queued);  // exactly half
  EXPECT_EQ(q.push(frame(1), ephemeral), outbound_queue::push_result::dropped);
  EXPECT_EQ(q.bytes(), 5u);
  EXPECT_EQ(q.push(frame(5), durable), outbound_queue::push_result::queued);  // exactly full
  EXPECT_EQ(q.push(frame(1), durable), outbound_queue::push_result::overflow);
  EXPECT_EQ(q.bytes(), 10u);
}

}  // namespace
}  // namespace fenliu::gateway
