// Means and paired differences over seeds.

#include "fenliu/sim/replications.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <functional>

namespace fenliu::sim {

namespace {

using figure_fn = std::function<double(const sim_report&)>;

const std::vector<std::pair<std::string, figure_fn>>& figure_list() {
  static const std::vector<std::pair<std::string, figure_fn>> list = {
      {"service_level_30s", [](const sim_report& r) { return r.service_level_30s; }},
      {"mean_wait_s", [](const sim_report& r) { return r.mean_wait_s; }},
      {"abandonment", [](const sim_report& r) { return r.abandonment; }},
      {"utilisation_max_over_min", [](const sim_report& r) { return r.utilisation_max_over_min; }},
      {"utilisation_gini", [](const sim_report& r) { return r.utilisation_gini; }},
      {"skill_match_rate", [](const sim_report& r) { return r.skill_match_rate; }},
      {"sticky_hit_rate", [](const sim_report& r) { return r.sticky_hit_rate; }},
      {"aht_s", [](const sim_report& r) { return r.aht_s; }},
      {"transfer_rate", [](const sim_report& r) { return r.transfer_rate; }},
      {"first_agent_resolution", [](const sim_report& r) { return r.first_agent_resolution; }},
      {"idle_gini", [](const sim_report& r) { return r.idle_gini; }},
      {"utilisation_max_over_mean",
       [](const sim_report& r) { return r.utilisation_max_over_mean; }},
      {"vip_service_level_30s", [](const sim_report& r) { return r.vip_service_level_30s; }},
      {"regular_service_level_30s",
       [](const sim_report& r) { return r.regular_service_level_30s; }},
  };
  return list;
}

replicated_figure summarise(const std::vector<double>& v) {
  replicated_figure f;
  if (v.empty()) {
    return f;
  }
  const auto n = static_cast<double>(v.size());
  for (double x : v) {
    f.mean += x / n;
  }
  if (v.size() > 1) {
    double ss = 0;
    for (double x : v) {
      ss += (x - f.mean) * (x - f.mean);
    }
    f.half_width_95 =
        t_quantile_95(static_cast<int>(v.size()) - 1) * std::sqrt(ss / (n - 1.0)) / std::sqrt(n);
  }
  return f;
}

}  // namespace

double t_quantile_95(int df) {
  static constexpr std::array<double, 30> table{
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
      2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) {
    return table[0];
  }
  return df <= 30 ? table[static_cast<std::size_t>(df - 1)] : 1.96 + 2.4 / df;
}

std::vector<policy_replication> summarise_replications(
    const std::vector<std::vector<sim_report>>& by_seed) {
  std::vector<policy_replication> out;
  if (by_seed.empty()) {
    return out;
  }
  for (std::size_t p = 0; p < by_seed.front().size(); ++p) {
    policy_replication rep;
    rep.policy = by_seed.front()[p].policy;
    for (const auto& [name, fn] : figure_list()) {
      std::vector<double> values;
      std::vector<double> diffs;
      for (const auto& seed : by_seed) {
        values.push_back(fn(seed[p]));
        diffs.push_back(fn(seed[p]) - fn(seed.front()));
      }
      rep.figures.emplace_back(name, summarise(values));
      rep.minus_first.emplace_back(name, summarise(diffs));
    }
    out.push_back(std::move(rep));
  }
  return out;
}

std::string replication_table(const std::vector<policy_replication>& r, int seeds) {
  std::string s = fmt::format("  {} seeds: mean +- 95% interval; [difference to {}]\n", seeds,
                              r.empty() ? "" : r.front().policy);
  for (const auto& rep : r) {
    s += fmt::format("  {}\n", rep.policy);
    for (std::size_t i = 0; i < rep.figures.size(); ++i) {
      const auto& [name, f] = rep.figures[i];
      const auto& d = rep.minus_first[i].second;
      s += fmt::format("    {:<26} {:>9.4f} +- {:<8.4f} [{:+.4f} +- {:.4f}]\n", name, f.mean,
                       f.half_width_95, d.mean, d.half_width_95);
    }
  }
  return s;
}

std::string replication_json(const std::vector<policy_replication>& r, int seeds,
                             const std::string& indent) {
  auto num = [](double v) { return std::isfinite(v) ? fmt::format("{:.6g}", v) : "null"; };
  auto pairs = [&](const std::vector<std::pair<std::string, replicated_figure>>& v) {
    std::string s = "{";
    for (std::size_t i = 0; i < v.size(); ++i) {
      s += fmt::format("{}\"{}\": {{\"mean\": {}, \"ci95\": {}}}", i > 0 ? ", " : "", v[i].first,
                       num(v[i].second.mean), num(v[i].second.half_width_95));
    }
    return s + "}";
  };
  std::string s = fmt::format("{{\n{}  \"seeds\": {},\n", indent, seeds);
  for (std::size_t i = 0; i < r.size(); ++i) {
    s += fmt::format("{}  \"{}\": {{\n{}    \"figures\": {},\n{}    \"minus_{}\": {}\n{}  }}{}\n",
                     indent, r[i].policy, indent, pairs(r[i].figures), indent, r.front().policy,
                     pairs(r[i].minus_first), indent, i + 1 < r.size() ? "," : "");
  }
  return s + indent + "}";
}

}  // namespace fenliu::sim
