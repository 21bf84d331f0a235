// Per-connection limits over real sockets: rate, idle timeout, slow consumer.
#include <gtest/gtest.h>

#include <thread>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

TEST(Limits, RateLimitAllowsTheBurstExactlyThenErrorsThenCloses) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.rate_per_s = 0.001;  // effectively no refill during the test
  cfg.limits.rate_burst = 5;
  cfg.limits.rate_violations_to_close = 3;
  test_server srv(cfg);
  auto c = srv.connect(srv.visitor_token("v-1"));
  for (int i = 0; i < 5; ++i) {
    auto pong = c.request(ping());
    ASSERT_TRUE(pong && pong->has_pong()) << i;
  }
  for (int i = 0; i < 2; ++i) {
    auto dropped = ping();
    dropped.set_request_id(700 + i);
    c.send(dropped);
    auto err = c.receive();
    ASSERT_TRUE(err && err->has_error()) << i;
    EXPECT_EQ(err->error().code(), v1::ERROR_CODE_RATE_LIMITED);
    EXPECT_EQ(err->request_id(), 700u + i) << "the error names the dropped request";
    EXPECT_TRUE(err->error().retryable());
  }
  c.send(ping());
  EXPECT_EQ(c.wait_for_close(), v1::CLOSE_CODE_RATE_LIMITED);
  auto other = srv.connect(srv.visitor_token("v-2"));
  EXPECT_TRUE(other.request(ping()));
}

TEST(Limits, IdleClientIsClosedWhileAClientAnsweringPingsStays) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.idle_timeout_ms = 400;
  cfg.limits.ping_interval_ms = 100;
  test_server srv(cfg);
  auto silent = srv.connect(srv.visitor_token("v-1"));
  auto lively = srv.connect(srv.visitor_token("v-2"));
  // `lively` keeps reading for a second, so its client answers the server's pings; `silent`
  // reads nothing at all and so answers none.
  EXPECT_FALSE(lively.receive(std::chrono::milliseconds(1000)));
  EXPECT_TRUE(lively.is_open());
  EXPECT_EQ(silent.wait_for_close(), v1::CLOSE_CODE_IDLE_TIMEOUT);
  auto pong = lively.request(ping());
  EXPECT_TRUE(pong && pong->has_pong());
}

std::uint64_t open_assigned_conversation(test_server& srv, ws_client& customer,
                                         ws_client& agent) {
  auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
  EXPECT_TRUE(started && started->has_conversation_started());
  auto assigned = agent.receive_until([](const auto& e) { return e.has_assigned(); });
  EXPECT_TRUE(assigned);
  (void)srv;
  return started->conversation_started().conversation().conversation_id();
}

TEST(Limits, SlowConsumerIsClosedWithoutHoldingUpAnotherConversation) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.outbound_queue_max_bytes = 256 * 1024;
  cfg.limits.max_text_chars = 100000;
  // The flooder is pushed back (OVERLOADED) once half the slow customer's queue is taken, so
  // the queue need not overflow: the write to the customer that stopped reading stalls, and
  // that closes it. Its close handshake waits until the test reads.
  cfg.limits.write_stall_timeout_ms = 2000;
  cfg.limits.shutdown_drain_ms = 30000;
  cfg.shop.agents = {make_agent("pre-1", {router::stage::pre_sales}, 1),
                     make_agent("pre-2", {router::stage::pre_sales}, 1)};
  test_server srv(cfg);
  auto agent1 = srv.connect_agent("pre-1");
  auto agent2 = srv.connect_agent("pre-2");

  auto slow = srv.connect_slow_reader("v-slow");
  ASSERT_TRUE(slow.is_open());
  auto started = slow.request(start_conversation(v1::STAGE_PRE_SALES));
  ASSERT_TRUE(started);
  const auto slow_id = started->conversation_started().conversation().conversation_id();
  // Whichever agent got the slow customer floods it; the other serves a normal customer.
  auto first = agent1.receive_until([](const auto& e) { return e.has_assigned(); },
                                    std::chrono::milliseconds(1000));
  ws_client& flooder = first ? agent1 : agent2;
  ws_client& helper = first ? agent2 : agent1;
  if (!first) {
    ASSERT_TRUE(agent2.receive_until([](const auto& e) { return e.has_assigned(); }));
  }
  auto normal = srv.connect(srv.visitor_token("v-normal"));
  const auto normal_id = open_assigned_conversation(srv, normal, helper);

  const std::string big(20000, 'x');
  for (int i = 0; i < 400; ++i) {
    flooder.send(send_text(slow_id, "flood-" + std::to_string(i), big));
  }
  // The normal conversation keeps flowing both ways meanwhile.
  for (int i = 0; i < 20; ++i) {
    auto ack = normal.request(send_text(normal_id, "n-" + std::to_string(i), "hi"));
    ASSERT_TRUE(ack && ack->has_send_ack()) << i;
    auto got = helper.receive_until([&](const auto& e) {
      return e.has_message() && e.message().message().client_msg_id() == "n-" + std::to_string(i);
    });
    ASSERT_TRUE(got) << i;
  }
  // Closed while it reads nothing (a client that reads would drain its queue and stay).
  EXPECT_TRUE(srv.wait_for_metric("fenliu_slow_consumer_closes_total 1", std::chrono::seconds(30)));
  EXPECT_EQ(slow.wait_for_close(std::chrono::seconds(20)), v1::CLOSE_CODE_SLOW_CONSUMER);
  // The flooding agent was not punished for the customer's slowness.
  auto pong = flooder.request(ping(), std::chrono::seconds(20));
  EXPECT_TRUE(pong && pong->has_pong());
}

}  // namespace
}  // namespace fenliu::testing
