#pragma once
// The Prometheus text exposition format (version 0.0.4): HELP and TYPE lines, samples with
// escaped label values, histograms as _bucket{le}, _sum and _count.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "gateway/metrics/metric_types.hpp"

namespace fenliu::gateway::metrics {

struct label {
  std::string_view name;
  std::string_view value;
};

class text_writer {
 public:
  /// Starts a family: `# HELP name help` and `# TYPE name type`.
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, std::initializer_list<label> labels, double value);
  void sample(std::string_view name, std::initializer_list<label> labels, std::uint64_t value);
  void sample(std::string_view name, std::initializer_list<label> labels, std::int64_t value);

  /// One histogram's series (the family line must come first); `scale` converts the stored
  /// unit to the exposed one (1e-6: microseconds to seconds).
  template <std::size_t N>
  void histogram_series(std::string_view name, const histogram<N>& h, double scale) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < N; ++i) {
      cumulative += h.bucket(i);
      bucket(name, static_cast<double>(h.bound(i)) * scale, cumulative);
    }
    cumulative += h.bucket(N);
    bucket_inf(name, cumulative);
    sample_suffix(name, "_sum", static_cast<double>(h.sum()) * scale);
    sample_suffix(name, "_count", static_cast<double>(cumulative));
  }

  const std::string& text() const noexcept { return out_; }
  std::string take() { return std::move(out_); }

  /// Label value escaping of the text format: backslash, double quote and line feed.
  static void escape_label_value(std::string_view in, std::string& out);

 private:
  void bucket(std::string_view name, double le, std::uint64_t count);
  void bucket_inf(std::string_view name, std::uint64_t count);
  void sample_suffix(std::string_view name, std::string_view suffix, double value);
  void labels(std::initializer_list<label> labels);

  std::string out_;
};

}  // namespace fenliu::gateway::metrics
