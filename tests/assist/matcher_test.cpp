// BM25 and the FAQ matcher on a small fixed set of entries.

#include <gtest/gtest.h>

#include "fenliu/assist/bm25_index.hpp"
#include "fenliu/assist/faq_matcher.hpp"

namespace fenliu::assist {
namespace {

TEST(bm25, ranks_rare_matching_terms_first) {
  bm25_index idx;
  idx.add({{"a"}, {"b"}, {"c"}});
  idx.add({{"a"}, {"d"}});
  idx.add({{"a"}, {"a"}, {"e"}});
  idx.finish();
  EXPECT_GT(idx.idf("d"), idx.idf("a"));
  EXPECT_EQ(idx.idf("zzz"), 0);
  const auto s = idx.score({{"d", 1}});
  EXPECT_EQ(s[0], 0);
  EXPECT_GT(s[1], 0);
  EXPECT_EQ(s[2], 0);
  // A repeated query term counts once, a larger weight counts more.
  const auto once = idx.score({{"b", 1}});
  const auto twice = idx.score({{"b", 1}, {"b", 1}});
  const auto heavy = idx.score({{"b", 2}});
  EXPECT_DOUBLE_EQ(once[0], twice[0]);
  EXPECT_DOUBLE_EQ(heavy[0], 2 * once[0]);
  // Term frequency saturates: tf 2 scores more than tf 1, less than twice as much.
  const auto tf = idx.score({{"a", 1}});
  EXPECT_GT(tf[2], tf[1]);
  EXPECT_LT(tf[2], 2 * tf[1]);
}

std::vector<faq_entry> entries() {
  using router::stage;
  return {
      {"shipping_time",
       stage::pre_sales,
       {"什么时候发货", "几天能发货", "多久能到"},
       {"发货时间"},
       "48 小时内发货",
       "Ships within 48 hours",
       {"转人工"}},
      {"invoice",
       stage::pre_sales,
       {"可以开发票吗", "发票怎么开"},
       {"发票", "开票"},
       "可以开电子发票",
       "We issue e-invoices",
       {}},
      {"shipping_fee",
       stage::pre_sales,
       {"包邮吗", "运费多少钱"},
       {"包邮", "运费"},
       "满 99 包邮",
       "Free over 99",
       {}},
      {"size_advice",
       stage::pre_sales,
       {"穿什么尺码", "尺码偏大吗"},
       {"尺码", "码数"},
       "参考尺码表",
       "See the size chart",
       {}},
  };
}

struct row {
  const char* text;
  const char* faq_id;  // nullptr: not answered
  bool handover;
  const char* intent;
};

TEST(faq_matcher, table) {
  const faq_matcher m(entries(), bot_config{});
  const row rows[] = {
      {"多久寄出", "shipping_time", false, "faq"},
      {"几天可以发出", "shipping_time", false, "faq"},
      {"能开票吗", "invoice", false, "faq"},
      {"can I get an invoice", "invoice", false, "faq"},
      {"包不包邮", "shipping_fee", false, "faq"},
      {"邮费怎么算", "shipping_fee", false, "faq"},
      {"码数准吗", "size_advice", false, "faq"},
      {"我不要发票", nullptr, false, "none"},    // negation
      {"发票不用开了", nullptr, false, "none"},  // post-position negation
      {"这件有红色吗", nullptr, false, "none"},  // a topic no entry covers
      {"转人工", nullptr, true, "handover"},
      {"我的快递到哪了", nullptr, true, "order_status"},  // no order known
      {"发错货了", nullptr, true, "order_problem"},
      {"我要投诉", nullptr, true, "complaint"},
      {"在吗", nullptr, false, "greeting"},
      {"好的 谢谢", nullptr, false, "thanks"},
      {"什么破东西 垃圾", nullptr, false, "unhappy"},
  };
  for (const row& r : rows) {
    const match_result res = m.match(r.text, nullptr);
    EXPECT_EQ(res.faq_id.value_or(""), r.faq_id ? r.faq_id : "") << r.text;
    EXPECT_EQ(res.handover, r.handover) << r.text;
    EXPECT_EQ(res.intent, r.intent) << r.text;
    EXPECT_GE(res.confidence, 0) << r.text;
    EXPECT_LE(res.confidence, 1) << r.text;
  }
}

TEST(faq_matcher, answer_carries_entry_texts) {
  const faq_matcher m(entries(), bot_config{});
  const match_result r = m.match("什么时候能发货呀", nullptr);
  ASSERT_EQ(r.faq_id, "shipping_time");
  EXPECT_EQ(r.answer_zh, "48 小时内发货");
  EXPECT_EQ(r.answer_en, "Ships within 48 hours");
  EXPECT_EQ(r.quick_replies, std::vector<std::string>{"转人工"});
  EXPECT_GE(r.confidence - r.runner_up, bot_config{}.min_margin);
}

TEST(faq_matcher, thresholds_are_configurable) {
  bot_config strict;
  strict.min_confidence = 0.99;
  EXPECT_FALSE(faq_matcher(entries(), strict).match("多久寄出", nullptr).faq_id);
  bot_config no_margin_allowed;
  no_margin_allowed.min_margin = 1.0;
  EXPECT_FALSE(faq_matcher(entries(), no_margin_allowed).match("多久寄出", nullptr).faq_id);
}

TEST(faq_matcher, order_questions_answered_from_the_order) {
  const faq_matcher m(entries(), bot_config{});
  const order_facts shipped{"o-1", "shipped", "中通", "ZT123"};
  const match_result r = m.match("我的快递到哪了", &shipped);
  EXPECT_EQ(r.faq_id, order_status_faq_id);
  EXPECT_FALSE(r.handover);
  EXPECT_NE(r.answer_zh.find("ZT123"), std::string::npos);
  EXPECT_NE(r.answer_zh.find("中通"), std::string::npos);
  EXPECT_NE(r.answer_en.find("ZT123"), std::string::npos);
  // A wrong delivery needs a person even when the order is known.
  const match_result wrong = m.match("发错货了", &shipped);
  EXPECT_TRUE(wrong.handover);
  EXPECT_EQ(wrong.stage, router::stage::after_sales);
  // Without the order: hand over to in-sale shipping.
  const match_result unknown = m.match("where is my order", nullptr);
  EXPECT_TRUE(unknown.handover);
  EXPECT_EQ(unknown.stage, router::stage::in_sale);
}

TEST(faq_matcher, order_status_texts_per_state) {
  std::string zh;
  std::string en;
  order_status_answer({"o-9", "unpaid", "", ""}, zh, en);
  EXPECT_NE(zh.find("未付款"), std::string::npos);
  order_status_answer({"o-9", "shipped", "", ""}, zh, en);
  EXPECT_NE(en.find("the courier"), std::string::npos);  // no carrier known
  order_status_answer({"o-9", "delivered", "", ""}, zh, en);
  EXPECT_NE(zh.find("签收"), std::string::npos);
  order_status_answer({"o-9", "weird", "", ""}, zh, en);
  EXPECT_NE(en.find("weird"), std::string::npos);
}

TEST(faq_matcher, handover_with_refund_routes_to_refunds) {
  const faq_matcher m(entries(), bot_config{});
  const match_result r = m.match("转人工 我要退款", nullptr);
  EXPECT_TRUE(r.handover);
  EXPECT_EQ(r.intent, "handover");
  EXPECT_EQ(r.stage, router::stage::after_sales);
  ASSERT_EQ(r.skills.size(), 1u);
  EXPECT_EQ(r.skills[0].skill, "refunds");
}

TEST(faq_matcher, empty_and_hostile_input) {
  const faq_matcher m(entries(), bot_config{});
  EXPECT_FALSE(m.match("", nullptr).faq_id);
  EXPECT_FALSE(m.match("\xFF\xFE\x80", nullptr).faq_id);
  EXPECT_FALSE(m.match(std::string(10000, 'x'), nullptr).faq_id);
  const faq_matcher none({}, bot_config{});
  EXPECT_FALSE(none.match("什么时候发货", nullptr).faq_id);
}

}  // namespace
}  // namespace fenliu::assist
