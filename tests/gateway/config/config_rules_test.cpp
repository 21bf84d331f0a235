// The routing rules' keys: IANA time zone, skill levels and optional skills of keyword rules,
// category and language skills, VIP skills, delivery dates for the after-sales window.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "config_errors.hpp"
#include "gateway/config/config.hpp"
#include "gateway/config/time_zone.hpp"

namespace fenliu::gateway {
namespace {

using testing::error_of;
using testing::expect_error;

using router::skill_level;
using router::stage;

TEST(ConfigRules, AnIanaTimeZoneBecomesATableOfOffsetTransitions) {
  const auto c = parse_config("[shop]\ntime_zone = \"Europe/Berlin\"\n");
  const auto& t = c.shop.routing.utc_offsets;
  // Two changes a year from 2000; the system tzdata lists explicit transitions up to 2037.
  ASSERT_GE(t.size(), 70u);
  // 2024: CEST from 31 March 01:00 UTC, CET from 27 October 01:00 UTC.
  const router::utc_offset_transition spring{1'711'846'800'000, 120};
  const router::utc_offset_transition autumn{1'729'990'800'000, 60};
  EXPECT_NE(std::find(t.begin(), t.end(), spring), t.end());
  EXPECT_NE(std::find(t.begin(), t.end(), autumn), t.end());
  EXPECT_TRUE(c.shop.routing.utc_offset_minutes == 60 || c.shop.routing.utc_offset_minutes == 120);

  const auto shanghai = parse_config("[shop]\ntime_zone = \"Asia/Shanghai\"\n");
  ASSERT_EQ(shanghai.shop.routing.utc_offsets.size(), 1u) << "no daylight saving since 1991";
  EXPECT_EQ(shanghai.shop.routing.utc_offsets[0].offset_minutes, 480);
  EXPECT_EQ(shanghai.shop.routing.utc_offset_minutes, 480);

  // Old configs: a fixed offset, no table.
  const auto fixed = parse_config("[shop]\nutc_offset = \"-05:00\"\n");
  EXPECT_TRUE(fixed.shop.routing.utc_offsets.empty());
  EXPECT_EQ(fixed.shop.routing.utc_offset_minutes, -300);
}

TEST(ConfigRules, AnUnknownTimeZoneNamesTheField) {
  const auto message = error_of("[shop]\ntime_zone = \"Mars/Olympus_Mons\"\n");
  EXPECT_NE(message.find("shop.time_zone"), std::string::npos) << message;
  EXPECT_NE(message.find("Mars/Olympus_Mons"), std::string::npos) << message;
  EXPECT_NE(error_of("[shop]\ntime_zone = 8\n").find("shop.time_zone"), std::string::npos);
}

TEST(ConfigRules, ZoneTablesFollowTheTzdata) {
  auto ny = zone_offset_table("America/New_York", 1'704'067'200'000, 1'735'689'600'000);  // 2024
  ASSERT_TRUE(ny);
  ASSERT_EQ(ny->size(), 3u);
  EXPECT_EQ((*ny)[0].offset_minutes, -300);
  EXPECT_EQ((*ny)[1], (router::utc_offset_transition{1'710'054'000'000, -240}));  // 10 Mar 07:00Z
  EXPECT_EQ((*ny)[2], (router::utc_offset_transition{1'730'613'600'000, -300}));  // 3 Nov 06:00Z
  EXPECT_FALSE(zone_offset_table("Nowhere/Atlantis", 0, 1));
}

TEST(ConfigRules, SkillLevelsOptionalSkillsCategoriesLanguagesAndVip) {
  const auto c = parse_config(R"(
[shop]
vip_level_bump = 1
vip_skill = "vip"
utc_offset = "+08:00"

[[agents]]
id = "a"
stages = ["pre_sales", "after_sales"]
skills = { refunds = 5, english = 3, electronics = 4, vip = 1 }

[[keyword_rules]]
keyword = "退款"
stage = "after_sales"
skill = "refunds"
level = 3
optional_skills = { english = 2 }

[[keyword_rules]]
keyword = "refund"
stage = "after_sales"
optional_skills = ["english"]

[[category_skills]]
category = "electronics"
products = ["p-tv"]
skill = "electronics"
level = 2
required = true
stages = ["pre_sales"]

[[language_skills]]
language = "en"
skill = "english"

[[orders]]
id = "o-1"
customer_id = "c-1"
status = "delivered"
delivered_at = 2026-11-20
)");
  const auto& s = c.shop;
  EXPECT_EQ(s.vip_level_bump, 1);
  EXPECT_EQ(s.vip_skill, "vip");
  ASSERT_EQ(s.keyword_rules.size(), 2u);
  EXPECT_EQ(s.keyword_rules[0].level, 3);
  EXPECT_EQ(s.keyword_rules[0].optional_skills, (std::vector<skill_level>{{"english", 2}}));
  EXPECT_EQ(s.keyword_rules[1].level, 1);
  EXPECT_EQ(s.keyword_rules[1].optional_skills, (std::vector<skill_level>{{"english", 1}}));
  ASSERT_EQ(s.category_skills.size(), 1u);
  EXPECT_EQ(s.category_skills[0].match, "electronics");
  EXPECT_EQ(s.category_skills[0].products, (std::vector<std::string>{"p-tv"}));
  EXPECT_EQ(s.category_skills[0].level, 2);
  EXPECT_TRUE(s.category_skills[0].required);
  EXPECT_EQ(s.category_skills[0].stages, (std::vector<stage>{stage::pre_sales}));
  ASSERT_EQ(s.language_skills.size(), 1u);
  EXPECT_EQ(s.language_skills[0].match, "en");
  EXPECT_FALSE(s.language_skills[0].required);
  ASSERT_EQ(s.orders.size(), 1u);
  EXPECT_EQ(s.orders[0].delivered_at_ms, 1'795'132'800'000 - 8 * 3'600'000);  // 00:00 at +08
}

TEST(ConfigRules, BadRuleValuesNameTheirKeys) {
  const std::string agent =
      "[[agents]]\nid = \"a\"\nstages = [\"pre_sales\"]\nskills = { x = 1 }\n";
  const std::pair<std::string, std::string> cases[] = {
      {"[[keyword_rules]]\nkeyword = \"k\"\nstage = \"pre_sales\"\nlevel = 6\n",
       "keyword_rules[0].level"},
      {"[[keyword_rules]]\nkeyword = \"k\"\nstage = \"pre_sales\"\noptional_skills = 3\n",
       "keyword_rules[0].optional_skills"},
      {"[[keyword_rules]]\nkeyword = \"k\"\nstage = \"pre_sales\"\noptional_skills = { x = 9 }\n",
       "keyword_rules[0].optional_skills.x"},
      {"[[category_skills]]\nskill = \"x\"\n", "category_skills[0].category"},
      {"[[category_skills]]\ncategory = \"c\"\nskill = \"y\"\n" + agent,
       "category_skills[0].skill"},
      {"[[language_skills]]\nlanguage = \"en\"\nskill = \"x\"\nrequired = 1\n",
       "language_skills[0].required"},
      {"[[language_skills]]\nlanguage = \"en\"\nskill = \"x\"\ncolour = 1\n",
       "language_skills[0].colour"},
      {"[shop]\nvip_level_bump = 5\n", "shop.vip_level_bump"},
      {"[[orders]]\nid = \"o\"\ncustomer_id = \"c\"\nstatus = \"delivered\"\ndelivered_at = "
       "\"yesterday\"\n",
       "orders[0].delivered_at"},
  };
  for (const auto& [toml, key] : cases) {
    const auto message = error_of(toml);
    EXPECT_NE(message.find(key), std::string::npos) << "'" << message << "' for:\n" << toml;
  }
}

}  // namespace
}  // namespace fenliu::gateway
