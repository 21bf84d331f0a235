#pragma once
// A small JSON writer (flat objects built field by field; nesting by raw text) and the shared
// pieces of every report: latency percentiles, error and close counts, process figures.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "proc_stats.hpp"
#include "stats.hpp"

namespace fenliu::load {

class json_object {
 public:
  json_object& num(const std::string& key, double value);
  json_object& integer(const std::string& key, std::int64_t value);
  json_object& str(const std::string& key, const std::string& value);
  json_object& boolean(const std::string& key, bool value);
  /// `json` must already be valid JSON text (an object, an array, a number).
  json_object& raw(const std::string& key, std::string json);
  std::string dump() const;

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

std::string quote(const std::string& text);
/// {"count", "mean", "p50", "p90", "p99", "p999", "max"} in microseconds.
std::string latency_json(const histogram& h);
/// {"errors_by_code": {...}, "closes_by_code": {...}, "failures": {...}}
std::string problems_json(const worker_stats& s);
/// Server figures between two samples: cpu_cores, cpu_s, rss_kb (at the end).
std::string server_json(const std::optional<process_sample>& a,
                        const std::optional<process_sample>& b);
/// Per-second series: [{"t_s", "msgs_per_s", "p50_us", "p99_us"}, ...]
std::string series_json(const worker_stats& s);
/// The same series as CSV for gnuplot: t_s,msgs_per_s,p50_us,p99_us
void write_series_csv(const worker_stats& s, const std::string& path);
/// Writes text to path, creating the parent directory.
void write_file(const std::string& path, const std::string& text);

}  // namespace fenliu::load
