// Summaries over seeds: means, intervals and paired differences to the first policy.

#include <gtest/gtest.h>

#include "fenliu/sim/replications.hpp"

namespace fenliu::sim {
namespace {

sim_report report(const std::string& policy, double level, double wait) {
  sim_report r;
  r.policy = policy;
  r.service_level_30s = level;
  r.mean_wait_s = wait;
  return r;
}

const replicated_figure& figure(const std::vector<std::pair<std::string, replicated_figure>>& v,
                                const std::string& name) {
  for (const auto& [n, f] : v) {
    if (n == name) {
      return f;
    }
  }
  ADD_FAILURE() << name;
  return v.front().second;
}

// The second policy is always 0.01 better: its paired difference has no spread at all, even
// though each policy's own figure varies a lot between seeds.
TEST(replications, paired_difference_removes_the_common_noise) {
  const std::vector<std::vector<sim_report>> by_seed = {
      {report("a", 0.80, 10), report("b", 0.81, 9)},
      {report("a", 0.90, 5), report("b", 0.91, 4)},
      {report("a", 0.70, 20), report("b", 0.71, 19)},
  };
  const auto s = summarise_replications(by_seed);
  ASSERT_EQ(s.size(), 2U);
  EXPECT_EQ(s[1].policy, "b");
  EXPECT_NEAR(figure(s[0].figures, "service_level_30s").mean, 0.80, 1e-12);
  EXPECT_GT(figure(s[0].figures, "service_level_30s").half_width_95, 0.1);
  EXPECT_NEAR(figure(s[1].minus_first, "service_level_30s").mean, 0.01, 1e-12);
  EXPECT_NEAR(figure(s[1].minus_first, "service_level_30s").half_width_95, 0.0, 1e-12);
  EXPECT_NEAR(figure(s[1].minus_first, "mean_wait_s").mean, -1.0, 1e-12);
  EXPECT_DOUBLE_EQ(figure(s[0].minus_first, "mean_wait_s").mean, 0.0);
}

TEST(replications, t_quantiles) {
  EXPECT_DOUBLE_EQ(t_quantile_95(9), 2.262);
  EXPECT_DOUBLE_EQ(t_quantile_95(1), 12.706);
  EXPECT_NEAR(t_quantile_95(1000), 1.96, 0.01);
}

}  // namespace
}  // namespace fenliu::sim
