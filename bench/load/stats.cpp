#include "stats.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace fenliu::load {

int histogram::index_of(std::int64_t us) {
  if (us < linear) {
    return static_cast<int>(std::max<std::int64_t>(us, 0));
  }
  const auto v = static_cast<std::uint64_t>(us);
  const int msb = 63 - std::countl_zero(v);  // >= 7
  const int shift = msb - 6;
  const int octave = std::min(msb - 7, octaves - 1);
  const int sub = static_cast<int>((v >> shift) - sub_buckets);
  return linear + octave * sub_buckets + std::min(sub, sub_buckets - 1);
}

double histogram::value_of(int index) {
  if (index < linear) {
    return index;
  }
  const int octave = (index - linear) / sub_buckets;
  const int sub = (index - linear) % sub_buckets;
  const int shift = octave + 1;
  const double low = static_cast<double>(static_cast<std::uint64_t>(sub + sub_buckets) << shift);
  return low + std::ldexp(1.0, shift) / 2.0;  // the bucket's middle
}

void histogram::record(std::int64_t us) {
  ++buckets_[static_cast<std::size_t>(index_of(us))];
  ++count_;
  sum_ += us;
  max_ = std::max(max_, us);
}

void histogram::merge(const histogram& other) {
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    buckets_[i] += other.buckets_[i];
  }
  count_ += other.count_;
  sum_ += other.sum_;
  max_ = std::max(max_, other.max_);
}

void histogram::reset() {
  *this = histogram{};
}

double histogram::percentile(double q) const {
  if (count_ == 0) {
    return 0.0;
  }
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= std::max<std::uint64_t>(rank, 1)) {
      // Never report more than the largest value seen (the top bucket's middle may be above it).
      return std::min(value_of(static_cast<int>(i)), static_cast<double>(max_));
    }
  }
  return static_cast<double>(max_);
}

second_stats& worker_stats::second_at(std::int64_t now) {
  const auto index =
      static_cast<std::size_t>(std::max<std::int64_t>(now - series_start_us, 0) / 1'000'000);
  if (index >= seconds.size()) {
    seconds.resize(index + 1);
  }
  return seconds[index];
}

void worker_stats::record_delivery(histogram& h, std::int64_t latency_us, std::int64_t now) {
  h.record(latency_us);
  ++delivered;
  auto& s = second_at(now);
  ++s.delivered;
  s.latency.record(latency_us);
}

void worker_stats::record_sent(std::int64_t now) {
  ++sent;
  ++second_at(now).sent;
}

void worker_stats::record_ack(std::int64_t latency_us, std::int64_t now) {
  ack.record(latency_us);
  ++acked;
  ++second_at(now).acked;
}

void worker_stats::merge(const worker_stats& other) {
  routing.merge(other.routing);
  to_agent.merge(other.to_agent);
  to_customer.merge(other.to_customer);
  ack.merge(other.ack);
  relay.merge(other.relay);
  sent += other.sent;
  acked += other.acked;
  delivered += other.delivered;
  conversations_started += other.conversations_started;
  conversations_assigned += other.conversations_assigned;
  conversations_completed += other.conversations_completed;
  connect_failures += other.connect_failures;
  backoffs += other.backoffs;
  for (const auto& [k, v] : other.errors_by_code) {
    errors_by_code[k] += v;
  }
  for (const auto& [k, v] : other.closes_by_code) {
    closes_by_code[k] += v;
  }
  for (const auto& [k, v] : other.failures) {
    failures[k] += v;
  }
  if (other.seconds.size() > seconds.size()) {
    seconds.resize(other.seconds.size());
  }
  for (std::size_t i = 0; i < other.seconds.size(); ++i) {
    seconds[i].sent += other.seconds[i].sent;
    seconds[i].acked += other.seconds[i].acked;
    seconds[i].delivered += other.seconds[i].delivered;
    seconds[i].latency.merge(other.seconds[i].latency);
  }
}

}  // namespace fenliu::load
