#include "gateway/config/config.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <stdexcept>
#include <string>

namespace fenliu::gateway {
namespace {

using router::shift_interval;
using router::stage;

const std::string demo_path = std::string(FENLIU_SOURCE_DIR) + "/config/demo-shop.toml";

const router::agent_profile* find_agent(const server_config& c, std::string_view id) {
  for (const auto& a : c.shop.agents) {
    if (a.id == id) {
      return &a;
    }
  }
  return nullptr;
}

int skill_of(const router::agent_profile& a, std::string_view skill) {
  for (const auto& s : a.skills) {
    if (s.skill == skill) {
      return s.level;
    }
  }
  return 0;
}

bool serves(const router::agent_profile& a, stage st) {
  return std::find(a.stages.begin(), a.stages.end(), st) != a.stages.end();
}

bool whole_week(const router::shift_schedule& s) {
  return std::all_of(std::begin(s.weekly), std::end(s.weekly), [](const auto& day) {
    return day.size() == 1 && day[0].start_minute == 0 && day[0].end_minute == 1440;
  });
}

bool same(const shift_interval& a, int start, int end) {
  return a.start_minute == start && a.end_minute == end;
}

// --- the demo file ---------------------------------------------------------------------------

TEST(DemoConfig, ParsesWithExpectedShop) {
  const auto c = load_config(demo_path);
  EXPECT_EQ(c.shop.id, "demo-shop");
  EXPECT_EQ(c.shop.routing.utc_offset_minutes, 480);
  EXPECT_GE(c.shop.agents.size(), 6U);
  EXPECT_EQ(c.shop.qa_users.size(), 1U);
  EXPECT_FALSE(c.shop.vip_customers.empty());
  EXPECT_FALSE(c.shop.keyword_rules.empty());
  EXPECT_TRUE(c.shop.routing.stages[static_cast<int>(stage::after_sales)].manual_accept);
  // The demo shows a selection policy on each stage: the default, fastest_fit, on pre-sales.
  EXPECT_EQ(c.shop.routing.stages[static_cast<int>(stage::pre_sales)].policy,
            router::selection_policy::fastest_fit);
  EXPECT_EQ(c.shop.peak_windows.size(), 1U);
  EXPECT_DOUBLE_EQ(c.shop.routing.peak.capacity_factor, 1.5);
  EXPECT_EQ(c.shop.routing.stages[static_cast<int>(stage::in_sale)].policy,
            router::selection_policy::round_robin);
  EXPECT_EQ(c.shop.routing.stages[static_cast<int>(stage::after_sales)].policy,
            router::selection_policy::most_skilled);
  const auto& pre = c.shop.routing.stages[static_cast<int>(stage::pre_sales)];
  EXPECT_EQ(pre.overflow_skill, "apparel");
  ASSERT_EQ(pre.overflow_stages.size(), 1U);
  EXPECT_EQ(pre.overflow_stages[0], stage::in_sale);
}

TEST(DemoConfig, EveryStageIsStaffedAtAnyHour) {
  const auto c = load_config(demo_path);
  for (const stage st : {stage::pre_sales, stage::in_sale, stage::after_sales}) {
    const bool staffed = std::any_of(c.shop.agents.begin(), c.shop.agents.end(), [&](auto& a) {
      return serves(a, st) && a.shifts.holidays.empty() && a.shifts.overrides.empty() &&
             (a.shifts.always_on || whole_week(a.shifts));
    });
    EXPECT_TRUE(staffed) << "stage " << static_cast<int>(st);
  }
  EXPECT_TRUE(std::any_of(c.shop.agents.begin(), c.shop.agents.end(),
                          [](auto& a) { return a.supervisor; }));
}

TEST(DemoConfig, AgentsSkillsShiftsHolidaysOverrides) {
  const auto c = load_config(demo_path);
  const auto* li = find_agent(c, "li.na");
  ASSERT_NE(li, nullptr);
  EXPECT_EQ(skill_of(*li, "apparel"), 5);
  EXPECT_EQ(li->capacity, 6);
  ASSERT_EQ(li->shifts.weekly[0].size(), 2U);  // lunch break splits Monday
  EXPECT_TRUE(same(li->shifts.weekly[0][0], 9 * 60, 12 * 60));
  EXPECT_TRUE(li->shifts.weekly[5].empty());  // Saturday off
  EXPECT_EQ(li->shifts.holidays.size(), 2U);

  const auto* wang = find_agent(c, "wang.wei");
  ASSERT_NE(wang, nullptr);
  ASSERT_EQ(wang->shifts.overrides.count("2026-11-11"), 1U);
  EXPECT_TRUE(same(wang->shifts.overrides.at("2026-11-11").at(0), 8 * 60, 1440));
  EXPECT_TRUE(wang->shifts.overrides.at("2026-11-12").empty());

  // The night shift crosses midnight and is split into the next morning; Saturday gets the
  // tail of Friday's night.
  const auto* liu = find_agent(c, "liu.yang");
  ASSERT_NE(liu, nullptr);
  EXPECT_TRUE(serves(*liu, stage::in_sale) && serves(*liu, stage::after_sales));
  EXPECT_TRUE(liu->shifts.weekly[6].empty());
  ASSERT_EQ(liu->shifts.weekly[5].size(), 1U);
  EXPECT_TRUE(same(liu->shifts.weekly[5][0], 0, 6 * 60));
  ASSERT_EQ(liu->shifts.weekly[1].size(), 2U);
  EXPECT_TRUE(same(liu->shifts.weekly[1][0], 0, 6 * 60));
  EXPECT_TRUE(same(liu->shifts.weekly[1][1], 22 * 60, 1440));
  ASSERT_EQ(liu->shifts.weekly[0].size(), 1U);
  EXPECT_TRUE(same(liu->shifts.weekly[0][0], 22 * 60, 1440));

  std::set<std::string> skills;
  for (const auto& a : c.shop.agents) {
    for (const auto& s : a.skills) {
      skills.insert(s.skill);
    }
  }
  for (const char* s : {"apparel", "electronics", "shipping", "refunds", "complaints", "english"}) {
    EXPECT_EQ(skills.count(s), 1U) << s;
  }
}

TEST(DemoConfig, OrdersInEveryStatus) {
  const auto c = load_config(demo_path);
  std::set<std::string> statuses;
  for (const auto& o : c.shop.orders) {
    statuses.insert(o.status);
  }
  EXPECT_EQ(statuses, (std::set<std::string>{"unpaid", "paid", "shipped", "delivered",
                                             "refund_open", "closed"}));
}

// Config comes from the operator, not the network, but a damaged file must still end in a
// readable std::runtime_error, never a crash or another exception type.
TEST(DemoConfig, DamagedCopiesFailCleanly) {
  std::ifstream in(demo_path);
  const std::string original((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  ASSERT_FALSE(original.empty());
  std::mt19937 rng(2026);
  const char replacements[] = {'"', '=', '[', ']', '-', '0', '9', ':', '\n', 'x', ' ', '.'};
  for (int i = 0; i < 400; ++i) {
    std::string text = original;
    for (int k = 0; k < 1 + i % 3; ++k) {
      const auto pos = std::uniform_int_distribution<std::size_t>(0, text.size() - 1)(rng);
      text[pos] = replacements[std::uniform_int_distribution<std::size_t>(
          0, sizeof(replacements) - 1)(rng)];
    }
    try {
      parse_config(text);
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string_view(e.what()).substr(0, 8), "config: ");
    } catch (...) {
      ADD_FAILURE() << "unexpected exception type for mutation " << i;
    }
  }
}

TEST(LoadConfig, MissingFileNamesThePath) {
  try {
    load_config("/nonexistent/fenliu.toml");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/fenliu.toml"), std::string::npos);
  }
}

// --- defaults --------------------------------------------------------------------------------

TEST(ParseConfig, EmptyDocumentKeepsDefaults) {
  const server_config defaults;
  const auto c = parse_config("");
  EXPECT_EQ(c.listen_address, defaults.listen_address);
  EXPECT_EQ(c.port, defaults.port);
  EXPECT_EQ(c.limits.max_message_bytes, defaults.limits.max_message_bytes);
  EXPECT_EQ(c.limits.rate_per_s, defaults.limits.rate_per_s);
  EXPECT_EQ(c.auth.jwt_secret, defaults.auth.jwt_secret);
  EXPECT_EQ(c.auth.allowed_origins, defaults.auth.allowed_origins);
  EXPECT_EQ(c.store.batch_max, defaults.store.batch_max);
  EXPECT_EQ(c.shop.id, defaults.shop.id);
  EXPECT_EQ(c.shop.routing.utc_offset_minutes, 480);
  EXPECT_EQ(c.shop.routing.offer_timeout_s, defaults.shop.routing.offer_timeout_s);
  EXPECT_EQ(c.shop.routing.stages[2].max_wait_s, 300);
  EXPECT_TRUE(c.shop.agents.empty());
}

TEST(ParseConfig, PartialSectionKeepsOtherDefaults) {
  const auto c =
      parse_config("[limits]\nmax_text_chars = 100\n[routing.in_sale]\nmax_wait_s = 9\n");
  EXPECT_EQ(c.limits.max_text_chars, 100U);
  EXPECT_EQ(c.limits.max_message_bytes, 64U * 1024);
  EXPECT_EQ(c.shop.routing.stages[1].max_wait_s, 9);
  EXPECT_EQ(c.shop.routing.stages[1].overflow_after_s, 60);
  EXPECT_EQ(c.shop.routing.stages[0].max_wait_s, 300);
}

TEST(ParseConfig, AgentDefaults) {
  const auto c = parse_config("[[agents]]\nid = \"a\"\nstages = [\"in_sale\"]\n");
  ASSERT_EQ(c.shop.agents.size(), 1U);
  const auto& a = c.shop.agents[0];
  EXPECT_EQ(a.display_name, "a");
  EXPECT_EQ(a.capacity, 5);
  EXPECT_FALSE(a.supervisor);
  EXPECT_FALSE(a.shifts.always_on);
  EXPECT_TRUE(a.skills.empty());
}

}  // namespace
}  // namespace fenliu::gateway
