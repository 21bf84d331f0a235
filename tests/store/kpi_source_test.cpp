// The rows the KPIs read (part "kpis"): one shop, one period, what the buyer saw, the limit.

#include <gtest/gtest.h>

#include <functional>

#include "store_suite.hpp"

namespace fenliu::store::test {
namespace {

void write_ok(const std::function<std::error_code(callback<bool>)>& fn) {
  waiter<bool> w;
  ASSERT_FALSE(fn(w.cb()));
  auto r = w.get();
  ASSERT_FALSE(r.ec) << r.ec.message();
}

conversation_record at(std::string customer, time_ms created, std::string shop = "shop-1") {
  auto r = conversation(std::move(customer), std::move(shop));
  r.created_at = created;
  r.queued_at = created;
  r.updated_at = created;
  return r;
}

outcome<kpi_source> source(store& s, time_ms from, time_ms to, time_ms orders_until,
                           std::size_t max = 0) {
  return read_sync<kpi_source>(
      [&](auto cb) { s.kpi_source_of("shop-1", from, to, orders_until, max, cb); });
}

TEST_P(store_suite, kpi_source_reads_the_period_of_one_shop) {
  auto s = open();
  const auto before = create_sync(*s, at("b0", 999));
  const auto c1 = create_sync(*s, at("b1", 1000));
  const auto c2 = create_sync(*s, at("b2", 1999));
  const auto after = create_sync(*s, at("b3", 2000));
  const auto other = create_sync(*s, at("b1", 1500, "shop-2"));
  // c1: assigned then closed; a customer message, an agent reply, a whisper, a system notice.
  auto rec = at("b1", 1000);
  rec.id = c1;
  rec.state = conversation_state::active;
  rec.agent_id = "agent-1";
  rec.updated_at = 1100;
  write_ok([&](auto cb) { return s->update_conversation(rec, cb); });
  rec.state = conversation_state::closed;
  rec.updated_at = 1300;
  write_ok([&](auto cb) { return s->update_conversation(rec, cb); });
  ASSERT_FALSE(append_sync(*s, text(c1, "b1", "m1", "hi", 1010)).ec);
  auto reply = text(c1, "agent-1", "m2", "hello", 1020);
  reply.role = sender_role::agent;
  ASSERT_FALSE(append_sync(*s, reply).ec);
  auto whisper = text(c1, "sup-1", "m3", "psst", 1030);
  whisper.role = sender_role::supervisor;
  whisper.staff_only = true;
  ASSERT_FALSE(append_sync(*s, whisper).ec);
  auto notice = text(c1, "system", "m4", "closed", 1040);
  notice.role = sender_role::system;
  notice.kind = message_kind::system_notice;
  ASSERT_FALSE(append_sync(*s, notice).ec);
  auto bot = text(c2, "bot", "m5", "answer", 2001);
  bot.role = sender_role::bot;
  bot.kind = message_kind::bot_answer;
  ASSERT_FALSE(append_sync(*s, bot).ec);
  ASSERT_FALSE(append_sync(*s, text(other, "b1", "m6", "elsewhere", 1600)).ec);
  write_ok([&](auto cb) { return s->save_rating({c1, 5, "good", 1400}, cb); });
  write_ok([&](auto cb) { return s->save_rating({after, 1, "late", 2400}, cb); });
  write_ok([&](auto cb) { return s->save_left_message({c2, "b2", "call me", "138", 2100}, cb); });
  write_ok([&](auto cb) { return s->save_qa_review({c1, "qa-1", "{}", 90, "", 1500}, cb); });
  write_ok([&](auto cb) { return s->save_qa_review({before, "qa-1", "{}", 10, "", 1500}, cb); });
  // Orders of b1: before the period, inside [from, orders_until), and at orders_until.
  ASSERT_FALSE(s->upsert_order({"o1", "shop-1", "b1", "paid", {}, 100, 999, 999}));
  ASSERT_FALSE(s->upsert_order({"o2", "shop-1", "b1", "paid", {}, 100, 1200, 1200}));
  ASSERT_FALSE(s->upsert_order({"o3", "shop-1", "b1", "paid", {}, 100, 5000, 5000}));
  ASSERT_FALSE(s->upsert_order({"o4", "shop-1", "b3", "paid", {}, 100, 2500, 2500}));
  write_ok([&](auto cb) { return s->upsert_shop({"shop-1", "Shop", "", 0}, cb); });  // committed

  const auto got = source(*s, 1000, 2000, 5000);
  ASSERT_FALSE(got.ec) << got.ec.message();
  const auto& k = got.value;
  EXPECT_EQ(k.total, 2u);
  ASSERT_EQ(k.conversations.size(), 2u);
  EXPECT_EQ(k.conversations[0].id, c1);
  EXPECT_EQ(k.conversations[0].state, conversation_state::closed);
  EXPECT_EQ(k.conversations[0].agent_id, "agent-1");
  EXPECT_EQ(k.conversations[0].created_at, 1000);
  EXPECT_EQ(k.conversations[0].updated_at, 1300);
  EXPECT_EQ(k.conversations[1].id, c2);
  ASSERT_EQ(k.history.size(), 2u);
  EXPECT_EQ(k.history[0].at, 1100);
  EXPECT_EQ(k.history[0].state, conversation_state::active);
  EXPECT_EQ(k.history[1].state, conversation_state::closed);
  // The whisper and the system notice are not read.
  ASSERT_EQ(k.messages.size(), 3u);
  EXPECT_EQ(k.messages[0].role, sender_role::customer);
  EXPECT_EQ(k.messages[0].created_at, 1010);
  EXPECT_EQ(k.messages[1].role, sender_role::agent);
  EXPECT_EQ(k.messages[2].conversation, c2);
  EXPECT_EQ(k.messages[2].role, sender_role::bot);
  ASSERT_EQ(k.ratings.size(), 1u);
  EXPECT_EQ(k.ratings[0].stars, 5);
  ASSERT_EQ(k.left_messages.size(), 1u);
  EXPECT_EQ(k.left_messages[0].at, 2100);
  ASSERT_EQ(k.qa_reviews.size(), 1u);
  EXPECT_EQ(k.qa_reviews[0].total, 90);
  ASSERT_EQ(k.orders.size(), 1u);
  EXPECT_EQ(k.orders[0].customer_id, "b1");
  EXPECT_EQ(k.orders[0].created_at, 1200);
}

TEST_P(store_suite, kpi_source_reads_nothing_past_the_limit) {
  auto s = open();
  create_sync(*s, at("b1", 1000));
  create_sync(*s, at("b2", 1001));
  const auto at_limit = source(*s, 0, 5000, 5000, 2);
  ASSERT_FALSE(at_limit.ec);
  EXPECT_EQ(at_limit.value.total, 2u);
  EXPECT_EQ(at_limit.value.conversations.size(), 2u);
  const auto over = source(*s, 0, 5000, 5000, 1);
  ASSERT_FALSE(over.ec);
  EXPECT_EQ(over.value.total, 2u);
  EXPECT_TRUE(over.value.conversations.empty());
  const auto empty = source(*s, 3000, 5000, 5000);
  ASSERT_FALSE(empty.ec);
  EXPECT_EQ(empty.value.total, 0u);
}

}  // namespace
}  // namespace fenliu::store::test
