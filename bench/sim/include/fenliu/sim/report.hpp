#pragma once
// Human summaries and the JSON written to bench/out/sim.json.

#include <string>
#include <vector>

#include "fenliu/sim/metrics.hpp"
#include "fenliu/sim/scenarios.hpp"

namespace fenliu::sim {

std::string erlang_c_summary(const erlang_c_check& e);

/// One column per report (policy), one row per figure.
std::string policy_table(const std::vector<sim_report>& reports);

/// {"sim": {"erlang_c": {...}, "policies": {name: {...}}, "surge_policies": {...},
/// "scenarios": {name: <comparison_json>}, ...}}
std::string sim_json(const erlang_c_check& e, const std::vector<sim_report>& day,
                     const std::vector<sim_report>& surge, const std::string& scenarios_json,
                     double runtime_s);

}  // namespace fenliu::sim
