#pragma once
// Seeded random numbers with our own distribution code: the std:: distributions are
// implementation-defined, so a seed would give different traffic with another standard library.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <vector>

namespace fenliu::sim {

/// splitmix64: a tiny generator for per-conversation streams. Eight bytes of state, so every
/// live conversation owns one and its draws do not depend on what other conversations did
/// (common random numbers across policies). Satisfies UniformRandomBitGenerator.
class split_stream {
 public:
  using result_type = std::uint64_t;
  explicit split_stream(std::uint64_t seed = 0) : state_(seed) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
  }

 private:
  std::uint64_t state_;
};

/// A seed for stream `n` of a run seeded with `seed`.
inline std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t n) {
  split_stream s(seed ^ (n * 0xd1b54a32d192ed03ULL));
  s();
  return s();
}

/// Uniform on [0, 1) from the top 53 bits (G yields 64 random bits).
template <typename G>
double uniform01(G& g) {
  return static_cast<double>(g() >> 11U) * 0x1.0p-53;
}

template <typename G>
double exponential(G& g, double mean) {
  return -mean * std::log1p(-uniform01(g));
}

/// Box-Muller; one draw per call keeps the number of draws per variate fixed.
template <typename G>
double standard_normal(G& g) {
  const double u1 = 1.0 - uniform01(g);  // (0, 1]: log is finite
  const double u2 = uniform01(g);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

/// Lognormal with the given mean and coefficient of variation (sd / mean).
template <typename G>
double lognormal(G& g, double mean, double cv) {
  const double sigma2 = std::log1p(cv * cv);
  const double mu = std::log(mean) - sigma2 / 2.0;
  return std::exp(mu + std::sqrt(sigma2) * standard_normal(g));
}

template <typename G>
bool bernoulli(G& g, double p) {
  return uniform01(g) < p;
}

/// Index i with probability weights[i] / sum(weights); weights must not all be zero.
template <typename G>
std::size_t pick_weighted(G& g, const std::vector<double>& weights) {
  double total = 0;
  for (double w : weights) {
    total += w;
  }
  double x = uniform01(g) * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (x < weights[i]) {
      return i;
    }
    x -= weights[i];
  }
  return weights.size() - 1;
}

enum class dist_kind : std::uint8_t { exponential, lognormal, fixed };

/// A duration in seconds: exponential(mean), lognormal(mean, cv) or a constant.
struct duration_dist {
  dist_kind kind = dist_kind::exponential;
  double mean_s = 60;
  double cv = 1.0;  // lognormal only

  template <typename G>
  double sample(G& g) const {
    switch (kind) {
      case dist_kind::lognormal:
        return lognormal(g, mean_s, cv);
      case dist_kind::fixed:
        return mean_s;
      case dist_kind::exponential:
        break;
    }
    return exponential(g, mean_s);
  }
};

}  // namespace fenliu::sim
