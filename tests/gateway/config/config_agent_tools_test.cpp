// [agent_tools], [[quick_phrases]] and [[customers]]: every key reaches its field, bad values
// are refused with their key path.

#include <gtest/gtest.h>

#include "config_errors.hpp"
#include "gateway/config/config.hpp"

namespace fenliu::gateway {
namespace {

using testing::expect_error;

TEST(ConfigAgentTools, EveryKeyReachesItsField) {
  const auto cfg = parse_config(R"(
[agent_tools]
max_phrases_per_agent = 7
max_shortcut_chars = 5
max_group_chars = 6
max_tags_per_customer = 4
max_tag_chars = 8
max_note_chars = 99
suggestions = 2
suggestion_min_score = 0.3
delivery_days = 5
customer_tags = ["老客户", "急单"]
[[quick_phrases]]
group = "问候"
shortcut = "hi"
text = "{customer_name}您好，我是{agent_name}"
[[quick_phrases]]
id = "wl-1"
shortcut = "wl"
text = "订单{order_id}{order_status}，预计{eta}"
[[customers]]
id = "c-1"
name = "王小姐"
vip_level = 2
tags = ["老客户"]
)");
  const auto& t = cfg.shop.tools;
  EXPECT_EQ(t.max_phrases_per_agent, 7u);
  EXPECT_EQ(t.max_shortcut_chars, 5u);
  EXPECT_EQ(t.max_group_chars, 6u);
  EXPECT_EQ(t.max_tags_per_customer, 4u);
  EXPECT_EQ(t.max_tag_chars, 8u);
  EXPECT_EQ(t.max_note_chars, 99u);
  EXPECT_EQ(t.suggestions, 2u);
  EXPECT_DOUBLE_EQ(t.suggestion_min_score, 0.3);
  EXPECT_EQ(t.delivery_days, 5);
  EXPECT_EQ(t.customer_tags, (std::vector<std::string>{"老客户", "急单"}));
  ASSERT_EQ(t.phrases.size(), 2u);
  EXPECT_EQ(t.phrases[0].id, "shop-hi");
  EXPECT_EQ(t.phrases[0].group, "问候");
  EXPECT_EQ(t.phrases[1].id, "wl-1");
  ASSERT_EQ(t.customers.size(), 1u);
  EXPECT_EQ(t.customers[0].display_name, "王小姐");
  EXPECT_EQ(t.customers[0].vip_level, 2);
  EXPECT_EQ(t.customers[0].tags, std::vector<std::string>{"老客户"});
}

TEST(ConfigAgentTools, BadValuesNameTheirKey) {
  expect_error("[agent_tools]\nmax_tag_chars = 0\n", "agent_tools.max_tag_chars");
  expect_error("[agent_tools]\nsuggestion_min_score = 1.5\n", "agent_tools.suggestion_min_score");
  expect_error("[agent_tools]\nmax_tag_chars = 2\ncustomer_tags = [\"三个字\"]\n",
               "agent_tools.customer_tags");
  expect_error("[agent_tools]\nmax_phrase = 1\n", "agent_tools.max_phrase");
  expect_error("[[quick_phrases]]\nshortcut = \"hi\"\ntext = \"您好 {nickname}\"\n",
               "quick_phrases[0].text");
  expect_error("[[quick_phrases]]\nshortcut = \"h i\"\ntext = \"x\"\n", "quick_phrases[0].shortcut");
  expect_error("[[quick_phrases]]\nshortcut = \"hi\"\n", "quick_phrases[0]");
  expect_error("[[quick_phrases]]\nshortcut = \"a\"\ntext = \"x\"\n[[quick_phrases]]\n"
               "shortcut = \"a\"\ntext = \"y\"\n",
               "quick_phrases[1].shortcut");
  expect_error("[[customers]]\nid = \"c\"\nvip_level = 10\n", "customers[0].vip_level");
  expect_error("[[customers]]\nname = \"x\"\n", "customers[0]");
  expect_error("[[customers]]\nid = \"c\"\n[[customers]]\nid = \"c\"\n", "customers[1].id");
}

TEST(ConfigAgentTools, TheDemoShopLoads) {
  const auto cfg = load_config(std::string(FENLIU_SOURCE_DIR) + "/config/demo-shop.toml");
  EXPECT_GE(cfg.shop.tools.phrases.size(), 6u);
  EXPECT_FALSE(cfg.shop.tools.customer_tags.empty());
  EXPECT_FALSE(cfg.shop.tools.customers.empty());
}

}  // namespace
}  // namespace fenliu::gateway
