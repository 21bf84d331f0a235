// Stage classification: explicit choice, keywords, the buyer's own order, the page.
#include "gateway/app/classifier.hpp"

#include <gtest/gtest.h>

namespace fenliu::gateway {
namespace {

using router::stage;

shop_config shop() {
  shop_config s;
  s.keyword_rules = {{"退款", stage::after_sales, "refunds"}, {"refund", stage::after_sales, ""}};
  s.orders = {{"o-paid", "c-1", "paid", "shirt", 100},
              {"o-unpaid", "c-1", "unpaid", "shoes", 100},
              {"o-deliv", "c-1", "delivered", "tv", 100},
              {"o-other", "c-2", "refund_open", "tv", 100}};
  return s;
}

TEST(Classifier, Table) {
  struct row {
    std::optional<stage> requested;
    entry_context entry;
    std::string text;
    stage expected;
    std::string reason;
  };
  const row rows[] = {
      {stage::in_sale, {"product", "p", ""}, "我要退款", stage::in_sale, "explicit"},
      {std::nullopt, {"", "", "o-paid"}, "我要退款", stage::after_sales, "keyword:退款"},
      {std::nullopt, {"", "", ""}, "I want a REFUND please", stage::after_sales, "keyword:refund"},
      {std::nullopt, {"order", "", "o-paid"}, "where is it", stage::in_sale, "order:paid"},
      {std::nullopt, {"order", "", "o-unpaid"}, "", stage::pre_sales, "order:unpaid"},
      {std::nullopt, {"order", "", "o-deliv"}, "", stage::after_sales, "order:delivered"},
      // Another buyer's order does not steer routing.
      {std::nullopt, {"order", "", "o-other"}, "", stage::in_sale, "page:order"},
      {std::nullopt, {"cart", "", ""}, "", stage::pre_sales, "page:cart"},
      {std::nullopt, {"", "", ""}, "", stage::pre_sales, "default"},
  };
  const auto s = shop();
  order_book orders(s.orders);
  for (const auto& r : rows) {
    auto c = classify(s, orders, "c-1", r.requested, r.entry, r.text);
    EXPECT_EQ(c.stage, r.expected) << r.reason;
    EXPECT_EQ(c.reason, r.reason);
  }
  auto c = classify(s, orders, "c-1", std::nullopt, {}, "退款");
  ASSERT_EQ(c.required_skills.size(), 1u);
  EXPECT_EQ(c.required_skills[0].skill, "refunds");
}

TEST(Classifier, AnOrderStatusChangeChangesTheStageOfTheNextChat) {
  const auto s = shop();
  order_book orders(s.orders);
  const entry_context entry{"order", "", "o-paid"};
  EXPECT_EQ(classify(s, orders, "c-1", std::nullopt, entry, "").stage, stage::in_sale);
  ASSERT_TRUE(orders.set_status("o-paid", "refund_open"));
  auto c = classify(s, orders, "c-1", std::nullopt, entry, "");
  EXPECT_EQ(c.stage, stage::after_sales);
  EXPECT_EQ(c.reason, "order:refund_open");
  EXPECT_FALSE(orders.set_status("o-missing", "paid"));
}

TEST(Classifier, OrderStatusMapping) {
  EXPECT_EQ(stage_for_order_status("unpaid"), stage::pre_sales);
  EXPECT_EQ(stage_for_order_status("shipped"), stage::in_sale);
  EXPECT_EQ(stage_for_order_status("refund_open"), stage::after_sales);
  EXPECT_EQ(stage_for_order_status("teleported"), std::nullopt);
}

}  // namespace
}  // namespace fenliu::gateway
