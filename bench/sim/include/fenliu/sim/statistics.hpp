#pragma once
// Small statistics used by the reports: quantiles, Gini, batch-means confidence intervals.

#include <vector>

namespace fenliu::sim {

/// The q-quantile (0..1) by the nearest-rank method; 0 for an empty sample. Reorders `v`.
double quantile(std::vector<double>& v, double q);

/// Gini coefficient of non-negative values: 0 = all equal, towards 1 = one holds everything.
double gini(std::vector<double> v);

/// Two-sided 99.9% Student-t quantile for `df` degrees of freedom (table, interpolated in
/// 1/df; accurate to about 0.01 for df >= 5).
double t_quantile_999(int df);

/// Mean of the batch estimates and the half-width of its 99.9% confidence interval.
struct batch_estimate {
  double mean = 0;
  double half_width_999 = 0;
  int batches = 0;
};
batch_estimate batch_means(const std::vector<double>& batch_values);

}  // namespace fenliu::sim
