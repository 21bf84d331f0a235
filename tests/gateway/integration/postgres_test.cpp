// The whole server on the PostgreSQL back end ([store] backend = "postgres"): a real server,
// real WebSocket clients, a real PostgreSQL on loopback (the fixture CTest starts for the store
// tests). The same chat as on SQLite, then a restart on the same schema: the router is rebuilt
// from PostgreSQL and the transcript is all there.

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <string>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

gateway::server_config postgres_config(const temp_dir& dir) {
  auto cfg = test_config(dir.path());
  const char* dsn = std::getenv("FENLIU_TEST_PG_DSN");
  if (dsn == nullptr || *dsn == '\0') {
    ADD_FAILURE() << "FENLIU_TEST_PG_DSN is not set: run through ctest (it starts PostgreSQL)";
    return cfg;
  }
  cfg.store.backend = "postgres";
  cfg.store.postgres_dsn = dsn;
  // One schema per test directory: a run never sees another test's data.
  cfg.store.postgres_schema = "it_" + dir.path().filename().string();
  for (auto& ch : cfg.store.postgres_schema) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) {
      ch = '_';
    }
  }
  return cfg;
}

bool is_message(const v1::ServerEnvelope& e) { return e.has_message(); }

TEST(Postgres, ChatAcksDedupeAndAResumeAfterARestartOnTheSameDatabase) {
  temp_dir dir;
  const auto cfg = postgres_config(dir);
  ASSERT_EQ(cfg.store.backend, "postgres");
  std::uint64_t id = 0;
  {
    test_server srv(cfg);
    auto agent = srv.connect_agent("pre-1");
    auto customer = srv.connect(srv.visitor_token("v-1"));
    auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
    ASSERT_TRUE(started && started->has_conversation_started());
    id = started->conversation_started().conversation().conversation_id();
    ASSERT_TRUE(agent.receive_until([](const auto& e) { return e.has_assigned(); }));

    auto ack = customer.request(send_text(id, "c-1", "有XL吗? XL in stock?"));
    ASSERT_TRUE(ack && ack->has_send_ack());
    EXPECT_EQ(ack->send_ack().seq(), 1u);
    auto got = agent.receive_until(is_message);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->message().message().content().text(), "有XL吗? XL in stock?");
    auto reply = agent.request(send_text(id, "a-1", "有的"));
    ASSERT_TRUE(reply && reply->has_send_ack());
    EXPECT_EQ(reply->send_ack().seq(), 2u);
    auto dup = customer.request(send_text(id, "c-1", "有XL吗? XL in stock?"));
    ASSERT_TRUE(dup && dup->has_send_ack());
    EXPECT_EQ(dup->send_ack().seq(), 1u);
    EXPECT_TRUE(dup->send_ack().duplicate());
    srv.stop();
  }

  // A new process on the same database: the open conversation is still the agent's, and a
  // resume from the start replays exactly seq 1 and 2.
  test_server again(cfg);
  auto agent = again.connect_agent("pre-1");
  auto customer = again.connect(again.visitor_token("v-1"));
  v1::ClientEnvelope resume;
  resume.mutable_resume()->set_conversation_id(id);
  resume.mutable_resume()->set_last_seq(0);
  customer.send(resume);
  std::vector<std::string> texts;
  auto done = customer.receive_until([&](const auto& e) {
    if (e.has_message()) {
      texts.push_back(e.message().message().content().text());
    }
    return e.has_resume_result();
  });
  ASSERT_TRUE(done);
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_EQ(texts[0], "有XL吗? XL in stock?");
  EXPECT_EQ(texts[1], "有的");
  auto next = customer.request(send_text(id, "c-2", "谢谢"));
  ASSERT_TRUE(next && next->has_send_ack());
  EXPECT_EQ(next->send_ack().seq(), 3u);
  auto delivered = agent.receive_until(is_message);
  ASSERT_TRUE(delivered);
  EXPECT_EQ(delivered->message().message().seq(), 3u);
}

}  // namespace
}  // namespace fenliu::testing
