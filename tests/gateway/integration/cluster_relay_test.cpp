// Any node accepts any client: two fenliu processes on one PostgreSQL schema and one Redis.
// node-a owns the shop; node-b relays its clients' sessions to node-a over Redis. Real
// WebSocket clients on both. A customer on node-b chats with an agent on node-a and a
// supervisor on node-b sees node-a's board; kill -9 of node-a moves the shop to node-b and the
// relayed customer resumes there; a Redis restart mid-stream ends the relayed sessions with
// 1001, and after the client's reconnect and resends every message is stored once, in order.

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <signal.h>

#include <functional>
#include <optional>
#include <set>

#include "cluster_node.hpp"
#include "fenliu/store/postgres_lease.hpp"

namespace fenliu::testing {
namespace {

using namespace std::chrono_literals;
using namespace cluster_nodes;

/// The customer starts a pre-sales chat and the agent is assigned it: its id, 0 on failure.
std::uint64_t start_assigned_chat(ws_client& customer, ws_client& agent) {
  auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
  if (!started || !started->has_conversation_started()) {
    ADD_FAILURE() << "no ConversationStarted";
    return 0;
  }
  if (!agent.receive_until([](const auto& e) { return e.has_assigned(); }, 10s)) {
    ADD_FAILURE() << "the agent was not assigned the chat";
    return 0;
  }
  return started->conversation_started().conversation().conversation_id();
}

/// A supervisor on node `n` subscribes to the board and waits for a snapshot `match` accepts.
std::optional<v1::BoardSnapshot> board_on(const node& n,
                                          const std::function<bool(const v1::BoardSnapshot&)>& match,
                                          std::chrono::milliseconds timeout) {
  auto sup = connect_to(n, gateway::mint_staff_token(auth(), gateway::role::supervisor, "sup-1",
                                                     shop, unix_now_s(), 3600));
  v1::ClientEnvelope subscribe;
  subscribe.mutable_subscribe_board()->set_subscribe(true);
  sup.send(subscribe);
  auto e = sup.receive_until(
      [&](const v1::ServerEnvelope& env) { return env.has_board() && match(env.board()); },
      timeout);
  if (!e) {
    return std::nullopt;
  }
  return e->board();
}

class ClusterRelay : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dsn().empty()) << "run through ctest: it starts PostgreSQL";
    redis_ = std::make_unique<redis_process>(free_loopback_port());
    a_ = std::make_unique<node>(dir, "node-a", schema, redis_->port());
    b_ = std::make_unique<node>(dir, "node-b", schema, redis_->port());
    a_->start();
    ASSERT_TRUE(a_->wait_ready(60s)) << a_->log();
    b_->start();
    ASSERT_TRUE(b_->log_has("relays shop", 30s)) << b_->log();
  }

  /// Sends until acked: a session that ends (1001) is reconnected and the same client_msg_id
  /// sent again, as a client does. Returns the seq.
  std::uint64_t send_until_acked(ws_client& c, const node& n, std::uint64_t id,
                                 const std::string& client_msg_id, const std::string& text) {
    for (int attempt = 0; attempt < 50; ++attempt) {
      if (!c.is_open()) {
        c = customer_on(n);
      }
      auto ack = c.request(send_text(id, client_msg_id, text), 3s);
      if (ack && ack->has_send_ack()) {
        return ack->send_ack().seq();
      }
    }
    ADD_FAILURE() << "no ack for " << client_msg_id;
    return 0;
  }

  temp_dir dir;
  const std::string schema = schema_for(dir);
  std::unique_ptr<redis_process> redis_;
  std::unique_ptr<node> a_;
  std::unique_ptr<node> b_;
};

TEST_F(ClusterRelay, ACustomerOnTheRelayChatsWithAnAgentOnTheOwnerAndASupervisorThereSeesTheBoard) {
  node& a = *a_;
  node& b = *b_;
  auto agent = agent_on(a);
  auto customer = customer_on(b);
  const auto id = start_assigned_chat(customer, agent);
  ASSERT_NE(id, 0u);
  for (int i = 1; i <= 3; ++i) {
    auto ack = customer.request(send_text(id, "c-" + std::to_string(i), "m-" + std::to_string(i)));
    ASSERT_TRUE(ack && ack->has_send_ack()) << i;
    EXPECT_EQ(ack->send_ack().seq(), static_cast<std::uint64_t>(i));
  }
  ASSERT_TRUE(agent.receive_until(
      [](const auto& e) { return e.has_message() && e.message().message().seq() == 3u; }));
  auto reply = agent.request(send_text(id, "a-1", "hello from node-a"));
  ASSERT_TRUE(reply && reply->has_send_ack());
  EXPECT_EQ(reply->send_ack().seq(), 4u);
  auto got = customer.receive_until(
      [](const auto& e) { return e.has_message() && e.message().message().seq() == 4u; });
  ASSERT_TRUE(got) << "the owner's fan-out reached the session on the relay";
  EXPECT_EQ(got->message().message().content().text(), "hello from node-a");

  // A supervisor connected to node-b sees the board of the shop node-a owns.
  const auto board = board_on(
      b,
      [id](const v1::BoardSnapshot& snapshot) {
        for (const auto& c : snapshot.conversations()) {
          if (c.conversation_id() == id) {
            return true;
          }
        }
        return false;
      },
      10s);
  ASSERT_TRUE(board) << "no board with the conversation on node-b";
  bool agent_listed = false;
  for (const auto& row : board->agents()) {
    agent_listed = agent_listed || row.agent_id() == "pre-1";
  }
  EXPECT_TRUE(agent_listed);

  // The shop's HTTP APIs need the owner's store: node-b passes them on to node-a (the address
  // in its beats), so a page behind a load balancer works on any node. The owner's refusal
  // of a request without a token comes back as it is.
  const std::string supervisor =
      "Bearer " + gateway::mint_staff_token(auth(), gateway::role::supervisor, "sup-1", shop,
                                            unix_now_s(), 3600);
  const auto direct = http_request(a.port(), "GET", "/api/kpis", "", "127.0.0.1", supervisor);
  const auto relayed = http_request(b.port(), "GET", "/api/kpis", "", "127.0.0.1", supervisor);
  ASSERT_EQ(direct.status, 200) << direct.body;
  ASSERT_EQ(relayed.status, 200) << relayed.body;
  const auto keys_of = [](const std::string& body) {
    std::set<std::string> keys;
    const auto parsed = boost::json::parse(body);
    for (const auto& [k, v] : parsed.as_object()) {
      keys.insert(std::string(k));
    }
    return keys;
  };
  EXPECT_EQ(keys_of(relayed.body), keys_of(direct.body));
  // A HEAD is answered without a body, and the relay does not wait for one.
  EXPECT_EQ(http_request(b.port(), "HEAD", "/api/kpis", "", "127.0.0.1", supervisor).status,
            http_request(a.port(), "HEAD", "/api/kpis", "", "127.0.0.1", supervisor).status);
  const auto refused = http_request(b.port(), "GET", "/api/kpis");
  EXPECT_EQ(refused.status, 401) << refused.body;
  // Answered by node-b itself: its health, and /metrics (its own, which it does not export).
  EXPECT_EQ(http_request(b.port(), "GET", "/healthz").status, 200);
  EXPECT_EQ(http_request(b.port(), "GET", "/metrics").status, 503);
}

TEST_F(ClusterRelay, KillingTheOwnerMovesTheShopToTheRelayAndItsCustomerResumesThere) {
  node& a = *a_;
  node& b = *b_;
  store::postgres_lease lease(dsn(), schema);
  const auto before = lease.inspect(shop);
  std::uint64_t id = 0;
  auto customer = customer_on(b);
  {
    auto agent = agent_on(a);
    id = start_assigned_chat(customer, agent);
    ASSERT_NE(id, 0u);
    for (int i = 1; i <= 3; ++i) {
      auto ack =
          customer.request(send_text(id, "c-" + std::to_string(i), "m-" + std::to_string(i)));
      ASSERT_TRUE(ack && ack->has_send_ack()) << i;
    }
    a.kill9();
  }
  // Until node-b owns the shop, an API call on it finds no owner: a clear refusal (502 while
  // the last beat is fresh, 503 after), never a hang.
  const auto orphan = http_request(b.port(), "GET", "/api/kpis");
  EXPECT_TRUE(orphan.status == 502 || orphan.status == 503 || orphan.status == 401)
      << orphan.status << " " << orphan.body;
  // The relayed session ends with 1001 (owner silent, then node-b takes the shop over).
  EXPECT_EQ(customer.wait_for_close(30s), 1001);
  ASSERT_TRUE(b.log_has("(lease epoch", 60s)) << b.log();
  EXPECT_EQ(lease.inspect(shop).epoch, before.epoch + 1);

  auto agent = agent_on(b);
  customer = customer_on(b);
  const auto got = transcript(customer, id);
  ASSERT_EQ(got.size(), 3u);
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].first, i + 1);
    EXPECT_EQ(got[i].second, "m-" + std::to_string(i + 1));
  }
  auto next = customer.request(send_text(id, "c-4", "m-4"));
  ASSERT_TRUE(next && next->has_send_ack());
  EXPECT_EQ(next->send_ack().seq(), 4u);
  EXPECT_TRUE(agent.receive_until(
      [](const auto& e) { return e.has_message() && e.message().message().seq() == 4u; }));
}

TEST_F(ClusterRelay, ARedisRestartMidStreamLosesAndDoublesNothing) {
  node& a = *a_;
  node& b = *b_;
  auto agent = agent_on(a);
  auto customer = customer_on(b);
  const auto id = start_assigned_chat(customer, agent);
  ASSERT_NE(id, 0u);

  constexpr int total = 10;
  for (int i = 1; i <= total; ++i) {
    if (i == 5) {
      redis_->kill();
      // Sent while Redis is down: never acked (the relay ends the session), resent below.
      customer.send(send_text(id, "c-5", "m-5"));
      EXPECT_EQ(customer.wait_for_close(30s), 1001) << b.log();
      redis_->start();
    }
    const auto seq =
        send_until_acked(customer, b, id, "c-" + std::to_string(i), "m-" + std::to_string(i));
    EXPECT_EQ(seq, static_cast<std::uint64_t>(i));
  }
  const auto got = transcript(customer, id);
  ASSERT_EQ(got.size(), static_cast<std::size_t>(total)) << "each message once";
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].first, i + 1);
    EXPECT_EQ(got[i].second, "m-" + std::to_string(i + 1));
  }
  // The agent on the owner saw every message; a resend of an acked one is a duplicate.
  auto dup = customer.request(send_text(id, "c-3", "m-3"));
  ASSERT_TRUE(dup && dup->has_send_ack());
  EXPECT_TRUE(dup->send_ack().duplicate());
  EXPECT_EQ(dup->send_ack().seq(), 3u);
}

// The "owner killed" case on three nodes: customers and agents spread over all of them
// (most relayed), a message stream, kill -9 of the owner. A relay takes the lease with epoch + 1;
// every client reconnects to a surviving node and resumes; every acked message is there once,
// in order; on the new owner's board no conversation has two assignees and no agent is over
// capacity.
TEST(ClusterRelayThreeNodes, KillingTheOwnerLosesNoAckedMessageAndDoublesNoAssignment) {
  ASSERT_FALSE(dsn().empty()) << "run through ctest: it starts PostgreSQL";
  temp_dir dir;
  const auto schema = schema_for(dir);
  redis_process redis(free_loopback_port());
  node a(dir, "node-a", schema, redis.port());
  node b(dir, "node-b", schema, redis.port());
  node c(dir, "node-c", schema, redis.port());
  a.start();
  ASSERT_TRUE(a.wait_ready(60s)) << a.log();
  b.start();
  c.start();
  ASSERT_TRUE(b.log_has("relays shop", 30s)) << b.log();
  ASSERT_TRUE(c.log_has("relays shop", 30s)) << c.log();
  store::postgres_lease lease(dsn(), schema);
  const auto before = lease.inspect(shop);

  // Where each customer is: two on node-b, one on the owner, one on node-c.
  const std::vector<std::string> visitors{"v-1", "v-2", "v-3", "v-4"};
  std::vector<node*> home{&b, &b, &a, &c};
  std::vector<std::uint64_t> ids;
  {
    auto agent1 = agent_on(b, "pre-1");
    auto agent2 = agent_on(c, "pre-2");
    std::vector<ws_client> customers;
    for (std::size_t k = 0; k < visitors.size(); ++k) {
      customers.push_back(customer_on(*home[k], visitors[k]));
      auto started = customers[k].request(start_conversation(v1::STAGE_PRE_SALES));
      ASSERT_TRUE(started && started->has_conversation_started()) << visitors[k];
      ids.push_back(started->conversation_started().conversation().conversation_id());
    }
    for (int i = 1; i <= 3; ++i) {
      for (std::size_t k = 0; k < visitors.size(); ++k) {
        auto ack = customers[k].request(send_text(ids[k], visitors[k] + "-" + std::to_string(i),
                                                  visitors[k] + " says " + std::to_string(i)));
        ASSERT_TRUE(ack && ack->has_send_ack()) << visitors[k] << " " << i;
        EXPECT_EQ(ack->send_ack().seq(), static_cast<std::uint64_t>(i));
      }
    }
    a.kill9();
    for (std::size_t k = 0; k < visitors.size(); ++k) {
      if (home[k] != &a) {
        EXPECT_EQ(customers[k].wait_for_close(30s), 1001) << visitors[k];
      }
    }
  }
  // One of the relays takes the shop over.
  node* owner = nullptr;
  for (int i = 0; i < 600 && owner == nullptr; ++i) {
    for (node* n : {&b, &c}) {
      if (n->log_has("(lease epoch", 30ms)) {
        owner = n;
        break;
      }
    }
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_NE(owner, nullptr) << b.log() << c.log();
  node* relay = owner == &b ? &c : &b;
  const auto after = lease.inspect(shop);
  EXPECT_EQ(after.epoch, before.epoch + 1);
  EXPECT_EQ(after.owner, owner == &b ? "node-b" : "node-c");

  // Everyone back, half of them through the surviving relay.
  auto agent1 = agent_on(*relay, "pre-1");
  auto agent2 = agent_on(*owner, "pre-2");
  for (std::size_t k = 0; k < visitors.size(); ++k) {
    auto customer = customer_on(k % 2 == 0 ? *relay : *owner, visitors[k]);
    const auto dup = customer.request(send_text(ids[k], visitors[k] + "-3", visitors[k] + " says 3"));
    ASSERT_TRUE(dup && dup->has_send_ack());
    EXPECT_TRUE(dup->send_ack().duplicate()) << visitors[k];
    auto next = customer.request(send_text(ids[k], visitors[k] + "-4", visitors[k] + " says 4"));
    ASSERT_TRUE(next && next->has_send_ack());
    EXPECT_EQ(next->send_ack().seq(), 4u) << visitors[k];
    const auto got = transcript(customer, ids[k]);
    ASSERT_EQ(got.size(), 4u) << visitors[k];
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].first, i + 1);
      EXPECT_EQ(got[i].second, visitors[k] + " says " + std::to_string(i + 1));
    }
  }

  const auto board = board_on(
      *relay,
      [&](const v1::BoardSnapshot& snapshot) {
        std::size_t assigned = 0;
        for (const auto& row : snapshot.agents()) {
          assigned += static_cast<std::size_t>(row.conversations_size());
        }
        return assigned == ids.size();
      },
      20s);
  ASSERT_TRUE(board) << "every conversation has an agent again on the new owner's board";
  std::set<std::uint64_t> seen;
  for (const auto& row : board->agents()) {
    EXPECT_LE(row.load(), row.capacity()) << row.agent_id();
    for (auto id : row.conversations()) {
      EXPECT_TRUE(seen.insert(id).second) << "conversation " << id << " has two assignees";
    }
  }
  EXPECT_EQ(seen.size(), ids.size());
}

}  // namespace
}  // namespace fenliu::testing
