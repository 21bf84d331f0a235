// Text tables and JSON for the simulator's figures.

#include "fenliu/sim/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>

namespace fenliu::sim {

namespace {

std::string num(double v) {
  if (!std::isfinite(v)) {
    return "null";
  }
  return fmt::format("{:.6g}", v);
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
    }
    out += ch;
  }
  return out + "\"";
}

std::string counts(const std::map<std::string, std::uint64_t>& m) {
  std::string out = "{";
  for (const auto& [k, v] : m) {
    out += fmt::format("{}{}: {}", out.size() > 1 ? ", " : "", quoted(k), v);
  }
  return out + "}";
}

std::string list(const std::vector<double>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    out += (i > 0 ? ", " : "") + num(v[i]);
  }
  return out + "]";
}

std::string report_json(const sim_report& r, const std::string& indent) {
  // A ratio against a utilisation of zero has no value: null rather than infinity.
  const double spread = r.utilisation_max_over_min > 0 ? r.utilisation_max_over_min : NAN;
  std::string s = "{\n";
  auto field = [&](const char* key, const std::string& value, bool last = false) {
    s += fmt::format("{}  \"{}\": {}{}\n", indent, key, value, last ? "" : ",");
  };
  field("service_level_30s", num(r.service_level_30s));
  field("mean_wait_s", num(r.mean_wait_s));
  field("p90_wait_s", num(r.p90_wait_s));
  field("abandonment", num(r.abandonment));
  field("utilisation_max_over_min", num(spread));
  field("utilisation_gini", num(r.utilisation_gini));
  field("skill_match_rate", num(r.skill_match_rate));
  field("sticky_hit_rate", num(r.sticky_hit_rate));
  field("relaxations", std::to_string(r.relaxations));
  field("overflows", std::to_string(r.overflows));
  field("p_wait", num(r.p_wait));
  field("arrivals", std::to_string(r.arrivals));
  field("answered", std::to_string(r.answered));
  field("abandoned", std::to_string(r.abandoned));
  field("left_message", std::to_string(r.left_message));
  field("unserved", std::to_string(r.unserved));
  field("utilisation_mean", num(r.utilisation_mean));
  field("utilisation_min", num(r.utilisation_min));
  field("utilisation_max", num(r.utilisation_max));
  field("sticky_eligible", std::to_string(r.sticky_eligible));
  field("relax_steps", std::to_string(r.relax_steps));
  field("overflow_steps", std::to_string(r.overflow_steps));
  field("alerts", std::to_string(r.alerts));
  field("taken_back", std::to_string(r.taken_back));
  field("assignment_rules", counts(r.assignment_rules));
  field("unassigned_reasons", counts(r.unassigned_reasons));
  field("skill_mismatch_rules", counts(r.skill_mismatch_rules));
  field("batch_arrivals", list(r.batch_arrivals));
  field("batch_service_level_30s", list(r.batch_service_level));
  field("batch_abandonment", list(r.batch_abandonment));
  field("aht_s", num(r.aht_s));
  field("transfer_rate", num(r.transfer_rate));
  field("first_agent_resolution", num(r.first_agent_resolution));
  field("idle_gini", num(r.idle_gini));
  field("utilisation_max_over_mean", num(r.utilisation_max_over_mean));
  field("vip_service_level_30s", num(r.vip_service_level_30s));
  field("regular_service_level_30s", num(r.regular_service_level_30s));
  field("idle_share", list(r.idle_share));
  field("router_events", std::to_string(r.router_events), true);
  return s + indent + "}";
}

std::string policies_json(const std::vector<sim_report>& reports) {
  std::string s = "{\n";
  for (std::size_t i = 0; i < reports.size(); ++i) {
    s += fmt::format("      {}: {}{}\n", quoted(reports[i].policy),
                     report_json(reports[i], "      "), i + 1 < reports.size() ? "," : "");
  }
  return s + "    }";
}

}  // namespace

std::string erlang_c_summary(const erlang_c_check& e) {
  const sim_report& r = e.sim;
  std::string s = fmt::format(
      "Erlang-C check: c = {} servers, A = {} erlangs, S = {} s exponential, {} customers "
      "measured ({} batches, 99.9% intervals)\n",
      e.params.servers, e.params.erlangs, e.params.mean_service_s, r.arrivals,
      r.p_wait_batches.batches);
  s += fmt::format("  {:<22} {:>10} {:>18} {:>10}\n", "", "simulated", "99.9% interval", "theory");
  auto row = [&](const char* name, double sim, const batch_estimate& b, double theory) {
    s += fmt::format("  {:<22} {:>10.4f}   [{:>6.4f}, {:>6.4f}] {:>10.4f}\n", name, sim,
                     b.mean - b.half_width_999, b.mean + b.half_width_999, theory);
  };
  row("P(wait)", r.p_wait, r.p_wait_batches, e.p_wait_theory);
  row("mean wait (s)", r.mean_wait_s, r.mean_wait_batches, e.mean_wait_s_theory);
  row("answered within 30 s", r.service_level_30s, r.service_level_batches,
      e.service_level_30s_theory);
  return s;
}

std::string policy_table(const std::vector<sim_report>& reports) {
  std::string s = fmt::format("  {:<26}", "");
  for (const auto& r : reports) {
    s += fmt::format(" {:>13.13}", r.policy);
  }
  s += "\n";
  auto row = [&](const char* name, const std::function<std::string(const sim_report&)>& f) {
    s += fmt::format("  {:<26}", name);
    for (const auto& r : reports) {
      s += fmt::format(" {:>13}", f(r));
    }
    s += "\n";
  };
  auto pct = [](double v) { return fmt::format("{:.1f}%", 100 * v); };
  row("arrivals", [](const sim_report& r) { return std::to_string(r.arrivals); });
  row("answered within 30 s", [&](const sim_report& r) { return pct(r.service_level_30s); });
  row("  in the worst batch", [&](const sim_report& r) {
    double worst = 1.0;
    for (double v : r.batch_service_level) {
      worst = std::min(worst, v);
    }
    return pct(worst);
  });
  row("mean wait (s)", [](const sim_report& r) { return fmt::format("{:.1f}", r.mean_wait_s); });
  row("p90 wait (s)", [](const sim_report& r) { return fmt::format("{:.1f}", r.p90_wait_s); });
  row("abandoned", [&](const sim_report& r) { return pct(r.abandonment); });
  row("left a message", [](const sim_report& r) { return std::to_string(r.left_message); });
  row("utilisation mean", [&](const sim_report& r) { return pct(r.utilisation_mean); });
  row("utilisation max/min", [](const sim_report& r) {
    return r.utilisation_max_over_min > 0 ? fmt::format("{:.2f}", r.utilisation_max_over_min)
                                          : std::string("inf");
  });
  row("utilisation Gini",
      [](const sim_report& r) { return fmt::format("{:.3f}", r.utilisation_gini); });
  row("skill match", [&](const sim_report& r) { return pct(r.skill_match_rate); });
  row("sticky hits", [&](const sim_report& r) { return pct(r.sticky_hit_rate); });
  row("relaxed assignments", [](const sim_report& r) { return std::to_string(r.relaxations); });
  row("overflow assignments", [](const sim_report& r) { return std::to_string(r.overflows); });
  row("taken back", [](const sim_report& r) { return std::to_string(r.taken_back); });
  return s;
}

std::string sim_json(const erlang_c_check& e, const std::vector<sim_report>& day,
                     const std::vector<sim_report>& surge, const std::string& scenarios_json,
                     double runtime_s) {
  const sim_report& r = e.sim;
  std::string s = "{\n  \"sim\": {\n    \"erlang_c\": {\n";
  s += fmt::format("      \"servers\": {},\n      \"offered_load_erlangs\": {},\n",
                   e.params.servers, num(e.params.erlangs));
  s += fmt::format("      \"mean_service_s\": {},\n      \"customers\": {},\n      \"seed\": {},\n",
                   num(e.params.mean_service_s), r.arrivals, e.params.seed);
  s += fmt::format("      \"p_wait_sim\": {},\n      \"p_wait_ci999\": {},\n", num(r.p_wait),
                   num(r.p_wait_batches.half_width_999));
  s += fmt::format("      \"p_wait_theory\": {},\n", num(e.p_wait_theory));
  s += fmt::format("      \"mean_wait_s_sim\": {},\n      \"mean_wait_s_ci999\": {},\n",
                   num(r.mean_wait_s), num(r.mean_wait_batches.half_width_999));
  s += fmt::format("      \"mean_wait_s_theory\": {},\n", num(e.mean_wait_s_theory));
  s += fmt::format("      \"service_level_30s_sim\": {},\n      \"service_level_30s_theory\": {}\n",
                   num(r.service_level_30s), num(e.service_level_30s_theory));
  s += "    },\n";
  s += fmt::format("    \"policies_scenario\": {},\n", quoted(day.empty() ? "" : day[0].scenario));
  s += "    \"policies\": " + policies_json(day) + ",\n";
  s += fmt::format("    \"surge_scenario\": {},\n", quoted(surge.empty() ? "" : surge[0].scenario));
  s += "    \"surge_policies\": " + policies_json(surge) + ",\n";
  s += "    \"scenarios\": " + scenarios_json + ",\n";
  s += fmt::format("    \"runtime_s\": {}\n  }}\n}}\n", num(runtime_s));
  return s;
}

}  // namespace fenliu::sim
