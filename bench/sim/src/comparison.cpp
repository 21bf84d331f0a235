// Paired-seed policy comparisons: runs, tables and JSON.

#include "fenliu/sim/comparison.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <thread>

#include "fenliu/sim/simulator.hpp"

namespace fenliu::sim {

namespace {

const replicated_figure* find(const std::vector<std::pair<std::string, replicated_figure>>& v,
                              const std::string& name) {
  for (const auto& [n, f] : v) {
    if (n == name) {
      return &f;
    }
  }
  return nullptr;
}

std::string num(double v) {
  return std::isfinite(v) ? fmt::format("{:.6g}", v) : "null";
}

}  // namespace

// Each run owns its router and simulator; the threads share only the index of the next run.
std::vector<sim_report> run_all(const std::vector<scenario>& runs) {
  std::vector<sim_report> reports(runs.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < runs.size(); i = next++) {
      reports[i] = simulator(runs[i]).run();
    }
  };
  std::thread helper(worker);
  worker();
  helper.join();
  return reports;
}

comparison compare_policies(const scenario& base, const std::vector<policy_variant>& variants,
                            int seeds) {
  std::vector<scenario> runs;
  for (int k = 0; k < seeds; ++k) {
    scenario s = base;
    s.seed = base.seed + static_cast<std::uint64_t>(k);
    for (const auto& v : variants) {
      runs.push_back(with_policy(s, v));
    }
  }
  const auto reports = run_all(runs);
  std::vector<std::vector<sim_report>> by_seed;
  for (std::size_t i = 0; i < reports.size(); i += variants.size()) {
    by_seed.emplace_back(reports.begin() + static_cast<std::ptrdiff_t>(i),
                         reports.begin() + static_cast<std::ptrdiff_t>(i + variants.size()));
  }
  return {base.name, seeds, summarise_replications(by_seed)};
}

std::vector<policy_variant> select_variants(const std::vector<std::string>& names) {
  const auto all = policy_variants();
  if (names.empty()) {
    return all;
  }
  std::vector<policy_variant> out = {all.front()};
  for (const auto& v : all) {
    for (const auto& n : names) {
      if (n == v.name && v.name != all.front().name) {
        out.push_back(v);
      }
    }
  }
  return out;
}

std::string comparison_table(const comparison& c) {
  static const std::pair<const char*, const char*> cols[] = {
      {"service_level_30s", "SL30"},
      {"vip_service_level_30s", "VIP SL30"},
      {"aht_s", "AHT s"},
      {"transfer_rate", "transfers"},
      {"first_agent_resolution", "FAR"},
      {"idle_gini", "idle Gini"},
      {"utilisation_max_over_mean", "max/mean"},
      {"abandonment", "abandoned"}};
  std::string s = fmt::format("  {} ({} paired seeds; [difference to {}, 95% CI])\n", c.scenario,
                              c.seeds, c.policies.empty() ? "" : c.policies.front().policy);
  s += fmt::format("  {:<24}", "policy");
  for (const auto& [key, label] : cols) {
    s += fmt::format(" {:>24}", label);
  }
  s += "\n";
  for (const auto& p : c.policies) {
    s += fmt::format("  {:<24}", p.policy);
    for (const auto& [key, label] : cols) {
      const replicated_figure* f = find(p.figures, key);
      const replicated_figure* d = find(p.minus_first, key);
      const bool aht = std::string(key) == "aht_s";
      s += aht ? fmt::format(" {:>7.1f} [{:+6.1f}±{:4.1f}]", f->mean, d->mean, d->half_width_95)
               : fmt::format(" {:>7.4f} [{:+.3f}±{:.3f}]", f->mean, d->mean, d->half_width_95);
    }
    s += "\n";
  }
  return s;
}

std::string comparison_json(const comparison& c, const std::string& in) {
  std::string s =
      fmt::format("{{\n{}  \"seeds\": {},\n{}  \"baseline\": \"{}\",\n{}  \"policies\": {{\n", in,
                  c.seeds, in, c.policies.empty() ? "" : c.policies.front().policy, in);
  const std::string base = c.policies.empty() ? "" : c.policies.front().policy;
  for (std::size_t i = 0; i < c.policies.size(); ++i) {
    const auto& p = c.policies[i];
    s += fmt::format("{}    \"{}\": {{\n", in, p.policy);
    for (const auto& [name, f] : p.figures) {
      s += fmt::format("{}      \"{}\": {},\n", in, name, num(f.mean));
    }
    std::string ci = "{";
    for (std::size_t k = 0; k < p.figures.size(); ++k) {
      ci += fmt::format("{}\"{}\": {}", k > 0 ? ", " : "", p.figures[k].first,
                        num(p.figures[k].second.half_width_95));
    }
    s += fmt::format("{}      \"ci95\": {}}},\n", in, ci);
    s += fmt::format("{}      \"vs_{}\": {{\n", in, base);
    for (std::size_t k = 0; k < p.minus_first.size(); ++k) {
      const auto& [name, d] = p.minus_first[k];
      s +=
          fmt::format("{}        \"{}\": {{\"mean\": {}, \"ci95_low\": {}, \"ci95_high\": {}}}{}\n",
                      in, name, num(d.mean), num(d.mean - d.half_width_95),
                      num(d.mean + d.half_width_95), k + 1 < p.minus_first.size() ? "," : "");
    }
    s += fmt::format("{}      }}\n{}    }}{}\n", in, in, i + 1 < c.policies.size() ? "," : "");
  }
  return s + in + "  }\n" + in + "}";
}

}  // namespace fenliu::sim
