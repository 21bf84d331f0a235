// Conversations, their history and the records around them; config (shops, agents, FAQ).

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "store_suite.hpp"

namespace fenliu::store::test {
namespace {

void write_ok(const std::function<std::error_code(callback<bool>)>& fn) {
  waiter<bool> w;
  ASSERT_FALSE(fn(w.cb()));
  auto r = w.get();
  ASSERT_FALSE(r.ec) << r.ec.message();
}

TEST_P(store_suite, update_conversation_keeps_an_assignment_history) {
  auto s = open();
  auto rec = conversation("buyer-1");
  rec.entry_page = "product";
  rec.entry_product_id = "p-9";
  rec.id = create_sync(*s, rec);

  rec.state = conversation_state::active;
  rec.agent_id = "agent-1";
  rec.updated_at = 1100;
  write_ok([&](auto cb) { return s->update_conversation(rec, cb); });
  rec.priority = 3;  // not a phase change: no history row
  rec.updated_at = 1150;
  write_ok([&](auto cb) { return s->update_conversation(rec, cb); });
  rec.stage = stage_code::after_sales;  // transfer
  rec.agent_id = "agent-2";
  rec.updated_at = 1200;
  write_ok([&](auto cb) { return s->update_conversation(rec, cb); });

  auto got = read_sync<conversation_record>([&](auto cb) { s->get_conversation(rec.id, cb); });
  ASSERT_FALSE(got.ec);
  EXPECT_EQ(got.value.agent_id, "agent-2");
  EXPECT_EQ(got.value.stage, stage_code::after_sales);
  EXPECT_EQ(got.value.priority, 3);
  EXPECT_EQ(got.value.entry_product_id, "p-9");
  EXPECT_EQ(got.value.updated_at, 1200);

  // 0 keeps priority and queued_at (a caller that does not track them must not erase them).
  auto partial = rec;
  partial.priority = 0;
  partial.queued_at = 0;
  partial.updated_at = 1300;
  write_ok([&](auto cb) { return s->update_conversation(partial, cb); });
  got = read_sync<conversation_record>([&](auto cb) { s->get_conversation(rec.id, cb); });
  EXPECT_EQ(got.value.priority, 3);
  EXPECT_EQ(got.value.queued_at, 1000);
  EXPECT_EQ(got.value.updated_at, 1300);

  auto history =
      read_sync<std::vector<assignment_row>>([&](auto cb) { s->assignments_of(rec.id, cb); });
  ASSERT_EQ(history.value.size(), 2u);
  EXPECT_EQ(history.value[0].agent_id, "agent-1");
  EXPECT_EQ(history.value[0].at, 1100);
  EXPECT_EQ(history.value[1].agent_id, "agent-2");
  EXPECT_EQ(history.value[1].stage, stage_code::after_sales);

  auto missing = conversation("nobody");
  missing.id = 999;
  waiter<bool> w;
  ASSERT_FALSE(s->update_conversation(missing, w.cb()));
  EXPECT_EQ(w.get().ec, errc::not_found);
}

TEST_P(store_suite, open_conversations_in_queued_order_and_per_participant) {
  auto s = open();
  auto make = [&](std::string customer, time_ms queued, conversation_state st, std::string agent) {
    auto r = conversation(std::move(customer));
    r.queued_at = queued;
    r.state = st;
    r.agent_id = std::move(agent);
    return create_sync(*s, r);
  };
  const auto late = make("buyer-1", 300, conversation_state::queued, "");
  const auto early = make("buyer-2", 100, conversation_state::active, "agent-1");
  const auto closed = make("buyer-1", 50, conversation_state::closed, "agent-1");
  const auto middle = make("buyer-3", 200, conversation_state::left_message, "");

  auto all = s->load_open_conversations();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, early);
  EXPECT_EQ(all[1].id, middle);
  EXPECT_EQ(all[2].id, late);

  auto of_buyer = read_sync<std::vector<conversation_record>>(
      [&](auto cb) { s->open_conversations_of("buyer-1", cb); });
  ASSERT_EQ(of_buyer.value.size(), 1u);
  EXPECT_EQ(of_buyer.value[0].id, late);
  auto of_agent = read_sync<std::vector<conversation_record>>(
      [&](auto cb) { s->open_conversations_of("agent-1", cb); });
  ASSERT_EQ(of_agent.value.size(), 1u);
  EXPECT_EQ(of_agent.value[0].id, early);
  EXPECT_NE(closed, 0u);
}

TEST_P(store_suite, qa_sample_is_closed_conversations_of_a_stage_newest_first) {
  auto s = open();
  std::vector<conversation_id> closed_pre;
  for (int i = 0; i < 5; ++i) {
    auto r = conversation(fmt::format("buyer-{}", i));
    r.state = conversation_state::closed;
    r.stage = i == 4 ? stage_code::after_sales : stage_code::pre_sales;
    r.updated_at = 1000 + i;
    const auto id = create_sync(*s, r);
    if (r.stage == stage_code::pre_sales) {
      closed_pre.push_back(id);
    }
  }
  create_sync(*s, conversation("buyer-open"));
  auto sample = read_sync<std::vector<conversation_record>>(
      [&](auto cb) { s->qa_sample(stage_code::pre_sales, 3, cb); });
  ASSERT_EQ(sample.value.size(), 3u);
  EXPECT_EQ(sample.value[0].id, closed_pre[3]);
  EXPECT_EQ(sample.value[2].id, closed_pre[1]);
  auto any = read_sync<std::vector<conversation_record>>(
      [&](auto cb) { s->qa_sample(std::nullopt, 100, cb); });
  EXPECT_EQ(any.value.size(), 5u);
}

TEST_P(store_suite, customers_with_tags_and_orders_with_items_are_replaced_on_upsert) {
  auto s = open();
  customer_row c{"buyer-1", "shop-1", "李雷 Li Lei", {"vip", "回头客"}, true, "agent-1", 900};
  ASSERT_FALSE(s->upsert_customer(c));
  order_row o{"o-1",
              "shop-1",
              "buyer-1",
              "paid",
              {{"p-1", "龙井 Longjing 250g", 2, 1999}, {"p-2", "Teapot", 1, 4500}},
              8498,
              10,
              20};
  ASSERT_FALSE(s->upsert_order(o));
  order_row older{"o-0", "shop-1", "buyer-1", "delivered", {{"p-3", "Cup", 1, 300}}, 300, 1, 2};
  ASSERT_FALSE(s->upsert_order(older));
  c.tags = {"complained"};
  c.vip = false;
  ASSERT_FALSE(s->upsert_customer(c));
  o.status = "shipped";
  o.items.pop_back();
  o.updated_at = 30;
  ASSERT_FALSE(s->upsert_order(o));

  // Reads queue behind nothing on the writer: wait for a write with a callback first.
  write_ok([&](auto cb) {
    return s->upsert_shop(shop_row{"shop-1", "Tea", "Asia/Shanghai", 1}, cb);
  });
  auto got = read_sync<customer_row>([&](auto cb) { s->get_customer("buyer-1", cb); });
  ASSERT_FALSE(got.ec);
  EXPECT_EQ(got.value.display_name, "李雷 Li Lei");
  EXPECT_EQ(got.value.tags, std::vector<std::string>{"complained"});
  EXPECT_FALSE(got.value.vip);
  EXPECT_EQ(read_sync<customer_row>([&](auto cb) { s->get_customer("nobody", cb); }).ec,
            errc::not_found);

  auto orders = read_sync<std::vector<order_row>>([&](auto cb) { s->orders_of("buyer-1", cb); });
  ASSERT_EQ(orders.value.size(), 2u);
  EXPECT_EQ(orders.value[0].id, "o-1");  // most recently updated first
  EXPECT_EQ(orders.value[0].status, "shipped");
  ASSERT_EQ(orders.value[0].items.size(), 1u);
  EXPECT_EQ(orders.value[0].items[0].title, "龙井 Longjing 250g");
  EXPECT_EQ(orders.value[0].items[0].quantity, 2);
  EXPECT_EQ(orders.value[1].items.size(), 1u);
}

TEST_P(store_suite, decisions_ratings_reviews_and_left_messages) {
  auto s = open();
  const auto c = create_sync(*s, conversation("buyer-1"));
  ASSERT_FALSE(s->record_decision({c, 10, "least_load", "agent-1",
                                   R"([{"agent":"agent-2","rejected_because":"at_capacity"}])"}));
  ASSERT_FALSE(s->record_decision({c, 20, "sticky", "agent-3", "[]"}));
  write_ok([&](auto cb) { return s->save_rating({c, 4, "ok", 30}, cb); });
  write_ok([&](auto cb) { return s->save_rating({c, 5, "great after all", 40}, cb); });
  write_ok([&](auto cb) {
    return s->save_qa_review({c, "qa-1", R"({"greeting":5})", 5, "", 50}, cb);
  });

  auto left_rec = conversation("buyer-2");
  left_rec.state = conversation_state::left_message;
  const auto left = create_sync(*s, left_rec);
  write_ok([&](auto cb) {
    return s->save_left_message({left, "buyer-2", "请回电 please call", "138****0000", 60}, cb);
  });
  write_ok([&](auto cb) { return s->save_left_message({c, "buyer-1", "served", "", 61}, cb); });

  auto decisions = read_sync<std::vector<decision_row>>([&](auto cb) { s->decisions_of(c, cb); });
  ASSERT_EQ(decisions.value.size(), 2u);
  EXPECT_EQ(decisions.value[0].rule, "least_load");
  EXPECT_NE(decisions.value[0].candidates_json.find("at_capacity"), std::string::npos);
  EXPECT_EQ(decisions.value[1].winner, "agent-3");
  auto rating = read_sync<rating_row>([&](auto cb) { s->rating_of(c, cb); });
  EXPECT_EQ(rating.value.stars, 5);
  auto reviews = read_sync<std::vector<qa_review_row>>([&](auto cb) { s->qa_reviews_of(c, cb); });
  ASSERT_EQ(reviews.value.size(), 1u);
  EXPECT_EQ(reviews.value[0].total, 5);
  auto pending = read_sync<std::vector<left_message_row>>(
      [&](auto cb) { s->pending_left_messages("shop-1", 10, cb); });
  ASSERT_EQ(pending.value.size(), 1u);  // only conversations still waiting in left_message
  EXPECT_EQ(pending.value[0].conversation, left);
  EXPECT_EQ(pending.value[0].text, "请回电 please call");
}

TEST_P(store_suite, sync_agents_replaces_the_shops_agents) {
  auto s = open();
  agent_row a{"agent-1",
              "shop-1",
              "Wang",
              {stage_code::pre_sales, stage_code::in_sale},
              {{"tea", 5}, {"refund", 3}},
              {{0, "", 540, 720}, {0, "", 780, 1080}, {0, "2026-12-24", 600, 660}},
              {"2026-10-01"},
              6,
              true,
              false};
  agent_row b{"agent-2", "shop-1", "Zhao", {stage_code::after_sales}, {{"refund", 4}}, {}, {},
              4,         false,    true};
  agent_row other{"agent-9", "shop-2", "Sun", {stage_code::pre_sales}, {}, {}, {}, 5, false, true};
  write_ok([&](auto cb) { return s->sync_agents("shop-1", {a, b}, cb); });
  write_ok([&](auto cb) { return s->sync_agents("shop-2", {other}, cb); });

  auto agents = read_sync<std::vector<agent_row>>([&](auto cb) { s->agents_of("shop-1", cb); });
  ASSERT_EQ(agents.value.size(), 2u);
  const auto& got = agents.value[0];
  EXPECT_EQ(got.id, "agent-1");
  EXPECT_EQ(got.stages, (std::vector<stage_code>{stage_code::pre_sales, stage_code::in_sale}));
  ASSERT_EQ(got.skills.size(), 2u);
  EXPECT_EQ(got.skills[0].skill, "refund");  // by name
  EXPECT_EQ(got.skills[1].level, 5);
  ASSERT_EQ(got.shifts.size(), 3u);
  EXPECT_EQ(got.shifts[1].start_minute, 780);
  EXPECT_EQ(got.shifts[2].date, "2026-12-24");
  EXPECT_EQ(got.holidays, std::vector<std::string>{"2026-10-01"});
  EXPECT_EQ(got.capacity, 6);
  EXPECT_TRUE(got.supervisor);

  // Hot reload: agent-2 left, agent-1 lost a skill.
  a.skills = {{"tea", 4}};
  a.shifts.clear();
  write_ok([&](auto cb) { return s->sync_agents("shop-1", {a}, cb); });
  agents = read_sync<std::vector<agent_row>>([&](auto cb) { s->agents_of("shop-1", cb); });
  ASSERT_EQ(agents.value.size(), 1u);
  ASSERT_EQ(agents.value[0].skills.size(), 1u);
  EXPECT_EQ(agents.value[0].skills[0].level, 4);
  EXPECT_TRUE(agents.value[0].shifts.empty());
  auto shop2 = read_sync<std::vector<agent_row>>([&](auto cb) { s->agents_of("shop-2", cb); });
  EXPECT_EQ(shop2.value.size(), 1u);  // other shops untouched
}

TEST_P(store_suite, sync_faq_replaces_the_shops_entries_and_survives_a_restart) {
  // Positions against id order: faq_of follows position, not id.
  faq_row shipping{"shop-1", "shipping_time", stage_code::pre_sales,
                   R"({"examples":["多久发货"],"answer_zh":"48小时内发货"})", 0};
  faq_row refund{"shop-1", "refund", stage_code::after_sales, R"({"keywords":["退款"]})", 1};
  faq_row other{"shop-2", "hours", stage_code::in_sale, "{}", 0};
  {
    auto s = open();
    write_ok([&](auto cb) { return s->sync_faq("shop-1", {shipping, refund}, cb); });
    write_ok([&](auto cb) { return s->sync_faq("shop-2", {other}, cb); });

    auto got = read_sync<std::vector<faq_row>>([&](auto cb) { s->faq_of("shop-1", cb); });
    ASSERT_FALSE(got.ec) << got.ec.message();
    ASSERT_EQ(got.value.size(), 2u);
    EXPECT_EQ(got.value[0].shop_id, "shop-1");
    EXPECT_EQ(got.value[0].id, "shipping_time");
    EXPECT_EQ(got.value[0].stage, stage_code::pre_sales);
    EXPECT_EQ(got.value[0].body_json, shipping.body_json);
    EXPECT_EQ(got.value[0].position, 0);
    EXPECT_EQ(got.value[1].shop_id, "shop-1");
    EXPECT_EQ(got.value[1].id, "refund");
    EXPECT_EQ(got.value[1].stage, stage_code::after_sales);
    EXPECT_EQ(got.value[1].body_json, refund.body_json);
    EXPECT_EQ(got.value[1].position, 1);

    // A new config: only the refund entry, now with another answer.
    refund.body_json = R"({"answer_en":"Refunds take 3 days"})";
    refund.position = 0;
    write_ok([&](auto cb) { return s->sync_faq("shop-1", {refund}, cb); });
  }
  auto reopened = open();
  auto got = read_sync<std::vector<faq_row>>([&](auto cb) { reopened->faq_of("shop-1", cb); });
  ASSERT_FALSE(got.ec) << got.ec.message();
  ASSERT_EQ(got.value.size(), 1u);  // shipping_time is gone
  EXPECT_EQ(got.value[0].id, "refund");
  EXPECT_EQ(got.value[0].stage, stage_code::after_sales);
  EXPECT_EQ(got.value[0].body_json, R"({"answer_en":"Refunds take 3 days"})");
  EXPECT_EQ(got.value[0].position, 0);
  auto shop2 = read_sync<std::vector<faq_row>>([&](auto cb) { reopened->faq_of("shop-2", cb); });
  ASSERT_EQ(shop2.value.size(), 1u);  // other shops untouched
  EXPECT_EQ(shop2.value[0].stage, stage_code::in_sale);
  auto none = read_sync<std::vector<faq_row>>([&](auto cb) { reopened->faq_of("shop-9", cb); });
  EXPECT_FALSE(none.ec);
  EXPECT_TRUE(none.value.empty());
}

}  // namespace
}  // namespace fenliu::store::test
