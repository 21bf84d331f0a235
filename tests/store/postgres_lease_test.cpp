// Shop leases among cluster nodes and the write fence, on the real PostgreSQL of the store
// tests: two leases (or two stores) on one schema stand for two nodes on one database.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "fenliu/store/postgres_lease.hpp"
#include "postgres_test_util.hpp"

namespace fenliu::store::test {
namespace {

using namespace std::chrono_literals;

outcome<conversation_id> try_create(records& s, conversation_record rec) {
  waiter<conversation_id> w;
  if (const auto ec = s.create_conversation(std::move(rec), w.cb())) {
    return {ec, {}};
  }
  return w.get();
}

// Acquires until `node` holds `shop` (the other node's lease lapses on the database's clock).
lease_state acquire_when_lapsed(postgres_lease& lease, const std::string& shop,
                                const std::string& node) {
  lease_state s;
  for (int i = 0; i < 100000 && !s.held; ++i) {
    s = lease.acquire(shop, node, 60s);
  }
  return s;
}

TEST(postgres_lease, a_running_lease_is_renewed_with_its_epoch_and_refused_to_another_node) {
  temp_dir dir;
  const auto o = postgres_options_for(dir.path());
  postgres_lease a(o.dsn, o.schema);
  postgres_lease b(o.dsn, o.schema);

  const auto first = a.acquire("shop-1", "node-a", 60s);
  ASSERT_TRUE(first.reachable);
  EXPECT_TRUE(first.held);
  EXPECT_EQ(first.epoch, 1);
  EXPECT_GT(first.remaining_ms, 50000);

  const auto refused = b.acquire("shop-1", "node-b", 60s);
  EXPECT_TRUE(refused.reachable);
  EXPECT_FALSE(refused.held);
  EXPECT_EQ(refused.owner, "node-a");
  EXPECT_EQ(refused.epoch, 1);

  const auto renewed = a.acquire("shop-1", "node-a", 60s);
  EXPECT_TRUE(renewed.held);
  EXPECT_EQ(renewed.epoch, 1) << "a lease kept alive keeps its epoch";

  const auto other_shop = b.acquire("shop-2", "node-b", 60s);
  EXPECT_TRUE(other_shop.held);
  EXPECT_EQ(other_shop.epoch, 1);
  EXPECT_EQ(b.inspect("shop-1").owner, "node-a");
  EXPECT_FALSE(b.release("shop-1", "node-b")) << "only the holder releases";
}

TEST(postgres_lease, a_lapsed_or_released_lease_goes_to_the_next_node_with_the_next_epoch) {
  temp_dir dir;
  const auto o = postgres_options_for(dir.path());
  postgres_lease a(o.dsn, o.schema);
  postgres_lease b(o.dsn, o.schema);

  ASSERT_TRUE(a.acquire("shop-1", "node-a", 1ms).held);
  const auto taken = acquire_when_lapsed(b, "shop-1", "node-b");
  ASSERT_TRUE(taken.held);
  EXPECT_EQ(taken.epoch, 2);
  const auto late = a.acquire("shop-1", "node-a", 60s);
  EXPECT_FALSE(late.held) << "the former owner's renewal comes too late";
  EXPECT_EQ(late.owner, "node-b");

  // A clean shutdown hands over at once, and the taker raises the epoch again.
  EXPECT_TRUE(b.release("shop-1", "node-b"));
  const auto back = a.acquire("shop-1", "node-a", 60s);
  EXPECT_TRUE(back.held);
  EXPECT_EQ(back.epoch, 3);
}

TEST(postgres_lease, a_former_owner_is_fenced_after_a_takeover_and_writes_nothing) {
  temp_dir dir;
  auto options_a = postgres_options_for(dir.path());
  auto options_b = options_a;
  options_a.fence = std::make_shared<write_fence>();
  options_b.fence = std::make_shared<write_fence>();
  postgres_lease lease_a(options_a.dsn, options_a.schema);
  postgres_lease lease_b(options_b.dsn, options_b.schema);
  auto node_a = open_postgres_store(options_a);
  auto node_b = open_postgres_store(options_b);

  // Before any lease: nothing is written.
  EXPECT_EQ(try_create(*node_a, conversation("buyer-1")).ec, errc::fenced);

  const auto a = lease_a.acquire("shop-1", "node-a", 1ms);
  ASSERT_TRUE(a.held);
  options_a.fence->hold("shop-1", "node-a", a.epoch);
  const auto c = try_create(*node_a, conversation("buyer-1"));
  ASSERT_FALSE(c.ec) << c.ec.message();
  ASSERT_EQ(append_sync(*node_a, text(c.value, "buyer-1", "m-1", "one")).value.seq, 1u);

  // node-a pauses past its lease; node-b takes over with the next epoch.
  const auto b = acquire_when_lapsed(lease_b, "shop-1", "node-b");
  ASSERT_TRUE(b.held);
  ASSERT_EQ(b.epoch, a.epoch + 1);
  options_b.fence->hold("shop-1", "node-b", b.epoch);

  // node-a wakes up still believing it owns the shop: every write it attempts is refused.
  const auto refusals_before = options_a.fence->refusals();
  EXPECT_EQ(append_sync(*node_a, text(c.value, "buyer-1", "m-2", "two")).ec, errc::fenced);
  EXPECT_EQ(try_create(*node_a, conversation("buyer-2")).ec, errc::fenced);
  EXPECT_EQ(options_a.fence->refusals(), refusals_before + 2);

  // node-b writes the resend; the transcript has each acked message once, in order.
  const auto two = append_sync(*node_b, text(c.value, "buyer-1", "m-2", "two"));
  ASSERT_FALSE(two.ec) << two.ec.message();
  EXPECT_EQ(two.value.seq, 2u);
  const auto read = read_after_sync(*node_b, c.value, 0);
  ASSERT_FALSE(read.ec);
  ASSERT_EQ(read.value.size(), 2u);
  EXPECT_EQ(read.value[0].payload, "one");
  EXPECT_EQ(read.value[1].payload, "two");
  EXPECT_EQ(options_b.fence->refusals(), 0u);

  // A node that lost its lease drops its claim: refused without asking the database.
  options_b.fence->drop();
  EXPECT_EQ(append_sync(*node_b, text(c.value, "buyer-1", "m-3", "three")).ec, errc::fenced);
}

}  // namespace
}  // namespace fenliu::store::test
