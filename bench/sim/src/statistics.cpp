// Quantiles, Gini and batch means.

#include "fenliu/sim/statistics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <utility>

namespace fenliu::sim {

double quantile(std::vector<double>& v, double q) {
  if (v.empty()) {
    return 0;
  }
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  const std::size_t k = std::clamp<std::size_t>(rank, 1, v.size()) - 1;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

double gini(std::vector<double> v) {
  if (v.size() < 2) {
    return 0;
  }
  std::sort(v.begin(), v.end());
  const double total = std::accumulate(v.begin(), v.end(), 0.0);
  if (total <= 0) {
    return 0;
  }
  // G = sum_i (2i - n - 1) x_i / (n sum x), i = 1..n over the sorted values.
  double weighted = 0;
  const auto n = static_cast<double>(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    weighted += (2.0 * static_cast<double>(i + 1) - n - 1.0) * v[i];
  }
  return weighted / (n * total);
}

double t_quantile_999(int df) {
  // t_{0.9995, df}; the last row is the normal quantile.
  static constexpr std::array<std::pair<int, double>, 12> table{{{1, 636.62},
                                                                 {2, 31.599},
                                                                 {3, 12.924},
                                                                 {5, 6.869},
                                                                 {10, 4.587},
                                                                 {15, 4.073},
                                                                 {20, 3.850},
                                                                 {30, 3.646},
                                                                 {40, 3.551},
                                                                 {60, 3.460},
                                                                 {120, 3.373},
                                                                 {1'000'000, 3.291}}};
  if (df <= 1) {
    return table.front().second;
  }
  for (std::size_t i = 1; i < table.size(); ++i) {
    const auto [d1, t1] = table[i];
    if (df <= d1) {
      const auto [d0, t0] = table[i - 1];
      const double x = (1.0 / d0 - 1.0 / df) / (1.0 / d0 - 1.0 / d1);
      return t0 + x * (t1 - t0);
    }
  }
  return table.back().second;
}

batch_estimate batch_means(const std::vector<double>& batch_values) {
  batch_estimate e;
  e.batches = static_cast<int>(batch_values.size());
  if (batch_values.empty()) {
    return e;
  }
  const auto n = static_cast<double>(batch_values.size());
  e.mean = std::accumulate(batch_values.begin(), batch_values.end(), 0.0) / n;
  if (batch_values.size() < 2) {
    return e;
  }
  double ss = 0;
  for (double x : batch_values) {
    ss += (x - e.mean) * (x - e.mean);
  }
  const double sd = std::sqrt(ss / (n - 1.0));
  e.half_width_999 = t_quantile_999(e.batches - 1) * sd / std::sqrt(n);
  return e;
}

}  // namespace fenliu::sim
