#pragma once
// The metric primitives: lock-free, allocation-free to update. Any thread may update them; the
// scrape reads them with relaxed loads (a scrape sees each value at some recent moment, which is
// all Prometheus asks).

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace fenliu::gateway::metrics {

class counter {
 public:
  void inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class gauge {
 public:
  void add(std::int64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  void sub(std::int64_t n = 1) noexcept { value_.fetch_sub(n, std::memory_order_relaxed); }
  std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

/// A histogram over integer observations (microseconds, items) with fixed upper bounds, given in
/// the same unit and increasing. The exposition scales them (e.g. microseconds -> seconds).
/// Buckets are stored per bucket and summed into cumulative `le` counts at scrape.
template <std::size_t N>
class histogram {
 public:
  explicit constexpr histogram(const std::array<std::uint64_t, N>& bounds) : bounds_(bounds) {}

  void observe(std::uint64_t v) noexcept {
    std::size_t i = 0;
    while (i < N && v > bounds_[i]) {
      ++i;
    }
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(v, std::memory_order_relaxed);
  }

  static constexpr std::size_t size() noexcept { return N; }
  std::uint64_t bound(std::size_t i) const noexcept { return bounds_[i]; }
  /// Observations in bucket i alone (i == N: above the last bound).
  std::uint64_t bucket(std::size_t i) const noexcept {
    return buckets_[i].load(std::memory_order_relaxed);
  }
  std::uint64_t sum() const noexcept { return sum_.load(std::memory_order_relaxed); }

 private:
  std::array<std::uint64_t, N> bounds_;
  std::array<std::atomic<std::uint64_t>, N + 1> buckets_{};
  std::atomic<std::uint64_t> sum_{0};
};

}  // namespace fenliu::gateway::metrics
