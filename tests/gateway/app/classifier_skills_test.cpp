// What a new conversation asks of its agent: keyword rules with levels and optional skills,
// the product's category, the widget's language, VIP status; and the after-sales window.
#include <gtest/gtest.h>

#include "gateway/app/classifier.hpp"

namespace fenliu::gateway {
namespace {

using router::skill_level;
using router::stage;

constexpr router::time_ms day = 86'400'000;
constexpr router::time_ms now = 1'790'000'000'000;

shop_config shop() {
  shop_config s;
  s.keyword_rules = {{"退款", stage::after_sales, "refunds", 3, {{"complaints", 2}}},
                     {"size", stage::pre_sales, "apparel", 1, {{"english", 1}}}};
  s.category_skills = {{"electronics", {"p-tv"}, "electronics", 2, true, {}},
                       {"apparel", {}, "apparel", 2, false, {stage::pre_sales}}};
  s.language_skills = {{"en", {}, "english", 2, false, {}}};
  s.vip_level_bump = 1;
  s.vip_skill = "vip";
  s.after_sales_window_days = 15;
  demo_order recent{"o-recent", "c-1", "delivered", "tv", 100};
  recent.delivered_at_ms = now - 3 * day;
  demo_order old{"o-old", "c-1", "delivered", "tv", 100};
  old.delivered_at_ms = now - 16 * day;
  demo_order old_refund{"o-old-refund", "c-1", "refund_open", "tv", 100};
  old_refund.delivered_at_ms = now - 40 * day;
  demo_order old_closed{"o-old-closed", "c-1", "closed", "tv", 100};
  old_closed.delivered_at_ms = now - 40 * day;
  demo_order undated{"o-undated", "c-1", "delivered", "tv", 100};
  s.orders = {recent, old, old_refund, old_closed, undated};
  return s;
}

using skills = std::vector<skill_level>;

TEST(ClassifierSkills, LevelsAndOptionalSkillsFromKeywordCategoryAndLanguage) {
  struct row {
    std::string what;
    entry_context entry;
    std::string text;
    skills required;
    skills optional;
  };
  const std::vector<row> rows = {
      {"keyword: level 3 and an optional skill",
       {},
       "我要退款",
       {{"refunds", 3}},
       {{"complaints", 2}}},
      {"category required at level 2",
       {"product", "", "", "Electronics", ""},
       "",
       {{"electronics", 2}},
       {}},
      {"the product id names the category",
       {"product", "p-tv", "", "", ""},
       "",
       {{"electronics", 2}},
       {}},
      {"an optional category skill, pre-sales only",
       {"product", "", "", "apparel", ""},
       "",
       {},
       {{"apparel", 2}}},
      {"the stage limit: after-sales ignores it",
       {"product", "", "", "apparel", ""},
       "退款",
       {{"refunds", 3}},
       {{"complaints", 2}}},
      {"English widget: optional english",
       {"product", "", "", "", "en-US"},
       "",
       {},
       {{"english", 2}}},
      {"zh widget: nothing", {"product", "", "", "", "zh-CN"}, "", {}, {}},
      {"required beats optional for one skill",
       {"product", "", "", "apparel", ""},
       "what size",
       {{"apparel", 1}},
       {{"english", 1}}},
      {"keyword, category and language together",
       {"product", "p-tv", "", "", "en"},
       "size",
       {{"apparel", 1}, {"electronics", 2}},
       {{"english", 2}}},
  };
  const auto s = shop();
  order_book orders(s.orders);
  for (const auto& r : rows) {
    SCOPED_TRACE(r.what);
    auto c = classify(s, orders, "c-1", std::nullopt, r.entry, r.text, now);
    EXPECT_EQ(c.required_skills, r.required);
    EXPECT_EQ(c.optional_skills, r.optional);
  }
}

TEST(ClassifierSkills, AVipAsksOneLevelMoreAndTheVipSkill) {
  const auto s = shop();
  order_book orders(s.orders);
  auto c = classify(s, orders, "c-1", std::nullopt, {}, "我要退款", now);
  apply_vip(s, c);
  EXPECT_EQ(c.required_skills, (skills{{"refunds", 4}}));
  EXPECT_EQ(c.optional_skills, (skills{{"complaints", 2}, {"vip", 1}}));
  auto top = shop();
  top.keyword_rules[0].level = 5;
  c = classify(top, orders, "c-1", std::nullopt, {}, "我要退款", now);
  apply_vip(top, c);
  EXPECT_EQ(c.required_skills, (skills{{"refunds", 5}})) << "capped at 5";
}

TEST(ClassifierSkills, TheAfterSalesWindowEndsAfterSalesByOrder) {
  struct row {
    std::string order;
    std::string text;
    stage expected;
    std::string reason;
  };
  const std::vector<row> rows = {
      {"o-recent", "", stage::after_sales, "order:delivered"},
      {"o-old", "", stage::pre_sales, "order:delivered:past_window"},
      {"o-old-closed", "", stage::pre_sales, "order:closed:past_window"},
      {"o-old-refund", "", stage::after_sales, "order:refund_open"},  // open refund: always
      {"o-undated", "", stage::after_sales, "order:delivered"},       // unknown: within
      {"o-old", "我要退款", stage::after_sales, "keyword:退款"},      // the buyer says so
  };
  const auto s = shop();
  order_book orders(s.orders);
  for (const auto& r : rows) {
    SCOPED_TRACE(r.order);
    auto c = classify(s, orders, "c-1", std::nullopt, {"order", "", r.order}, r.text, now);
    EXPECT_EQ(c.stage, r.expected);
    EXPECT_EQ(c.reason, r.reason);
  }
  // Exactly at the window's end it still counts; a "delivered" update starts the window.
  auto edge = shop();
  edge.orders[1].delivered_at_ms = now - 15 * day;
  order_book edge_orders(edge.orders);
  EXPECT_EQ(classify(edge, edge_orders, "c-1", std::nullopt, {"order", "", "o-old"}, "", now).stage,
            stage::after_sales);
  order_book live(s.orders);
  ASSERT_TRUE(live.set_status("o-old", "shipped", now));
  ASSERT_TRUE(live.set_status("o-old", "delivered", now - day));
  EXPECT_EQ(live.find("o-old")->delivered_at_ms, now - day);
  EXPECT_EQ(classify(s, live, "c-1", std::nullopt, {"order", "", "o-old"}, "", now).stage,
            stage::after_sales);
}

}  // namespace
}  // namespace fenliu::gateway
