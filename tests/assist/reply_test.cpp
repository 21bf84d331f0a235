// Quick-phrase templates and suggested replies on a fixed FAQ and a fixed set of phrases.

#include <gtest/gtest.h>

#include "fenliu/assist/faq_matcher.hpp"
#include "fenliu/assist/reply_suggester.hpp"
#include "fenliu/assist/reply_template.hpp"

namespace fenliu::assist {
namespace {

TEST(reply_template, names_the_first_unknown_variable_and_ignores_plain_braces) {
  EXPECT_EQ(unknown_variable("亲 {customer_name}，订单 {order_id} {order_status}"), std::nullopt);
  EXPECT_EQ(unknown_variable("{agent_name} 预计 {eta} 送达"), std::nullopt);
  EXPECT_EQ(unknown_variable("您好 {customer}"), "customer");
  EXPECT_EQ(unknown_variable("{order_id} 和 {orderid}"), "orderid");
  // Not variables at all: a lone brace, empty braces, spaces, an unclosed one.
  EXPECT_EQ(unknown_variable("{ a } {} { {x"), std::nullopt);
}

TEST(reply_template, fills_known_values_and_keeps_missing_ones_visible) {
  template_values v;
  v.customer_name = "王小姐";
  v.agent_name = "李娜";
  v.order_id = "o-1003";
  v.order_status = "已发货";
  EXPECT_EQ(fill_template("{customer_name}您好，我是{agent_name}。订单{order_id}{order_status}", v),
            "王小姐您好，我是李娜。订单o-1003已发货");
  // No ETA known: the variable stays for the agent to fill in; no name: 亲.
  template_values none;
  EXPECT_EQ(fill_template("{customer_name}，预计{eta}送达 {unknown} {", none),
            "亲，预计{eta}送达 {unknown} {");
  EXPECT_EQ(order_status_zh("shipped"), "已发货");
  EXPECT_EQ(order_status_zh("refund_open"), "退款中");
  EXPECT_EQ(order_status_zh("custom"), "custom");
}

std::vector<faq_entry> faq() {
  using router::stage;
  return {
      {"shipping_time", stage::pre_sales, {"什么时候发货", "几天能发货", "多久发货"}, {"发货时间"},
       "亲，付款后 48 小时内发货哦", "Ships within 48 hours", {}},
      {"invoice", stage::pre_sales, {"可以开发票吗", "发票怎么开"}, {"发票", "开票"},
       "可以开电子发票，下单时备注抬头", "We issue e-invoices", {}},
      {"size", stage::pre_sales, {"尺码怎么选", "我穿多大码"}, {"尺码", "码数"},
       "请参考详情页尺码表", "See the size chart", {}},
  };
}

std::vector<phrase_document> phrases() {
  return {
      {"p-hello", "问候", "hi", "{customer_name}您好，我是{agent_name}，很高兴为您服务"},
      {"p-return", "售后", "th", "亲，支持七天无理由退货，请在订单页申请退货，退货运费我们承担"},
      {"p-express", "物流", "kd", "亲，我们默认发中通快递，也可以补差价发顺丰"},
  };
}

TEST(reply_suggester, paraphrases_find_the_phrase_or_the_faq_answer) {
  const faq_matcher m(faq(), bot_config{});
  const reply_suggester s(m, phrases());
  struct row {
    const char* buyer;
    const char* first_id;
  };
  for (const row& r : {row{"这个东西不喜欢能退吗", "p-return"},
                       row{"收到货不满意可以退货么", "p-return"},
                       row{"能发顺丰吗", "p-express"},
                       row{"用什么快递呀", "p-express"},
                       row{"下单后多久能发出", "shipping_time"},
                       row{"能开票不", "invoice"},
                       row{"我一米七穿什么码", "size"}}) {
    const auto out = s.suggest(r.buyer, nullptr, 3, 0.15);
    ASSERT_FALSE(out.empty()) << r.buyer;
    EXPECT_EQ(out.front().id, r.first_id) << r.buyer;
    EXPECT_LE(out.size(), 3u);
    for (std::size_t i = 1; i < out.size(); ++i) {
      EXPECT_GE(out[i - 1].score, out[i].score);
      EXPECT_NE(out[i - 1].text, out[i].text);
    }
  }
}

TEST(reply_suggester, order_questions_are_answered_from_the_order_first) {
  const faq_matcher m(faq(), bot_config{});
  const reply_suggester s(m, phrases());
  const order_facts order{"o-1003", "shipped", "顺丰", "SF123"};
  const auto out = s.suggest("我的快递到哪了", &order, 3, 0.15);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.front().source, "order_status");
  EXPECT_NE(out.front().text.find("SF123"), std::string::npos);
}

TEST(reply_suggester, nothing_above_the_floor_gives_no_suggestion_and_n_caps_the_list) {
  const faq_matcher m(faq(), bot_config{});
  const reply_suggester s(m, phrases());
  EXPECT_TRUE(s.suggest("asdfgh qwerty", nullptr, 3, 0.15).empty());
  EXPECT_LE(s.suggest("发货 快递 退货 发票", nullptr, 2, 0.0).size(), 2u);
  const reply_suggester empty(m, {});
  EXPECT_EQ(empty.suggest("能开发票吗", nullptr, 3, 0.15).front().id, "invoice");
}

}  // namespace
}  // namespace fenliu::assist
