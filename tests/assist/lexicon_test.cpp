// Synonyms, negation cues, triggers and intents: table tests on normalised text.

#include <gtest/gtest.h>

#include "fenliu/assist/intents.hpp"
#include "fenliu/assist/negation.hpp"
#include "fenliu/assist/synonyms.hpp"
#include "fenliu/assist/text_normalizer.hpp"
#include "fenliu/assist/triggers.hpp"

namespace fenliu::assist {
namespace {

using names = std::vector<std::string>;

TEST(synonyms, phrases_map_to_concepts) {
  struct row {
    const char* text;
    names concepts;
  };
  const row rows[] = {
      {"多久发货", {"when", "ship"}},
      {"几天能寄出", {"when", "ship"}},
      {"什么时候发出", {"when", "ship"}},
      {"多长时间出货", {"when", "ship"}},
      {"可以退换吗", {"return"}},
      {"能退货吗", {"return"}},
      {"怎么退款", {"how", "refund"}},
      {"包邮吗", {"fee"}},
      {"邮费多少", {"fee", "howmuch"}},
      {"快递费", {"fee"}},          // longer than 快递
      {"发什么快递", {"courier"}},  // longer than 发
      {"能开票吗", {"invoice"}},
      {"开发票", {"invoice"}},  // not 开发 + 票
      {"花呗分期", {"pay", "pay"}},
      {"有优惠卷吗", {"coupon"}},  // the usual typo
      {"满减", {"coupon"}},
      {"质保多久", {"warranty", "when"}},
      {"码数合身吗", {"size", "size"}},
      {"二维码", {"misc"}},  // no size in a QR code
      {"收到了", {"misc"}},  // "got it", not a delivery question
      {"how long does shipping take", {"when", "ship"}},
      {"free shipping", {"fee"}},
      {"return or refund", {"return", "refund"}},
      {"invoice or receipt", {"invoice", "invoice"}},
      {"what size fits", {"size", "size"}},
      {"coupon discount", {"coupon", "coupon"}},
      {"warranty guarantee", {"warranty", "warranty"}},
      {"relationship", {}},  // "ship" only at a word boundary
  };
  const synonym_lexicon& lex = synonym_lexicon::builtin();
  for (const row& r : rows) {
    EXPECT_EQ(lex.concepts_of(r.text), r.concepts) << r.text;
  }
}

TEST(negation, desire_scope) {
  struct row {
    const char* text;
    const char* phrase;  // the phrase whose negation is asked
    bool negated;
  };
  const row rows[] = {
      {"我不要发票", "发票", true},
      {"不用开票", "开票", true},
      {"不需要发票了", "发票", true},
      {"要不要开发票", "开发票", false},  // A-not-A asks
      {"有没有发票", "发票", false},
      {"不要了 发票怎么开", "发票", false},  // another clause
      {"不想要了能退货吗", "退货", false},   // 了 closes the clause
      {"dont need an invoice", "invoice", true},
      {"no invoice needed", "invoice", true},
      {"别的颜色有吗", "颜色", false},  // 别的 is "other"
      {"发票", "发票", false},
  };
  for (const row& r : rows) {
    const std::u32string text = normalize(r.text);
    const std::size_t pos = text.find(normalize(r.phrase));
    ASSERT_NE(pos, std::u32string::npos) << r.text;
    EXPECT_EQ(negation_finder::desire().negated(text, pos), r.negated) << r.text;
  }
}

TEST(negation, post_position_denial) {
  const std::u32string text = normalize("发票不需要");
  const auto cues = negation_finder::desire().cues(text);
  EXPECT_GT(negation_finder::denied_after(text, cues, 2), 0u);
  const std::u32string particle = normalize("发票就不用了");
  EXPECT_GT(
      negation_finder::denied_after(particle, negation_finder::desire().cues(particle), 2), 0u);
  const std::u32string other = normalize("发票 我不需要别的");
  EXPECT_EQ(negation_finder::denied_after(other, negation_finder::desire().cues(other), 2), 0u);
}

TEST(triggers, found_and_negated) {
  struct row {
    const char* text;
    const char* canonical;
    bool negated;
  };
  const row rows[] = {
      {"我要给差评", "差评", false},
      {"不会给差评的", "差评", true},
      {"我不想投诉", "投诉", true},
      {"再不发货就投诉", "投诉", false},
      {"再不处理找消协", "消协", false},
      {"打12315", "12315", false},
      {"申请平台介入", "平台介入", false},
      {"去微博曝光你们", "曝光", false},
      {"维权", "维权", false},
      {"找律师", "律师", false},
      {"i will file a chargeback", "chargeback", false},
      {"this is a scam", "scam", false},
      {"not a scam", "scam", true},
  };
  for (const row& r : rows) {
    const auto hits = find_triggers(normalize(r.text));
    ASSERT_EQ(hits.size(), 1u) << r.text;
    EXPECT_EQ(hits[0].canonical, r.canonical) << r.text;
    EXPECT_EQ(hits[0].negated, r.negated) << r.text;
  }
}

TEST(intents, table) {
  struct row {
    const char* text;
    names intents;
  };
  const row rows[] = {
      {"转人工", {"handover"}},
      {"人工客服", {"handover"}},
      {"找个真人", {"handover"}},
      {"talk to a human", {"handover"}},
      {"can I speak to an agent", {"handover"}},
      {"real person please", {"handover"}},
      {"别用机器人回复", {"handover"}},  // negating the bot asks for a person
      {"不用转人工了", {}},              // asks for nobody
      {"扫地机器人多少钱", {}},          // a robot vacuum is no bot
      {"我要投诉", {"complaint"}},
      {"我不想投诉", {}},
      {"发错货了", {"order_problem"}},
      {"少发了一件", {"order_problem"}},
      {"收到的是坏的", {"order_problem"}},
      {"我收到了 没什么问题", {}},  // a denied problem is none
      {"收到了 用不了", {"order_problem"}},
      {"退款怎么还没到账", {"refund_progress", "order_status"}},  // the first one routes
      {"我的订单到哪了", {"order_status"}},
      {"物流到哪了", {"order_status"}},
      {"快递怎么还没到", {"order_status"}},
      {"where is my order", {"order_status"}},
      {"什么时候发货", {}},  // a general question, not an order's
      {"发货后多久到", {}},
      {"转人工 我要退款", {"handover"}},
      {"转人工 退款怎么还没到", {"handover", "refund_progress", "order_status"}},
      {"亲 在吗", {"greeting"}},
      {"hello", {"greeting"}},
      {"亲 包邮吗", {}},
  };
  const intent_detector d;
  for (const row& r : rows) {
    EXPECT_EQ(d.detect_text(r.text), r.intents) << r.text;
  }
}

TEST(intents, routes) {
  const bot_config c;
  EXPECT_EQ(route_for("complaint", c).stage, router::stage::after_sales);
  EXPECT_EQ(route_for("complaint", c).skills[0].skill, c.complaint_skill);
  EXPECT_EQ(route_for("refund_progress", c).skills[0].skill, c.refunds_skill);
  EXPECT_EQ(route_for("order_status", c).stage, router::stage::in_sale);
  EXPECT_FALSE(route_for("handover", c).stage.has_value());
}

}  // namespace
}  // namespace fenliu::assist
