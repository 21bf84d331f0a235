// [kpi] (part "kpis"): every key reaches its field, the defaults, each range at its edge.

#include <gtest/gtest.h>

#include "config_errors.hpp"
#include "gateway/config/config.hpp"

namespace fenliu::gateway {
namespace {

using testing::expect_error;

TEST(ConfigKpi, EveryKeyReachesItsField) {
  const auto cfg = parse_config(R"(
[kpi]
service_level_target_s = 20
conversion_window_hours = 48
max_conversations = 5000
max_range_days = 31
)");
  EXPECT_EQ(cfg.shop.kpi.service_level_target_s, 20);
  EXPECT_EQ(cfg.shop.kpi.conversion_window_hours, 48);
  EXPECT_EQ(cfg.shop.kpi.max_conversations, 5000u);
  EXPECT_EQ(cfg.shop.kpi.max_range_days, 31);
}

TEST(ConfigKpi, Defaults) {
  const auto cfg = parse_config("");
  EXPECT_EQ(cfg.shop.kpi.service_level_target_s, 30);
  EXPECT_EQ(cfg.shop.kpi.conversion_window_hours, 24);
  EXPECT_EQ(cfg.shop.kpi.max_conversations, 100000u);
  EXPECT_EQ(cfg.shop.kpi.max_range_days, 366);
}

TEST(ConfigKpi, RangesAtTheirEdges) {
  const auto edges = parse_config(
      "[kpi]\nservice_level_target_s = 86400\nconversion_window_hours = 2160\n"
      "max_conversations = 10000000\nmax_range_days = 3660\n");
  EXPECT_EQ(edges.shop.kpi.max_range_days, 3660);
  const auto low = parse_config(
      "[kpi]\nservice_level_target_s = 1\nconversion_window_hours = 1\n"
      "max_conversations = 1\nmax_range_days = 1\n");
  EXPECT_EQ(low.shop.kpi.max_conversations, 1u);
  expect_error("[kpi]\nservice_level_target_s = 0\n", "kpi.service_level_target_s");
  expect_error("[kpi]\nservice_level_target_s = 86401\n", "kpi.service_level_target_s");
  expect_error("[kpi]\nconversion_window_hours = 2161\n", "kpi.conversion_window_hours");
  expect_error("[kpi]\nmax_conversations = 0\n", "kpi.max_conversations");
  expect_error("[kpi]\nmax_conversations = 10000001\n", "kpi.max_conversations");
  expect_error("[kpi]\nmax_range_days = 3661\n", "kpi.max_range_days");
  expect_error("[kpi]\ntarget = 30\n", "kpi.target");
}

}  // namespace
}  // namespace fenliu::gateway
