// [bot], [bot.stage_modes], [risk] and [[faq]]: every key reaches its field, bad values are
// refused with their key path, and the demo shop's FAQ loads.

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "config_errors.hpp"
#include "gateway/config/config.hpp"

namespace fenliu::gateway {
namespace {

using testing::error_of;
using testing::expect_error;

using assist::bot_mode;
using router::stage;

constexpr const char* faq_head =
    "[[faq]]\nid = \"x\"\nstage = \"pre_sales\"\nexamples = [\"a\"]\nanswer_zh = \"b\"\n";

TEST(ConfigAssist, EveryKeyReachesItsField) {
  const auto c = parse_config(R"(
[bot]
mode = "bot_off_shift_only"
min_confidence = 0.6
min_margin = 0.1
handover_after_unanswered = 3
refunds_skill = "r"
complaint_skill = "c"
shipping_skill = "s"
[bot.stage_modes]
after_sales = "human_first"
[risk]
message_threshold = -0.4
conversation_threshold = 0.7
action = "raise_priority"
reroute_skills = ["senior", "complaints"]
[[faq]]
id = "invoice"
stage = "in_sale"
examples = ["能开发票吗", "发票怎么开"]
keywords = ["发票"]
answer_zh = "可以"
answer_en = "Yes"
quick_replies = ["转人工"]
[[orders]]
id = "o-1"
customer_id = "c-1"
status = "shipped"
carrier = "中通快递"
tracking = "ZT1"
)");
  const auto& s = c.shop;
  EXPECT_EQ(s.bot.mode[0], bot_mode::bot_off_shift_only);
  EXPECT_EQ(s.bot.mode[1], bot_mode::bot_off_shift_only);
  EXPECT_EQ(s.bot.mode[2], bot_mode::human_first);
  EXPECT_DOUBLE_EQ(s.bot.min_confidence, 0.6);
  EXPECT_DOUBLE_EQ(s.bot.min_margin, 0.1);
  EXPECT_EQ(s.bot.handover_after_unanswered, 3);
  EXPECT_EQ(s.bot.refunds_skill, "r");
  EXPECT_EQ(s.bot.complaint_skill, "c");
  EXPECT_EQ(s.bot.shipping_skill, "s");
  EXPECT_DOUBLE_EQ(s.risk.message_threshold, -0.4);
  EXPECT_DOUBLE_EQ(s.risk.conversation_threshold, 0.7);
  EXPECT_EQ(s.risk.action, assist::risk_action::raise_priority);
  EXPECT_EQ(s.risk.reroute_skills, (std::vector<std::string>{"senior", "complaints"}));
  ASSERT_EQ(s.faq.size(), 1u);
  EXPECT_EQ(s.faq[0].id, "invoice");
  EXPECT_EQ(s.faq[0].stage, stage::in_sale);
  EXPECT_EQ(s.faq[0].examples.size(), 2u);
  EXPECT_EQ(s.faq[0].keywords, std::vector<std::string>{"发票"});
  EXPECT_EQ(s.faq[0].answer_zh, "可以");
  EXPECT_EQ(s.faq[0].answer_en, "Yes");
  EXPECT_EQ(s.faq[0].quick_replies, std::vector<std::string>{"转人工"});
  ASSERT_EQ(s.orders.size(), 1u);
  EXPECT_EQ(s.orders[0].carrier, "中通快递");
  EXPECT_EQ(s.orders[0].tracking, "ZT1");
}

TEST(ConfigAssist, DefaultsWithoutTheSections) {
  const auto c = parse_config("");
  EXPECT_EQ(c.shop.bot.mode[0], bot_mode::bot_first);
  EXPECT_DOUBLE_EQ(c.shop.bot.min_confidence, 0.5);
  EXPECT_DOUBLE_EQ(c.shop.risk.message_threshold, -0.5);
  EXPECT_EQ(c.shop.risk.action, assist::risk_action::reroute_and_raise);
  EXPECT_TRUE(c.shop.faq.empty());
}

TEST(ConfigAssist, BadValuesNameTheirPath) {
  expect_error("[bot]\nmood = 1\n", "bot.mood");
  expect_error("[bot]\nmode = \"robot\"\n", "bot.mode");
  expect_error("[bot.stage_modes]\npresales = \"human_first\"\n", "bot.stage_modes.presales");
  expect_error("[bot.stage_modes]\nin_sale = \"x\"\n", "bot.stage_modes.in_sale");
  expect_error("[bot]\nmin_confidence = 1.5\n", "bot.min_confidence");
  expect_error("[bot]\nmin_margin = -0.1\n", "bot.min_margin");
  expect_error("[bot]\nhandover_after_unanswered = 0\n", "bot.handover_after_unanswered");
  expect_error("[risk]\nmessage_threshold = -2\n", "risk.message_threshold");
  expect_error("[risk]\nconversation_threshold = 2\n", "risk.conversation_threshold");
  expect_error("[risk]\naction = \"shout\"\n", "risk.action");
  expect_error("[risk]\nreroute_skills = \"complaints\"\n", "risk.reroute_skills");
  expect_error(std::string(faq_head) + "colour = 1\n", "faq[0].colour");
  expect_error("[[faq]]\nstage = \"pre_sales\"\nexamples = [\"a\"]\nanswer_zh = \"b\"\n",
               "faq[0].id");
  expect_error("[[faq]]\nid = \"x\"\nexamples = [\"a\"]\nanswer_zh = \"b\"\n", "faq[0].stage");
  expect_error("[[faq]]\nid = \"x\"\nstage = \"presale\"\nexamples = [\"a\"]\nanswer_zh = \"b\"\n",
               "faq[0].stage");
  expect_error("[[faq]]\nid = \"x\"\nstage = \"pre_sales\"\nanswer_zh = \"b\"\n", "faq[0]");
  expect_error("[[faq]]\nid = \"x\"\nstage = \"pre_sales\"\nexamples = [\"a\"]\n", "faq[0]");
  expect_error(std::string(faq_head) + faq_head, "faq[1].id");
  expect_error(
      "[[faq]]\nid = \"order_status\"\nstage = \"pre_sales\"\nexamples = [\"a\"]\n"
      "answer_zh = \"b\"\n",
      "reserved");
  expect_error("[[faq]]\nid = \"x\"\nstage = \"pre_sales\"\nexamples = [\"\"]\nanswer_zh = \"b\"\n",
               "faq[0].examples");
}

TEST(ConfigAssist, SkillsNobodyHolds) {
  const std::string agent =
      "[[agents]]\nid = \"a\"\nstages = [\"after_sales\"]\nskills = { complaints = 3 }\n";
  EXPECT_EQ(error_of(agent + "[risk]\nreroute_skills = [\"complaints\"]\n"), "");
  expect_error(agent + "[risk]\nreroute_skills = [\"complaint\"]\n", "risk.reroute_skills[0]");
  expect_error(agent + "[bot]\nrefunds_skill = \"refund\"\n", "bot.refunds_skill");
  // Defaults are not checked: this shop has no refunds or shipping skill.
  EXPECT_EQ(error_of(agent + "[bot]\nmode = \"bot_first\"\n"), "");
}

TEST(ConfigAssist, DemoShopFaq) {
  const auto c = load_config(std::string(FENLIU_SOURCE_DIR) + "/config/demo-shop.toml");
  const char* ids[] = {"shipping_time", "return_policy", "invoice", "size_advice", "shipping_fee",
                       "courier",       "payment",       "coupon",  "warranty"};
  for (const char* id : ids) {
    const auto it = std::find_if(c.shop.faq.begin(), c.shop.faq.end(),
                                 [&](const auto& e) { return e.id == id; });
    ASSERT_NE(it, c.shop.faq.end()) << id;
    EXPECT_LE(it->examples.size(), 5u) << id;
    EXPECT_FALSE(it->answer_zh.empty()) << id;
    EXPECT_FALSE(it->answer_en.empty()) << id;
  }
}

}  // namespace
}  // namespace fenliu::gateway
