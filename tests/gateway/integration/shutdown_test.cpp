// Graceful shutdown: clients hear "going away" after their queued frames.
#include <gtest/gtest.h>

#include <thread>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

TEST(Shutdown, ClientsGetQueuedFramesThenGoingAwayAndStopReturns) {
  temp_dir dir;
  auto srv = std::make_unique<test_server>(test_config(dir.path()));
  auto agent = srv->connect_agent("pre-1");
  auto customer = srv->connect(srv->visitor_token("v-1"));
  auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
  ASSERT_TRUE(started);
  const auto id = started->conversation_started().conversation().conversation_id();
  ASSERT_TRUE(agent.receive_until([](const auto& e) { return e.has_assigned(); }));
  auto ack = agent.request(send_text(id, "a-1", "last words"));
  ASSERT_TRUE(ack && ack->has_send_ack());

  std::thread stopper([&] { srv->stop(); });
  auto last = customer.receive_until([](const auto& e) { return e.has_message(); });
  ASSERT_TRUE(last);
  EXPECT_EQ(last->message().message().content().text(), "last words");
  EXPECT_EQ(customer.wait_for_close(), v1::CLOSE_CODE_GOING_AWAY);
  EXPECT_EQ(agent.wait_for_close(), v1::CLOSE_CODE_GOING_AWAY);
  stopper.join();

  // After a restart on the same data directory the message is still there.
  auto cfg = test_config(dir.path());
  test_server again(cfg);
  auto back = again.connect(again.visitor_token("v-1"));
  v1::ClientEnvelope resume;
  resume.mutable_resume()->set_conversation_id(id);
  back.send(resume);
  auto replay = back.receive_until([](const auto& e) { return e.has_message(); });
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->message().message().content().text(), "last words");
}

// Load balancers take a draining node out of rotation by its readiness probe: while sessions
// drain, plain HTTP is still answered and /readyz says 503 (before, the socket closed at once
// and probes got "connection refused").
TEST(Shutdown, ReadinessSays503WhileSessionsDrain) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.shutdown_drain_ms = 3000;
  test_server srv(cfg);
  // A client that never answers the close handshake keeps the drain going.
  auto lingering = srv.connect(srv.visitor_token("v-1"));
  ASSERT_EQ(http_request(srv.port(), "GET", "/readyz").status, 200);
  srv.begin_stop();
  int status = 0;
  for (int i = 0; i < 200 && status != 503; ++i) {
    status = http_request(srv.port(), "GET", "/readyz").status;
  }
  EXPECT_EQ(status, 503);
  EXPECT_EQ(http_request(srv.port(), "GET", "/healthz").status, 200);
  srv.stop();
}

}  // namespace
}  // namespace fenliu::testing
