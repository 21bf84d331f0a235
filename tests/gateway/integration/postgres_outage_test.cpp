// The server on a PostgreSQL of this test's own, which it stops and starts again mid-chat
// (scripts/pg-test-server.sh halt / resume): while the database is away a send is refused with
// the retryable STORE_UNAVAILABLE (no ack, no seq, nothing delivered) and everyone stays
// connected; once it is back, the client's resend lands with the next seq.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using namespace std::chrono_literals;

constexpr int pg_port = 55441;  // apart from the fixture's server, which other tests share

int pg(const std::string& command) {
  return std::system((std::string(FENLIU_PG_SCRIPT) + " " + command + " " +
                      std::to_string(pg_port) + " >/dev/null")
                         .c_str());
}

struct own_postgres {
  own_postgres() { started = pg("start") == 0; }
  ~own_postgres() { pg("stop"); }
  bool started = false;
};

bool is_message(const v1::ServerEnvelope& e) { return e.has_message(); }

TEST(PostgresOutage, SendsAreRefusedRetryablyWhileTheDatabaseIsAwayAndTheResendLandsAfter) {
  own_postgres db;
  ASSERT_TRUE(db.started);
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.store.backend = "postgres";
  cfg.store.postgres_dsn =
      "host=127.0.0.1 port=" + std::to_string(pg_port) + " user=fenliu dbname=fenliu_test";
  cfg.store.postgres_schema = "outage";
  test_server srv(cfg);
  auto agent = srv.connect_agent("pre-1");
  auto customer = srv.connect(srv.visitor_token("v-1"));
  auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto id = started->conversation_started().conversation().conversation_id();
  ASSERT_TRUE(agent.receive_until([](const auto& e) { return e.has_assigned(); }));
  auto one = customer.request(send_text(id, "c-1", "one"));
  ASSERT_TRUE(one && one->has_send_ack());
  ASSERT_TRUE(agent.receive_until(is_message));

  ASSERT_EQ(pg("halt"), 0);
  auto refused = customer.request(send_text(id, "c-2", "two"), 20s);
  ASSERT_TRUE(refused);
  ASSERT_TRUE(refused->has_error()) << "no ack while the database is away";
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_STORE_UNAVAILABLE);
  EXPECT_TRUE(refused->error().retryable());
  EXPECT_TRUE(customer.is_open());
  auto pong = agent.request(ping());
  ASSERT_TRUE(pong && pong->has_pong()) << "the agent stays connected and served";
  EXPECT_FALSE(agent.receive_until(is_message, 300ms)) << "nothing refused is delivered";

  ASSERT_EQ(pg("resume"), 0);
  // The client's resend with the same client_msg_id: the writer connects again at its next
  // batch. The refused send took no seq, so this one is seq 2.
  auto ack = customer.request(send_text(id, "c-2", "two"), 20s);
  ASSERT_TRUE(ack && ack->has_send_ack()) << (ack && ack->has_error() ? ack->error().detail() : "");
  EXPECT_EQ(ack->send_ack().seq(), 2u);
  EXPECT_FALSE(ack->send_ack().duplicate());
  auto got = agent.receive_until(is_message);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->message().message().seq(), 2u);
  EXPECT_EQ(got->message().message().content().text(), "two");
}

}  // namespace
}  // namespace fenliu::testing
