// Erlang-B/C against known values and against the textbook sum formula.

#include "fenliu/sim/erlang_c.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace fenliu::sim {
namespace {

// The direct formula, C = (A^c/c! * c/(c-A)) / (sum_{k<c} A^k/k! + A^c/c! * c/(c-A)), as a
// log-sum-exp so it stays finite for any size: an independent second opinion.
double erlang_c_direct(int c, double a) {
  std::vector<double> logs;
  for (int k = 0; k < c; ++k) {
    logs.push_back(k * std::log(a) - std::lgamma(k + 1.0));
  }
  const double log_top = c * std::log(a) - std::lgamma(c + 1.0) + std::log(c / (c - a));
  double m = log_top;
  for (double l : logs) {
    m = std::max(m, l);
  }
  double sum = 0;
  for (double l : logs) {
    sum += std::exp(l - m);
  }
  const double top = std::exp(log_top - m);
  return top / (sum + top);
}

TEST(erlang_c, known_values) {
  struct row {
    int servers;
    double erlangs;
    double p_wait;
  };
  const row rows[] = {
      {3, 2.0, 4.0 / 9.0},  // the classic example: 0.4444...
      {2, 1.0, 1.0 / 3.0},  // M/M/2 at rho 1/2: 2 rho^2 / (1 + rho)
      {1, 0.5, 0.5},        // M/M/1: P(wait) = rho
      {1, 0.9, 0.9},
  };
  for (const auto& r : rows) {
    EXPECT_NEAR(erlang_c(r.servers, r.erlangs), r.p_wait, 1e-12) << r.servers << " " << r.erlangs;
  }
  EXPECT_NEAR(erlang_b(3, 2.0), 4.0 / 19.0, 1e-12);
  EXPECT_NEAR(erlang_b(1, 1.0), 0.5, 1e-12);
}

TEST(erlang_c, mean_wait_and_wait_tail) {
  // W_q = C S / (c - A): 4/9 * 180 s / 1 = 80 s.
  EXPECT_NEAR(erlang_c_mean_wait(3, 2.0, 180.0), 80.0, 1e-9);
  // P(W > t) = C exp(-(c - A) t / S).
  EXPECT_NEAR(erlang_c_wait_above(3, 2.0, 180.0, 0.0), 4.0 / 9.0, 1e-12);
  EXPECT_NEAR(erlang_c_wait_above(3, 2.0, 180.0, 180.0), 4.0 / 9.0 * std::exp(-1.0), 1e-12);
}

TEST(erlang_c, edges) {
  EXPECT_EQ(erlang_c(5, 0.0), 0.0);
  EXPECT_EQ(erlang_c(5, 5.0), 1.0);  // unstable: everyone waits
  EXPECT_EQ(erlang_c(5, 7.5), 1.0);
  EXPECT_TRUE(std::isinf(erlang_c_mean_wait(5, 5.0, 60.0)));
}

TEST(erlang_c, recurrence_matches_the_direct_formula) {
  for (int c : {1, 2, 5, 10, 25, 50, 100}) {
    for (double rho : {0.1, 0.5, 0.8, 0.95, 0.99}) {
      const double a = rho * c;
      EXPECT_NEAR(erlang_c(c, a), erlang_c_direct(c, a), 1e-9) << c << " " << a;
    }
  }
}

// A^c / c! overflows a double from c = 171 on; the recurrence does not care.
TEST(erlang_c, stable_for_thousands_of_servers) {
  for (int c : {500, 2'000, 10'000}) {
    const double p = erlang_c(c, 0.97 * c);
    EXPECT_TRUE(std::isfinite(p));
    EXPECT_GT(p, 0.0);
    EXPECT_LT(p, 1.0);
    EXPECT_NEAR(p, erlang_c_direct(c, 0.97 * c), 1e-9) << c;
  }
  // Pooling: at the same occupancy, more servers mean fewer waits.
  EXPECT_LT(erlang_c(2'000, 1'900.0), erlang_c(200, 190.0));
}

}  // namespace
}  // namespace fenliu::sim
