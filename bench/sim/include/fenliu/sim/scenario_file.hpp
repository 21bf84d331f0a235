#pragma once
// Scenario files: a scenario written as TOML or JSON (same keys; see README, "Routing
// simulator"), for `fenliu-sim --scenario FILE`.

#include <cstdint>
#include <string>
#include <vector>

#include "fenliu/sim/scenario.hpp"

namespace fenliu::sim {

struct scenario_file {
  scenario base;                      // with the first seed
  int seeds = 20;                     // paired seeds base.seed .. base.seed + seeds - 1
  std::vector<std::string> policies;  // empty: every policy variant
};

/// Parses TOML, or JSON when the text starts with '{'. Throws std::runtime_error with the
/// key's path on a missing or ill-typed key (start-up only).
scenario_file parse_scenario(const std::string& text, const std::string& origin);
/// Reads and parses `path` (".json": JSON, anything else TOML).
scenario_file load_scenario(const std::string& path);

}  // namespace fenliu::sim
