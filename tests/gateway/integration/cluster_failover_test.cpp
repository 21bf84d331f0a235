// Two fenliu processes ([cluster]) on one PostgreSQL schema, real WebSocket clients: the node
// that owns the shop's lease serves, the other stands by. kill -9 of the owner hands the shop
// to the standby with the next epoch and every acked message survives exactly once; an owner
// paused past its lease (SIGSTOP) and woken after the takeover (SIGCONT) stores nothing more
// and stops (exit 75).

#include <gtest/gtest.h>
#include <signal.h>

#include "cluster_node.hpp"
#include "fenliu/store/postgres_lease.hpp"

namespace fenliu::testing {
namespace {

using namespace std::chrono_literals;
using namespace cluster_nodes;

/// node-a owns the shop and serves; node-b stands by (started second, on the same schema).
class ClusterFailover : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dsn().empty()) << "run through ctest: it starts PostgreSQL";
    a_ = std::make_unique<node>(dir, "node-a", schema);
    b_ = std::make_unique<node>(dir, "node-b", schema);
    a_->start();
    ASSERT_TRUE(a_->wait_ready(60s)) << a_->log();
    b_->start();
    ASSERT_TRUE(b_->log_has("stands by", 30s)) << b_->log();
  }

  temp_dir dir;
  const std::string schema = schema_for(dir);
  std::unique_ptr<node> a_;
  std::unique_ptr<node> b_;
};

TEST_F(ClusterFailover, KillingTheOwnerHandsTheShopToTheStandbyWithEveryAckedMessageOnce) {
  node& a = *a_;
  node& b = *b_;
  EXPECT_NE(status_of(b.port(), "/readyz"), 200) << "a standby does not serve";
  store::postgres_lease lease(dsn(), schema);
  const auto before = lease.inspect(shop);
  EXPECT_EQ(before.owner, "node-a");

  std::uint64_t id = 0;
  {
    auto agent = agent_on(a);
    auto customer = customer_on(a);
    auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
    ASSERT_TRUE(started && started->has_conversation_started());
    id = started->conversation_started().conversation().conversation_id();
    ASSERT_TRUE(agent.receive_until([](const auto& e) { return e.has_assigned(); }));
    for (int i = 1; i <= 5; ++i) {
      auto ack = customer.request(send_text(id, "c-" + std::to_string(i), "m-" + std::to_string(i)));
      ASSERT_TRUE(ack && ack->has_send_ack()) << i;
      EXPECT_EQ(ack->send_ack().seq(), static_cast<std::uint64_t>(i));
    }
    a.kill9();
  }

  // Within the lease TTL and a renew interval (bounded here by polls, not asserted as time).
  ASSERT_TRUE(b.wait_ready(60s)) << b.log();
  const auto after = lease.inspect(shop);
  EXPECT_EQ(after.owner, "node-b");
  EXPECT_EQ(after.epoch, before.epoch + 1);

  auto agent = agent_on(b);
  auto customer = customer_on(b);
  const auto got = transcript(customer, id);
  ASSERT_EQ(got.size(), 5u);
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].first, i + 1);
    EXPECT_EQ(got[i].second, "m-" + std::to_string(i + 1));
  }
  // The client's resend of an acked message is a duplicate; the next one continues the seq,
  // and the rebuilt router still has the agent on the conversation.
  auto dup = customer.request(send_text(id, "c-5", "m-5"));
  ASSERT_TRUE(dup && dup->has_send_ack());
  EXPECT_TRUE(dup->send_ack().duplicate());
  EXPECT_EQ(dup->send_ack().seq(), 5u);
  auto next = customer.request(send_text(id, "c-6", "m-6"));
  ASSERT_TRUE(next && next->has_send_ack());
  EXPECT_EQ(next->send_ack().seq(), 6u);
  EXPECT_TRUE(agent.receive_until(
      [](const auto& e) { return e.has_message() && e.message().message().seq() == 6u; }));

  // A clean stop releases the lease at once.
  b.signal(SIGTERM);
  EXPECT_EQ(b.wait_exit(30s), 0) << b.log();
  EXPECT_LE(lease.inspect(shop).remaining_ms, 0);
}

TEST_F(ClusterFailover, AnOwnerPausedPastItsLeaseStoresNothingAfterTheTakeoverAndStops) {
  node& a = *a_;
  node& b = *b_;

  auto agent_a = agent_on(a);
  auto on_a = customer_on(a);
  auto started = on_a.request(start_conversation(v1::STAGE_PRE_SALES));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto id = started->conversation_started().conversation().conversation_id();
  auto one = on_a.request(send_text(id, "c-1", "one"));
  ASSERT_TRUE(one && one->has_send_ack());

  a.signal(SIGSTOP);
  ASSERT_TRUE(b.wait_ready(60s)) << b.log();
  auto on_b = customer_on(b);
  auto two = on_b.request(send_text(id, "c-2", "two"));
  ASSERT_TRUE(two && two->has_send_ack());
  EXPECT_EQ(two->send_ack().seq(), 2u);

  // Sent to the paused owner; it reads the frame when it wakes, after node-b took over.
  on_a.send(send_text(id, "c-3", "three"));
  a.signal(SIGCONT);
  EXPECT_EQ(a.wait_exit(60s), 75) << "it saw the lease gone and stopped\n" << a.log();
  // Whatever node-a answered before it went, it was never an ack.
  for (;;) {
    auto e = on_a.receive(2s);
    if (!e) {
      break;
    }
    EXPECT_FALSE(e->has_send_ack()) << "the paused owner acked a write after the takeover";
  }

  store::postgres_lease lease(dsn(), schema);
  EXPECT_EQ(lease.inspect(shop).owner, "node-b");
  const auto got = transcript(on_b, id);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].second, "one");
  EXPECT_EQ(got[1].second, "two");
}

}  // namespace
}  // namespace fenliu::testing
