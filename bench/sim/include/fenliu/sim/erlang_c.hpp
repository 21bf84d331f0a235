#pragma once
// Erlang-C (M/M/c): the theory the simulator is checked against.

namespace fenliu::sim {

/// Erlang-B blocking probability for `servers` servers and `erlangs` offered load, by the
/// recurrence B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)): every term stays in [0, 1], so it
/// neither overflows (A^c / c! would for c in the hundreds) nor cancels.
double erlang_b(int servers, double erlangs);

/// Probability that an arrival waits, C(c, A) = c B / (c - A (1 - B)). 1 when A >= c (the
/// queue is unstable), 0 for A <= 0.
double erlang_c(int servers, double erlangs);

/// Mean wait in the queue over all arrivals: C(c, A) * S / (c - A), S the mean service time.
/// Infinite when A >= c.
double erlang_c_mean_wait(int servers, double erlangs, double mean_service_s);

/// P(wait > t) = C(c, A) * exp(-(c - A) t / S).
double erlang_c_wait_above(int servers, double erlangs, double mean_service_s, double t_s);

}  // namespace fenliu::sim
