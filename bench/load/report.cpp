#include "report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fenliu::load {

std::string quote(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

json_object& json_object::num(const std::string& key, double value) {
  // JSON has no NaN or infinity; a figure that could not be measured is null.
  fields_.emplace_back(key, std::isfinite(value) ? fmt::format("{:.6g}", value) : "null");
  return *this;
}

json_object& json_object::integer(const std::string& key, std::int64_t value) {
  fields_.emplace_back(key, std::to_string(value));
  return *this;
}

json_object& json_object::str(const std::string& key, const std::string& value) {
  fields_.emplace_back(key, quote(value));
  return *this;
}

json_object& json_object::boolean(const std::string& key, bool value) {
  fields_.emplace_back(key, value ? "true" : "false");
  return *this;
}

json_object& json_object::raw(const std::string& key, std::string json) {
  fields_.emplace_back(key, std::move(json));
  return *this;
}

std::string json_object::dump() const {
  std::string out = "{";
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    out += fmt::format("{}{}: {}", i == 0 ? "" : ", ", quote(fields_[i].first), fields_[i].second);
  }
  return out + "}";
}

std::string latency_json(const histogram& h) {
  return json_object{}
      .integer("count", static_cast<std::int64_t>(h.count()))
      .num("mean", h.mean())
      .num("p50", h.percentile(0.50))
      .num("p90", h.percentile(0.90))
      .num("p99", h.percentile(0.99))
      .num("p999", h.percentile(0.999))
      .integer("max", h.max())
      .dump();
}

namespace {

template <class Map>
std::string map_json(const Map& m) {
  json_object o;
  for (const auto& [k, v] : m) {
    o.integer(fmt::format("{}", k), static_cast<std::int64_t>(v));
  }
  return o.dump();
}

}  // namespace

std::string problems_json(const worker_stats& s) {
  return json_object{}
      .raw("errors_by_code", map_json(s.errors_by_code))
      .raw("closes_by_code", map_json(s.closes_by_code))
      .raw("failures", map_json(s.failures))
      .integer("connect_failures", static_cast<std::int64_t>(s.connect_failures))
      .integer("backoffs", static_cast<std::int64_t>(s.backoffs))
      .dump();
}

std::string server_json(const std::optional<process_sample>& a,
                        const std::optional<process_sample>& b) {
  if (!a || !b) {
    return "null";
  }
  return json_object{}
      .num("cpu_cores", cores_between(*a, *b))
      .num("cpu_s", b->cpu_s - a->cpu_s)
      .integer("rss_kb", b->rss_kb)
      .dump();
}

std::string series_json(const worker_stats& s) {
  std::string out = "[";
  for (std::size_t i = 0; i < s.seconds.size(); ++i) {
    const auto& sec = s.seconds[i];
    out +=
        fmt::format("{}{{\"t_s\": {}, \"msgs_per_s\": {}, \"p50_us\": {:.0f}, \"p99_us\": {:.0f}}}",
                    i == 0 ? "" : ", ", i, sec.delivered, sec.latency.percentile(0.5),
                    sec.latency.percentile(0.99));
  }
  return out + "]";
}

void write_series_csv(const worker_stats& s, const std::string& path) {
  std::string out = "t_s,msgs_per_s,p50_us,p99_us\n";
  for (std::size_t i = 0; i < s.seconds.size(); ++i) {
    const auto& sec = s.seconds[i];
    out += fmt::format("{},{},{:.0f},{:.0f}\n", i, sec.delivered, sec.latency.percentile(0.5),
                       sec.latency.percentile(0.99));
  }
  write_file(path, out);
}

void write_file(const std::string& path, const std::string& text) {
  const std::filesystem::path p(path);
  if (p.has_parent_path()) {
    std::filesystem::create_directories(p.parent_path());
  }
  std::ofstream out(p);
  out << text << '\n';
  if (!out) {
    throw std::runtime_error("cannot write " + path);
  }
}

}  // namespace fenliu::load
