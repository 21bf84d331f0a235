#pragma once
// Latency histograms and per-second series. Each worker thread owns its own `worker_stats`;
// they are merged once the run is over, so recording takes no lock.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fenliu::load {

/// Log-linear histogram of microseconds: exact below 128 µs, then 64 buckets per power of two
/// (under 1.6% error), up to about 2^40 µs.
class histogram {
 public:
  void record(std::int64_t us);
  void merge(const histogram& other);
  void reset();
  std::uint64_t count() const { return count_; }
  /// The value at quantile q in [0, 1]; 0 when empty.
  double percentile(double q) const;
  double mean() const { return count_ == 0 ? 0.0 : static_cast<double>(sum_) / count_; }
  std::int64_t max() const { return max_; }

 private:
  static constexpr int linear = 128;
  static constexpr int sub_buckets = 64;
  static constexpr int octaves = 34;
  static constexpr int size = linear + octaves * sub_buckets;
  static int index_of(std::int64_t us);
  static double value_of(int index);

  std::array<std::uint64_t, size> buckets_{};
  std::uint64_t count_ = 0;
  std::int64_t sum_ = 0;
  std::int64_t max_ = 0;
};

/// What one second of a run saw.
struct second_stats {
  std::uint64_t sent = 0;
  std::uint64_t acked = 0;
  std::uint64_t delivered = 0;
  histogram latency;
};

/// A worker's counters and histograms. Only its own thread writes them.
struct worker_stats {
  histogram routing;      // StartConversation sent -> Assigned received
  histogram to_agent;     // customer message sent -> delivered to the agent
  histogram to_customer;  // agent reply sent -> delivered to the customer
  histogram ack;          // SendMessage sent -> SendAck received
  histogram relay;        // any message sent -> delivered (relay, echo)
  std::uint64_t sent = 0;
  std::uint64_t acked = 0;
  std::uint64_t delivered = 0;
  std::uint64_t conversations_started = 0;
  std::uint64_t conversations_assigned = 0;
  std::uint64_t conversations_completed = 0;
  std::uint64_t connect_failures = 0;
  std::uint64_t backoffs = 0;  // OVERLOADED answers with a retry hint that paused a sender
  std::map<int, std::uint64_t> errors_by_code;    // Error.code -> count
  std::map<int, std::uint64_t> closes_by_code;    // WebSocket close code -> count (0: no code)
  std::map<std::string, std::uint64_t> failures;  // I/O error text -> count
  std::vector<second_stats> seconds;              // index: whole seconds since the series start
  std::int64_t series_start_us = 0;

  /// Counts a delivered message and its latency into the totals and the current second.
  void record_delivery(histogram& h, std::int64_t latency_us, std::int64_t now);
  void record_sent(std::int64_t now);
  void record_ack(std::int64_t latency_us, std::int64_t now);
  void merge(const worker_stats& other);
  second_stats& second_at(std::int64_t now);
};

/// Counters the progress line reads from another thread (relaxed: approximate is fine).
struct live_counters {
  std::atomic<std::uint64_t> sent{0};
  std::atomic<std::uint64_t> delivered{0};
  std::atomic<std::uint64_t> acked{0};
  std::atomic<std::int64_t> open{0};
  std::atomic<std::uint64_t> errors{0};
  std::atomic<std::uint64_t> closes{0};
};

}  // namespace fenliu::load
