#pragma once
// Replications: the same comparison on several traffic seeds, summarised as means with 95%
// intervals, plus each policy's paired difference to the first one. Pairing works because
// every policy sees exactly the same customers for a given seed (common random numbers), so
// the difference is much less noisy than either figure.

#include <string>
#include <utility>
#include <vector>

#include "fenliu/sim/metrics.hpp"

namespace fenliu::sim {

struct replicated_figure {
  double mean = 0;
  double half_width_95 = 0;  // Student t over the seeds
};

struct policy_replication {
  std::string policy;
  /// Figure name -> mean and interval over seeds.
  std::vector<std::pair<std::string, replicated_figure>> figures;
  /// Figure name -> this policy minus the first policy, per seed, then mean and interval.
  std::vector<std::pair<std::string, replicated_figure>> minus_first;
};

/// `by_seed[s][p]`: the report of policy p on seed s; every seed lists the same policies.
std::vector<policy_replication> summarise_replications(
    const std::vector<std::vector<sim_report>>& by_seed);

/// Two-sided 95% Student-t quantile for `df` degrees of freedom.
double t_quantile_95(int df);

std::string replication_table(const std::vector<policy_replication>& r, int seeds);
std::string replication_json(const std::vector<policy_replication>& r, int seeds,
                             const std::string& indent);

}  // namespace fenliu::sim
