// Hostile and unusual input is stored and returned byte for byte, and never runs as SQL.

#include <gtest/gtest.h>

#include <random>

#include "store_suite.hpp"

namespace fenliu::store::test {
namespace {

TEST_P(store_suite, stored_verbatim) {
  auto s = open();
  const std::string injection = "'); DROP TABLE messages;--";
  auto rec = conversation(injection, "shop\"; DELETE FROM conversations; --");
  rec.entry_page = "' OR 1=1 --";
  const auto c = create_sync(*s, rec);

  std::string with_nul("a\0b\0\0c", 6);
  std::string random(64 * 1024, '\0');
  std::mt19937 gen(42);
  for (auto& ch : random) {
    ch = static_cast<char>(gen() & 0xff);
  }
  const std::vector<std::pair<std::string, std::string>> cases = {
      {injection, injection},
      {"emoji-😀", "👍🏽 好的 thanks 🎉"},
      {"mixed", "这件衣服有 M 号吗? Is size M in stock? 谢谢"},
      {"nul", with_nul},
      {"big", random},
      {"empty", ""},
      {std::string("id\0with-nul", 11), "x"},
      {"bad-utf8-\xff\xfe", "\xc3\x28 invalid utf-8"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    auto m = text(c, injection, cases[i].first, cases[i].second);
    auto r = append_sync(*s, m);
    ASSERT_FALSE(r.ec) << i << ": " << r.ec.message();
    EXPECT_EQ(r.value.seq, i + 1);
  }
  auto r = read_after_sync(*s, c, 0);
  ASSERT_FALSE(r.ec);
  ASSERT_EQ(r.value.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(r.value[i].client_msg_id, cases[i].first) << i;
    EXPECT_EQ(r.value[i].payload, cases[i].second) << i;
    EXPECT_EQ(r.value[i].sender_id, injection);
  }
  EXPECT_EQ(r.value[4].payload.size(), 64u * 1024);

  // Resending a hostile id dedupes like any other.
  auto again = append_sync(*s, text(c, injection, injection, "again"));
  EXPECT_TRUE(again.value.duplicate);
  EXPECT_EQ(again.value.seq, 1u);

  waiter<conversation_record> w;
  s->get_conversation(c, w.cb());
  auto conv = w.get();
  EXPECT_EQ(conv.value.customer_id, injection);
  EXPECT_EQ(conv.value.shop_id, "shop\"; DELETE FROM conversations; --");
  EXPECT_EQ(conv.value.entry_page, "' OR 1=1 --");
  waiter<std::vector<conversation_record>> open_ones;
  s->open_conversations_of(injection, open_ones.cb());
  EXPECT_EQ(open_ones.get().value.size(), 1u);

  customer_row cust{injection, "shop", std::string("名\0字", 5), {injection, "😀"}, false, "", 0};
  ASSERT_FALSE(s->upsert_customer(cust));
  // upsert_customer has no callback; a later write's callback means it committed (FIFO).
  waiter<bool> barrier;
  ASSERT_FALSE(s->upsert_shop(shop_row{injection, injection, "", 1}, barrier.cb()));
  ASSERT_FALSE(barrier.get().ec);
  waiter<customer_row> got;
  s->get_customer(injection, got.cb());
  auto g = got.get();
  ASSERT_FALSE(g.ec);
  EXPECT_EQ(g.value.display_name, std::string("名\0字", 5));
  EXPECT_EQ(g.value.tags.size(), 2u);
}

}  // namespace
}  // namespace fenliu::store::test
