// [peak] with [[peak.windows]], [routing.speeds] and the fastest_fit policy name: every key
// reaches its field, bad values are refused with their key path.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "config_errors.hpp"
#include "gateway/config/config.hpp"

namespace fenliu::gateway {
namespace {

using testing::error_of;
using testing::expect_error;

TEST(ConfigPeak, EveryKeyReachesItsField) {
  const auto cfg = parse_config(R"(
[peak]
capacity_factor = 2.5
relax_skills_after_s = 5
overflow_after_s = 15
vip_reserved_slots = 2
leave_message_on_arrival = false
likely_patience_s = 45
force_bot_first = false
[[peak.windows]]
from = "2026-11-10 20:00"
to = "2026-11-12T02:00"
)");
  const auto& p = cfg.shop.routing.peak;
  EXPECT_DOUBLE_EQ(p.capacity_factor, 2.5);
  EXPECT_EQ(p.relax_skills_after_s, 5);
  EXPECT_EQ(p.overflow_after_s, 15);
  EXPECT_EQ(p.vip_reserved_slots, 2);
  EXPECT_FALSE(p.leave_message_on_arrival);
  EXPECT_EQ(p.likely_patience_s, 45);
  EXPECT_FALSE(p.force_bot_first);
  ASSERT_EQ(cfg.shop.peak_windows.size(), 1u);
  const auto& w = cfg.shop.peak_windows[0];
  EXPECT_EQ(w.from, "2026-11-10 20:00");
  // 2026-11-10 is day 20,767 since 1970-01-01.
  EXPECT_EQ(w.from_local_s, 20'767LL * 86'400 + 20 * 3600);
  EXPECT_EQ(w.to_local_s - w.from_local_s, 30LL * 3600);
}

TEST(ConfigPeak, DefaultsWithoutTheSection) {
  const auto cfg = parse_config("");
  EXPECT_DOUBLE_EQ(cfg.shop.routing.peak.capacity_factor, 1.5);
  EXPECT_TRUE(cfg.shop.routing.peak.force_bot_first);
  EXPECT_TRUE(cfg.shop.peak_windows.empty());
}

TEST(ConfigPeak, BadValuesNameTheirKey) {
  expect_error("[peak]\ncapacity_factor = 0.5\n", "peak.capacity_factor");
  expect_error("[peak]\nvip_reserved_slots = -1\n", "peak.vip_reserved_slots");
  expect_error("[peak]\nlikely_patience_s = 0\n", "peak.likely_patience_s");
  expect_error("[peak]\nsurge = true\n", "peak.surge");
  expect_error("[peak]\n[[peak.windows]]\nto = \"2026-11-11 00:00\"\n", "peak.windows[0].from");
  expect_error("[peak]\n[[peak.windows]]\nfrom = \"2026-11-11 00:00\"\n", "peak.windows[0].to");
  expect_error("[peak]\n[[peak.windows]]\nfrom = \"2026-02-30 00:00\"\nto = \"2026-03-01 00:00\"\n",
               "peak.windows[0].from");
  expect_error("[peak]\n[[peak.windows]]\nfrom = \"2026-11-11 24:00\"\nto = \"2026-11-12 01:00\"\n",
               "peak.windows[0].from");
  expect_error("[peak]\n[[peak.windows]]\nfrom = \"2026-11-11 10:00\"\nto = \"2026-11-11 09:00\"\n",
               "peak.windows[0].to");
}

TEST(ConfigSpeeds, FastestFitAndItsModel) {
  const auto cfg = parse_config(R"(
[routing.pre_sales]
policy = "fastest_fit"
[routing.speeds]
prior_s = 240
prior_observations = 8
level_factor = [2, 1.5, 1, 0.8, 0.6]
concurrency_slowdown = 0.3
learning_rate = 0.1
fairness_idle_s = 90
)");
  const auto& r = cfg.shop.routing;
  EXPECT_EQ(r.stages[0].policy, router::selection_policy::fastest_fit);
  EXPECT_DOUBLE_EQ(r.speeds.prior_s, 240);
  EXPECT_EQ(r.speeds.prior_observations, 8);
  EXPECT_DOUBLE_EQ(r.speeds.level_factor[0], 2);
  EXPECT_DOUBLE_EQ(r.speeds.level_factor[4], 0.6);
  EXPECT_DOUBLE_EQ(r.speeds.concurrency_slowdown, 0.3);
  EXPECT_DOUBLE_EQ(r.speeds.learning_rate, 0.1);
  EXPECT_EQ(r.speeds.fairness_idle_s, 90);
  expect_error("[routing.pre_sales]\npolicy = \"fastest\"\n", "routing.pre_sales.policy");
  expect_error("[routing.speeds]\nlevel_factor = [1, 1]\n", "routing.speeds.level_factor");
  expect_error("[routing.speeds]\nlevel_factor = [1, 1, 0, 1, 1]\n",
               "routing.speeds.level_factor[2]");
  expect_error("[routing.speeds]\nprior_s = 0\n", "routing.speeds.prior_s");
  expect_error("[routing.speeds]\nprior_observations = -1\n",
               "routing.speeds.prior_observations");
  expect_error("[routing.speeds]\nspeed = 1\n", "routing.speeds.speed");
}

}  // namespace
}  // namespace fenliu::gateway
