#pragma once
// Token bucket: `rate` tokens per second up to `burst`. Time is passed in (milliseconds), so the
// limit is exact and testable at its edge.

#include <algorithm>
#include <cstdint>

namespace fenliu::gateway {

class rate_limiter {
 public:
  rate_limiter(double rate_per_s, double burst, std::int64_t now_ms)
      : rate_per_ms_(rate_per_s / 1000.0), burst_(burst), tokens_(burst), last_ms_(now_ms) {}

  /// Takes one token; false when the bucket is empty (the caller drops the frame).
  bool allow(std::int64_t now_ms) {
    if (now_ms > last_ms_) {
      tokens_ = std::min(burst_, tokens_ + static_cast<double>(now_ms - last_ms_) * rate_per_ms_);
      last_ms_ = now_ms;
    }
    if (tokens_ < 1.0) {
      return false;
    }
    tokens_ -= 1.0;
    return true;
  }

 private:
  double rate_per_ms_;
  double burst_;
  double tokens_;
  std::int64_t last_ms_;
};

}  // namespace fenliu::gateway
