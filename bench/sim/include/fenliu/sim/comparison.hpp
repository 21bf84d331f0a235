#pragma once
// Policies compared on paired seeds: every policy runs the same customers for a given seed
// (common random numbers); the report gives each figure's mean and 95% interval over the
// seeds and each policy's paired difference to the first policy (least_load).

#include <string>
#include <vector>

#include "fenliu/sim/replications.hpp"
#include "fenliu/sim/scenarios.hpp"

namespace fenliu::sim {

struct comparison {
  std::string scenario;
  int seeds = 0;
  std::vector<policy_replication> policies;  // the first is the baseline
};

/// Runs independent scenarios on two threads; reports in the order of `runs`.
std::vector<sim_report> run_all(const std::vector<scenario>& runs);

/// `base` with each variant on seeds base.seed .. base.seed + seeds - 1.
comparison compare_policies(const scenario& base, const std::vector<policy_variant>& variants,
                            int seeds);

/// The variants named (unknown names are skipped), least_load first; empty: all of them.
std::vector<policy_variant> select_variants(const std::vector<std::string>& names);

/// One row per policy: the headline figures with the paired difference to the baseline.
std::string comparison_table(const comparison& c);

/// {"seeds": n, "baseline": "least_load", "policies": {p: {key: mean, ..., "ci95": {key:
/// half-width}, "vs_least_load": {key: {"mean", "ci95_low", "ci95_high"}}}}}
std::string comparison_json(const comparison& c, const std::string& indent);

}  // namespace fenliu::sim
