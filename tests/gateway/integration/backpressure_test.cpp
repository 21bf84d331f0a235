// A client that stops reading: ephemeral frames (typing) are dropped and the session stays;
// durable frames (chat messages) overflowing the bounded queue close it with 4000.
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

v1::ClientEnvelope typing(std::uint64_t conversation) {
  v1::ClientEnvelope env;
  env.mutable_typing()->set_conversation_id(conversation);
  env.mutable_typing()->set_typing(true);
  return env;
}

TEST(Backpressure, EphemeralFramesAreDroppedAndOnlyDurableOverflowCloses) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  // Ephemeral frames may use half of each bound. The frame bound stays above the store's commit
  // batch, so that the flooding agent's burst of acks fits its own queue.
  cfg.limits.outbound_queue_max_frames = 1024;
  cfg.limits.outbound_queue_max_bytes = 256 * 1024;
  cfg.limits.rate_per_s = 1e6;
  cfg.limits.rate_burst = 1e6;
  cfg.limits.max_text_chars = 100000;
  cfg.shop.agents = {make_agent("pre-1", {router::stage::pre_sales}, 1)};
  test_server srv(cfg);
  auto agent = srv.connect_agent("pre-1");

  ws_client slow;
  connect_options o;
  o.port = srv.port();
  o.token = srv.visitor_token("v-slow");
  o.receive_buffer_bytes = 4096;
  ASSERT_TRUE(slow.connect(o).ok);
  auto started = slow.request(start_conversation(v1::STAGE_PRE_SALES));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto id = started->conversation_started().conversation().conversation_id();
  ASSERT_TRUE(agent.receive_until([](const auto& e) { return e.has_assigned(); }));

  // The customer reads nothing while far more typing notices come than the socket buffers and
  // the queue can hold.
  constexpr int typing_sent = 60000;
  for (int i = 0; i < typing_sent; ++i) {
    agent.send(typing(id));
  }
  // A durable message after the flood still fits: ephemeral frames left it room.
  auto ack = agent.request(send_text(id, "after-typing", "still here?"), std::chrono::seconds(20));
  ASSERT_TRUE(ack && ack->has_send_ack());
  int typing_seen = 0;
  auto got = slow.receive_until(
      [&](const v1::ServerEnvelope& e) {
        typing_seen += e.has_typing() ? 1 : 0;
        return e.has_message() && e.message().message().client_msg_id() == "after-typing";
      },
      std::chrono::seconds(20));
  ASSERT_TRUE(got) << "the session stayed open and got the durable frame";
  EXPECT_TRUE(slow.is_open());
  EXPECT_LT(typing_seen, typing_sent) << "some typing notices were dropped, none closed it";
  auto pong = slow.request(ping());
  EXPECT_TRUE(pong && pong->has_pong());

  // Durable traffic the customer does not read: once it overflows the queue, 4000.
  const std::string big(20000, 'x');
  for (int i = 0; i < 400; ++i) {
    agent.send(send_text(id, "flood-" + std::to_string(i), big));
  }
  EXPECT_EQ(slow.wait_for_close(std::chrono::seconds(20)), v1::CLOSE_CODE_SLOW_CONSUMER);
  // The sender was not punished for the customer's slowness.
  auto agent_pong = agent.request(ping(), std::chrono::seconds(20));
  EXPECT_TRUE(agent_pong && agent_pong->has_pong());
}

}  // namespace
}  // namespace fenliu::testing
