// The customer record and quick phrases in the store: tags, notes, who served last, the
// record's lists in one read, phrases of the shop and of each agent.

#include <gtest/gtest.h>

#include "store_suite.hpp"

namespace fenliu::store::test {
namespace {

template <class T>
T write_sync(const std::function<std::error_code(callback<T>)>& fn) {
  waiter<T> w;
  EXPECT_FALSE(fn(w.cb()));
  auto r = w.get();
  EXPECT_FALSE(r.ec) << r.ec.message();
  return r.value;
}

customer_file file_of(records& s, const std::string& customer, customer_file_limits l = {}) {
  auto r = read_sync<customer_file>([&](auto cb) { s.customer_file_of(customer, 0, l, cb); });
  EXPECT_FALSE(r.ec) << r.ec.message();
  return r.value;
}

TEST_P(store_suite, an_unknown_customer_has_an_empty_file_not_an_error) {
  auto s = open();
  const auto f = file_of(*s, "nobody");
  EXPECT_FALSE(f.known);
  EXPECT_EQ(f.customer.id, "nobody");
  EXPECT_TRUE(f.orders.empty() && f.notes.empty() && f.conversations.empty());
}

TEST_P(store_suite, tags_and_the_last_agent_are_written_without_touching_each_other) {
  auto s = open();
  customer_row row;
  row.id = "c-1";
  row.shop_id = "shop-1";
  row.display_name = "王小姐";
  row.vip_level = 2;
  row.vip = true;
  row.tags = {"老客户"};
  ASSERT_FALSE(s->upsert_customer(row));
  write_sync<bool>([&](auto cb) {
    return s->set_customer_tags("c-1", "shop-1", {"急单", "爱买鞋"}, cb);
  });
  ASSERT_FALSE(s->record_served("c-1", "shop-1", "li.na", 5000));
  // A customer the store did not know is created by either.
  ASSERT_FALSE(s->record_served("c-2", "shop-1", "wang.wei", 6000));
  write_sync<bool>([&](auto cb) { return s->set_customer_tags("c-3", "shop-1", {"新客"}, cb); });

  auto f = file_of(*s, "c-1");
  EXPECT_TRUE(f.known);
  EXPECT_EQ(f.customer.display_name, "王小姐");
  EXPECT_EQ(f.customer.vip_level, 2);
  EXPECT_EQ(f.customer.tags, (std::vector<std::string>{"急单", "爱买鞋"}));
  EXPECT_EQ(f.customer.last_agent_id, "li.na");
  EXPECT_EQ(f.customer.last_served_at, 5000);
  EXPECT_EQ(file_of(*s, "c-2").customer.last_agent_id, "wang.wei");
  EXPECT_EQ(file_of(*s, "c-3").customer.tags, std::vector<std::string>{"新客"});
}

TEST_P(store_suite, the_file_holds_notes_conversations_with_ratings_and_left_messages) {
  auto s = open();
  auto first = conversation("c-1");
  first.created_at = 1000;
  first.id = create_sync(*s, first);
  first.state = conversation_state::closed;
  first.agent_id = "li.na";
  first.updated_at = 1500;
  write_sync<bool>([&](auto cb) { return s->update_conversation(first, cb); });
  write_sync<bool>([&](auto cb) { return s->save_rating({first.id, 4, "挺好", 1600}, cb); });
  auto second = conversation("c-1");
  second.created_at = 2000;
  second.id = create_sync(*s, second);
  write_sync<bool>([&](auto cb) {
    return s->save_left_message({second.id, "c-1", "请回电", "138 0000 0000", 2100}, cb);
  });
  for (int i = 0; i < 3; ++i) {
    customer_note_row n;
    n.customer_id = "c-1";
    n.shop_id = "shop-1";
    n.author_id = "li.na";
    n.author_name = "李娜";
    n.text = "note " + std::to_string(i);
    n.at = 3000 + i;
    EXPECT_GT(write_sync<std::uint64_t>([&](auto cb) { return s->add_customer_note(n, cb); }), 0u);
  }
  (void)create_sync(*s, conversation("someone-else"));

  auto f = file_of(*s, "c-1", {20, 2, 20, 20});
  ASSERT_EQ(f.notes.size(), 2u) << "cut at the limit";
  EXPECT_EQ(f.notes[0].text, "note 2");  // newest first
  EXPECT_EQ(f.notes[0].author_name, "李娜");
  ASSERT_EQ(f.conversations.size(), 2u);
  EXPECT_EQ(f.conversations[0].id, second.id);
  EXPECT_EQ(f.conversations[1].id, first.id);
  EXPECT_EQ(f.conversations[1].agent_id, "li.na");
  EXPECT_EQ(f.conversations[1].rating_stars, 4);
  EXPECT_EQ(f.conversations[1].rating_comment, "挺好");
  EXPECT_EQ(f.conversations[1].state, conversation_state::closed);
  ASSERT_EQ(f.left_messages.size(), 1u);
  EXPECT_EQ(f.left_messages[0].contact, "138 0000 0000");
  auto excluded = read_sync<customer_file>([&](auto cb) {
    s->customer_file_of("c-1", second.id, {}, cb);
  });
  ASSERT_EQ(excluded.value.conversations.size(), 1u);
  EXPECT_EQ(excluded.value.conversations[0].id, first.id);
}

TEST_P(store_suite, shop_phrases_are_replaced_by_a_sync_and_agents_keep_their_own) {
  auto s = open();
  auto phrase = [](std::string id, std::string owner, std::string shortcut, int position = 0) {
    quick_phrase_row p;
    p.id = std::move(id);
    p.shop_id = "shop-1";
    p.owner_id = std::move(owner);
    p.group = "问候";
    p.shortcut = std::move(shortcut);
    p.text = "您好";
    p.position = position;
    return p;
  };
  write_sync<bool>([&](auto cb) {
    return s->sync_shop_phrases("shop-1", {phrase("s-b", "", "b", 0), phrase("s-a", "", "a", 1)},
                                cb);
  });
  write_sync<bool>([&](auto cb) { return s->save_quick_phrase(phrase("p-1", "li.na", "z"), cb); });
  write_sync<bool>([&](auto cb) { return s->save_quick_phrase(phrase("p-2", "wang", "y"), cb); });
  // A later sync replaces the shop's, never an agent's.
  write_sync<bool>([&](auto cb) {
    return s->sync_shop_phrases("shop-1", {phrase("s-c", "li.na", "c")}, cb);
  });
  auto all = read_sync<std::vector<quick_phrase_row>>([&](auto cb) {
    s->quick_phrases_of("shop-1", cb);
  });
  ASSERT_EQ(all.value.size(), 3u);
  EXPECT_EQ(all.value[0].id, "s-c");
  EXPECT_TRUE(all.value[0].owner_id.empty()) << "a synced phrase is the shop's";
  EXPECT_EQ(all.value[1].id, "p-1");
  EXPECT_EQ(all.value[2].id, "p-2");

  // Deleting needs the owner; another agent's or a shop phrase is not found.
  waiter<bool> not_mine;
  ASSERT_FALSE(s->delete_quick_phrase("p-1", "wang", not_mine.cb()));
  EXPECT_EQ(not_mine.get().ec, errc::not_found);
  waiter<bool> shop;
  ASSERT_FALSE(s->delete_quick_phrase("s-c", "", shop.cb()));
  EXPECT_EQ(shop.get().ec, errc::not_found);
  write_sync<bool>([&](auto cb) { return s->delete_quick_phrase("p-1", "li.na", cb); });
  all = read_sync<std::vector<quick_phrase_row>>([&](auto cb) {
    s->quick_phrases_of("shop-1", cb);
  });
  EXPECT_EQ(all.value.size(), 2u);
}

}  // namespace
}  // namespace fenliu::store::test
