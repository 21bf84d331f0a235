// A client that stops reading: ephemeral frames (typing) are dropped and the session stays;
// durable frames (chat messages) overflowing the bounded queue, or a write to it that stalls,
// close it with 4000. A client that reads is never closed, however many senders write to it:
// they are pushed back.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

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
  // Longer than the typing flood below leaves the customer's write stalled; the close handshake
  // after the durable flood waits until the test reads.
  cfg.limits.write_stall_timeout_ms = 10000;
  cfg.limits.shutdown_drain_ms = 40000;
  cfg.shop.agents = {make_agent("pre-1", {router::stage::pre_sales}, 1)};
  test_server srv(cfg);
  auto agent = srv.connect_agent("pre-1");

  auto slow = srv.connect_slow_reader("v-slow");
  ASSERT_TRUE(slow.is_open());
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
  // A durable message after the flood still goes through: ephemeral frames left it room. While
  // the flood is still being written the sender may be pushed back (OVERLOADED): it resends the
  // same client_msg_id after the hint, as any client does.
  std::optional<v1::ServerEnvelope> ack;
  for (int attempt = 0; attempt < 50; ++attempt) {
    ack = agent.request(send_text(id, "after-typing", "still here?"), std::chrono::seconds(20));
    if (!ack || !ack->has_error() || ack->error().code() != v1::ERROR_CODE_OVERLOADED) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(ack->error().retry_after_ms() + 1));
  }
  ASSERT_TRUE(ack && ack->has_send_ack())
      << (ack ? ack->DebugString() : std::string("no reply in 20 s"));
  // The notices reach the customer's queue through its strand, after the agent's ack may have
  // come: wait until the server has dropped some (the customer still reads nothing), so that a
  // slow machine cannot let the reader below drain them all in time.
  ASSERT_TRUE(srv.wait_for_metric_above_zero("fenliu_ephemeral_frames_dropped_total",
                                             std::chrono::seconds(20)))
      << "the stalled customer's queue dropped typing notices";
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

  // Durable traffic the customer does not read: the agent is pushed back once half the queue
  // is taken, and the customer's stalled write (or an overflow) closes it with 4000.
  const std::string big(20000, 'x');
  for (int i = 0; i < 400; ++i) {
    agent.send(send_text(id, "flood-" + std::to_string(i), big));
  }
  EXPECT_TRUE(srv.wait_for_metric("fenliu_slow_consumer_closes_total 1", std::chrono::seconds(40)));
  EXPECT_EQ(slow.wait_for_close(std::chrono::seconds(20)), v1::CLOSE_CODE_SLOW_CONSUMER);
  // The sender was not punished for the customer's slowness.
  auto agent_pong = agent.request(ping(), std::chrono::seconds(20));
  EXPECT_TRUE(agent_pong && agent_pong->has_pong());
}

// Queue bounds far above what is sent, and a ping a minute away: nothing overflows, and only
// the stalled write closes the customer, at its own deadline rather than at the next ping.
TEST(Backpressure, APeerThatStopsReadingIsClosedByItsStalledWriteWithoutAnOverflow) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.outbound_queue_max_frames = 100000;
  cfg.limits.outbound_queue_max_bytes = 64 * 1024 * 1024;
  cfg.limits.write_stall_timeout_ms = 1000;
  cfg.limits.ping_interval_ms = 60000;
  cfg.limits.idle_timeout_ms = 120000;
  cfg.limits.shutdown_drain_ms = 30000;
  cfg.limits.rate_per_s = 1e6;
  cfg.limits.rate_burst = 1e6;
  cfg.limits.max_text_chars = 100000;
  cfg.shop.agents = {make_agent("pre-1", {router::stage::pre_sales}, 1)};
  test_server srv(cfg);
  auto agent = srv.connect_agent("pre-1");
  auto slow = srv.connect_slow_reader("v-slow");
  ASSERT_TRUE(slow.is_open());
  auto started = slow.request(start_conversation(v1::STAGE_PRE_SALES));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto id = started->conversation_started().conversation().conversation_id();
  ASSERT_TRUE(agent.receive_until([](const auto& e) { return e.has_assigned(); }));

  // 4 MB: far more than the sockets buffer, far less than the queue holds.
  const std::string big(20000, 'x');
  for (int i = 0; i < 200; ++i) {
    auto ack = agent.request(send_text(id, "m-" + std::to_string(i), big), std::chrono::seconds(20));
    ASSERT_TRUE(ack && ack->has_send_ack()) << i;
  }
  EXPECT_TRUE(srv.wait_for_metric("fenliu_slow_consumer_closes_total 1", std::chrono::seconds(15)))
      << "closed at the stall deadline, not at the ping a minute away";
  EXPECT_EQ(slow.wait_for_close(std::chrono::seconds(20)), v1::CLOSE_CODE_SLOW_CONSUMER);
  auto pong = agent.request(ping());
  EXPECT_TRUE(pong && pong->has_pong());
}

// Issue #12's case: many customers write to one agent faster than the server writes to it. The
// agent reads everything; before, its queue overflowed and it was closed with 4000 while the
// customers went on being acked. Now the customers get OVERLOADED with the retry hint and
// resend, the agent stays, and it gets every acked message exactly once.
TEST(Backpressure, ARecipientThatReadsIsNeverClosedAndSendersArePushedBack) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.outbound_queue_max_frames = 16;  // pushback from 8 frames queued or on their way
  cfg.limits.overloaded_retry_ms = 25;
  cfg.limits.rate_per_s = 1e6;
  cfg.limits.rate_burst = 1e6;
  constexpr int customers = 40;
  constexpr int per_customer = 30;
  constexpr int window = 6;  // a sender's replies fit its own queue
  cfg.shop.agents = {make_agent("pre-1", {router::stage::pre_sales}, customers)};
  test_server srv(cfg);
  auto agent = srv.connect_agent("pre-1");

  struct buyer {
    ws_client ws;
    std::uint64_t conversation = 0;
    int next = 0;                    // the next message number to send first
    std::set<std::string> in_flight;  // sent, neither acked nor refused
    std::vector<std::string> retry;   // refused with OVERLOADED: resend
  };
  std::vector<buyer> buyers(customers);
  for (int i = 0; i < customers; ++i) {
    auto& b = buyers[i];
    connect_options o;
    o.port = srv.port();
    o.token = srv.visitor_token(fmt::format("v-{}", i));
    ASSERT_TRUE(b.ws.connect(o).ok);
    auto started = b.ws.request(start_conversation(v1::STAGE_PRE_SALES));
    ASSERT_TRUE(started && started->has_conversation_started());
    b.conversation = started->conversation_started().conversation().conversation_id();
  }
  std::set<std::string> acked;
  std::map<std::string, int> seen_by_agent;
  int overloaded = 0;
  int bad_hints = 0;
  auto drain_agent = [&] {
    while (auto e = agent.receive(std::chrono::milliseconds(0))) {
      if (e->has_message()) {
        ++seen_by_agent[e->message().message().client_msg_id()];
      }
    }
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    bool all_done = true;
    for (int i = 0; i < customers; ++i) {
      auto& b = buyers[i];
      // Keep `window` messages in flight: resends first, then new ones.
      while (b.in_flight.size() < window && (!b.retry.empty() || b.next < per_customer)) {
        std::string id;
        if (!b.retry.empty()) {
          id = b.retry.back();
          b.retry.pop_back();
        } else {
          id = fmt::format("c{}-{}", i, b.next++);
        }
        b.in_flight.insert(id);
        auto env = send_text(b.conversation, id, fmt::format("hello {}", id));
        env.set_request_id(std::hash<std::string>{}(id) | 1);
        b.ws.send(env);
      }
      while (auto e = b.ws.receive(std::chrono::milliseconds(0))) {
        if (e->has_send_ack()) {
          const auto& id = e->send_ack().client_msg_id();
          b.in_flight.erase(id);
          acked.insert(id);
        } else if (e->has_error()) {
          ASSERT_EQ(e->error().code(), v1::ERROR_CODE_OVERLOADED) << e->error().detail();
          ++overloaded;
          bad_hints += e->error().retry_after_ms() == 25 && e->error().retryable() ? 0 : 1;
          for (auto it = b.in_flight.begin(); it != b.in_flight.end(); ++it) {
            if ((std::hash<std::string>{}(*it) | 1) == e->request_id()) {
              b.retry.push_back(*it);  // before the erase: *it dies with the element
              b.in_flight.erase(it);
              break;
            }
          }
        }
      }
      all_done = all_done && b.next == per_customer && b.in_flight.empty() && b.retry.empty();
      drain_agent();
    }
    if (all_done || std::chrono::steady_clock::now() > deadline) {
      break;
    }
  }
  std::size_t stuck = 0;
  for (const auto& b : buyers) {
    stuck += b.in_flight.size() + b.retry.size();
    if (!b.ws.is_open()) {
      ADD_FAILURE() << "a customer was closed with " << b.ws.close_code();
    }
  }
  ASSERT_EQ(acked.size(), static_cast<std::size_t>(customers * per_customer))
      << "in flight or to resend: " << stuck << ", overloaded: " << overloaded;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (seen_by_agent.size() < acked.size() && std::chrono::steady_clock::now() < until) {
    drain_agent();
  }
  EXPECT_TRUE(agent.is_open()) << "close code " << agent.close_code();
  EXPECT_GT(overloaded, 0) << "the senders were pushed back at least once";
  EXPECT_EQ(bad_hints, 0) << "OVERLOADED is retryable and carries limits.overloaded_retry_ms";
  for (const auto& id : acked) {
    EXPECT_EQ(seen_by_agent[id], 1) << id;
  }
  EXPECT_EQ(seen_by_agent.size(), acked.size());
}

}  // namespace
}  // namespace fenliu::testing
