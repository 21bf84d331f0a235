// Erlang-B/C by the numerically stable recurrence (see the header).

#include "fenliu/sim/erlang_c.hpp"

#include <cmath>
#include <limits>

namespace fenliu::sim {

double erlang_b(int servers, double erlangs) {
  if (erlangs <= 0) {
    return servers <= 0 ? 1.0 : 0.0;
  }
  double b = 1.0;
  for (int k = 1; k <= servers; ++k) {
    b = erlangs * b / (k + erlangs * b);
  }
  return b;
}

double erlang_c(int servers, double erlangs) {
  if (erlangs <= 0) {
    return 0.0;
  }
  if (erlangs >= servers) {
    return 1.0;
  }
  const double b = erlang_b(servers, erlangs);
  return servers * b / (servers - erlangs * (1.0 - b));
}

double erlang_c_mean_wait(int servers, double erlangs, double mean_service_s) {
  if (erlangs >= servers) {
    return std::numeric_limits<double>::infinity();
  }
  return erlang_c(servers, erlangs) * mean_service_s / (servers - erlangs);
}

double erlang_c_wait_above(int servers, double erlangs, double mean_service_s, double t_s) {
  if (erlangs >= servers) {
    return 1.0;
  }
  return erlang_c(servers, erlangs) * std::exp(-(servers - erlangs) * t_s / mean_service_s);
}

}  // namespace fenliu::sim
