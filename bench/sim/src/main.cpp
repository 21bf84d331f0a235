// fenliu-sim: the Erlang-C validation run, the routing policies side by side on one seeded
// normal shop day and Double-11 day, then the policies on paired seeds (normal day, the 10x
// surge hour without and with peak mode) with 95% intervals of each difference to
// least_load; printed and written as JSON.
// Usage: fenliu-sim [out.json]                      (default bench/out/sim.json)
//        fenliu-sim --scenario FILE [--seeds N] [out.json]   (TOML or JSON scenario file)
//        fenliu-sim --only NAME [--seeds N] [out.json]       (one built-in comparison)

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "fenliu/sim/comparison.hpp"
#include "fenliu/sim/report.hpp"
#include "fenliu/sim/scenario_file.hpp"
#include "fenliu/sim/scenarios.hpp"
#include "fenliu/sim/simulator.hpp"

namespace fs = fenliu::sim;

namespace {

constexpr std::uint64_t traffic_seed = 20261111;
constexpr int paired_seeds = 20;

std::vector<fs::scenario> with_every_policy(const fs::scenario& base) {
  std::vector<fs::scenario> runs;
  for (const auto& v : fs::policy_variants()) {
    runs.push_back(fs::with_policy(base, v));
  }
  return runs;
}

struct options {
  std::filesystem::path out = "bench/out/sim.json";
  std::string scenario_file;
  std::string only;  // one built-in comparison by name
  int seeds = 0;     // 0: the file's (or paired_seeds)
};

options parse_args(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--scenario" && i + 1 < argc) {
      o.scenario_file = argv[++i];
    } else if (a == "--only" && i + 1 < argc) {
      o.only = argv[++i];
    } else if (a == "--seeds" && i + 1 < argc) {
      o.seeds = std::atoi(argv[++i]);
    } else {
      o.out = a;
    }
  }
  return o;
}

bool write(const std::filesystem::path& path, const std::string& text) {
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path());
  }
  std::ofstream out(path);
  out << text;
  if (!out) {
    fmt::print(stderr, "cannot write {}\n", path.string());
    return false;
  }
  return true;
}

std::string scenario_entry(const fs::comparison& c, bool last) {
  return fmt::format("      \"{}\": {}{}\n", c.scenario, fs::comparison_json(c, "      "),
                     last ? "" : ",");
}

std::optional<fs::scenario> builtin(const std::string& name) {
  if (name == "normal_day") {
    return fs::shop_day(1, false);
  }
  if (name == "shop_day_served") {
    return fs::shop_day_served(1);
  }
  if (name == "surge_hour") {
    return fs::surge_hour(1, false);
  }
  if (name == "surge_hour_peak") {
    return fs::surge_hour(1, true);
  }
  return std::nullopt;
}

int compare_one(const fs::scenario& base, const std::vector<fs::policy_variant>& variants,
                int seeds, const options& o, std::chrono::steady_clock::time_point started) {
  const auto c = fs::compare_policies(base, variants, seeds);
  fmt::print("{}\n", fs::comparison_table(c));
  const double runtime_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::string json = fmt::format(
      "{{\n  \"sim\": {{\n    \"scenarios\": {{\n{}    }},\n    \"runtime_s\": {:.3f}\n  }}\n}}\n",
      scenario_entry(c, true), runtime_s);
  if (!write(o.out, json)) {
    return 1;
  }
  fmt::print("wrote {} in {:.1f} s\n", o.out.string(), runtime_s);
  return 0;
}

int run_file(const options& o, std::chrono::steady_clock::time_point started) {
  fs::scenario_file f;
  try {
    f = fs::load_scenario(o.scenario_file);
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 2;
  }
  return compare_one(f.base, fs::select_variants(f.policies), o.seeds > 0 ? o.seeds : f.seeds, o,
                     started);
}

}  // namespace

int main(int argc, char** argv) {
  const options o = parse_args(argc, argv);
  const auto started = std::chrono::steady_clock::now();
  if (!o.scenario_file.empty()) {
    return run_file(o, started);
  }
  if (!o.only.empty()) {
    const auto base = builtin(o.only);
    if (!base) {
      fmt::print(stderr, "no built-in comparison {}\n", o.only);
      return 2;
    }
    return compare_one(*base, fs::policy_variants(), o.seeds > 0 ? o.seeds : paired_seeds, o,
                       started);
  }

  // Two million customers: the 99.9% intervals come down to about +-0.01 for P(wait) and
  // +-5% for the mean wait (see tests/sim/mmc_validation_test.cpp), in a few seconds.
  fs::erlang_c_params erlang_params;
  erlang_params.customers = 2'000'000;
  const fs::erlang_c_check erlang = fs::run_erlang_c(erlang_params);
  fmt::print("{}\n", fs::erlang_c_summary(erlang));

  const auto day = fs::run_all(with_every_policy(fs::shop_day(traffic_seed, false)));
  fmt::print("Policies on a normal shop day (seed {}, 41 agents, three stages):\n{}\n",
             traffic_seed, fs::policy_table(day));
  const auto surge = fs::run_all(with_every_policy(fs::shop_day(traffic_seed, true)));
  fmt::print("Policies on Double-11 (10x arrivals 20:00-21:00, same staff, abandonment):\n{}\n",
             fs::policy_table(surge));
  fmt::print("Policies:\n");
  for (const auto& v : fs::policy_variants()) {
    fmt::print("  {:<24} {}\n", v.name, v.description);
  }
  fmt::print("\n");

  const int seeds = o.seeds > 0 ? o.seeds : paired_seeds;
  const auto all = fs::policy_variants();
  const std::vector<fs::comparison> comparisons = {
      fs::compare_policies(fs::shop_day(1, false), all, seeds),
      fs::compare_policies(fs::surge_hour(1, false), all, seeds),
      fs::compare_policies(fs::surge_hour(1, true), all, seeds),
  };
  std::string scenarios = "{\n";
  for (std::size_t i = 0; i < comparisons.size(); ++i) {
    fmt::print("{}\n", fs::comparison_table(comparisons[i]));
    scenarios += scenario_entry(comparisons[i], i + 1 == comparisons.size());
  }
  scenarios += "    }";

  const double runtime_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!write(o.out, fs::sim_json(erlang, day, surge, scenarios, runtime_s))) {
    return 1;
  }
  fmt::print("wrote {} in {:.1f} s\n", o.out.string(), runtime_s);
  return 0;
}
