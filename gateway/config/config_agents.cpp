// One [[agents]] block: identity, stages, skills, capacity and the weekly shift schedule.
//
// Shifts that cross midnight ("22:00-06:00" on mon) are split: mon 22:00-24:00 plus tue
// 00:00-06:00 (sun wraps to mon), because router::shift_interval may not cross midnight. In a
// date override such a shift is refused instead: the next date's override would replace that
// day's whole schedule, which is rarely what was meant.

#include <fmt/format.h>

#include <array>

#include "gateway/config/config_sections.hpp"

namespace fenliu::gateway::detail {

namespace {

constexpr std::array<std::string_view, 7> weekday_keys = {"mon", "tue", "wed", "thu",
                                                          "fri", "sat", "sun"};
constexpr int minutes_per_day = 24 * 60;

const toml::array& shift_list(const toml::node& node, const std::string& path) {
  const auto* list = node.as_array();
  if (list == nullptr) {
    config_fail(path, &node, "expected an array of \"HH:MM-HH:MM\" strings");
  }
  return *list;
}

/// Adds a weekday's shifts to `week`, splitting the ones that cross midnight.
void add_weekday(const toml::node& node, const std::string& path, int day,
                 std::vector<router::shift_interval> (&week)[7]) {
  const auto& list = shift_list(node, path);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto iv = parse_shift(*list.get(i), fmt::format("{}[{}]", path, i));
    if (iv.end_minute > iv.start_minute) {
      week[day].push_back(iv);
      continue;
    }
    week[day].push_back({iv.start_minute, minutes_per_day});
    if (iv.end_minute > 0) {
      week[(day + 1) % 7].push_back({0, iv.end_minute});
    }
  }
}

void parse_shifts(const toml::table& t, const std::string& path, router::shift_schedule& out) {
  table_reader r(t, path);
  for (int day = 0; day < 7; ++day) {
    if (const auto* node = r.take(weekday_keys[day])) {
      add_weekday(*node, r.path_of(weekday_keys[day]), day, out.weekly);
    }
  }
  // Shorthand for agents who work the same hours every day (a 24/7 desk, a fixed night shift).
  if (const auto* node = r.take("every_day")) {
    for (int day = 0; day < 7; ++day) {
      add_weekday(*node, r.path_of("every_day"), day, out.weekly);
    }
  }
  r.finish();
  for (auto& day : out.weekly) {
    normalise_day(day);
  }
}

void parse_overrides(const toml::table& t, const std::string& path, router::shift_schedule& out) {
  for (const auto& [key, node] : t) {
    const auto day_path = fmt::format("{}.\"{}\"", path, key.str());
    if (!is_valid_date(key.str())) {
      config_fail(day_path, &node, "override keys must be dates \"YYYY-MM-DD\"");
    }
    const auto& list = shift_list(node, day_path);
    std::vector<router::shift_interval> day;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto item_path = fmt::format("{}[{}]", day_path, i);
      const auto iv = parse_shift(*list.get(i), item_path);
      if (iv.end_minute < iv.start_minute) {
        config_fail(item_path, list.get(i),
                    "an override may not cross midnight: end it at 24:00 and override the "
                    "next date too");
      }
      day.push_back(iv);
    }
    normalise_day(day);
    out.overrides.emplace(std::string(key.str()), std::move(day));
  }
}

void parse_skills(const toml::table& t, const std::string& path,
                  std::vector<router::skill_level>& out) {
  for (const auto& [key, node] : t) {
    const auto skill_path = fmt::format("{}.{}", path, key.str());
    if (key.str().empty()) {
      config_fail(skill_path, &node, "skill names may not be empty");
    }
    const auto* level = node.as_integer();
    if (level == nullptr) {
      config_fail(skill_path, &node, "expected a proficiency level 1..5");
    }
    if (level->get() < 1 || level->get() > 5) {
      config_fail(skill_path, &node,
                  fmt::format("proficiency must be between 1 and 5, got {}", level->get()));
    }
    out.push_back({std::string(key.str()), static_cast<int>(level->get())});
  }
}

void parse_holidays(const toml::array& list, const std::string& path,
                    std::vector<std::string>& out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    out.push_back(parse_date(*list.get(i), fmt::format("{}[{}]", path, i)));
  }
}

}  // namespace

router::agent_profile parse_agent(const toml::table& table, const std::string& path) {
  router::agent_profile agent;
  table_reader r(table, path);
  r.read_non_empty("id", agent.id);
  r.read_non_empty("name", agent.display_name);
  if (const auto* stages = r.array("stages")) {
    agent.stages = parse_stage_list(*stages, r.path_of("stages"));
  }
  r.read("capacity", agent.capacity, 1, 100);
  if (const auto* skills = r.table("skills")) {
    parse_skills(*skills, r.path_of("skills"), agent.skills);
  }
  r.read("supervisor", agent.supervisor);
  bool disabled = false;  // read here for its type; parse_agents leaves such agents out
  r.read("disabled", disabled);
  r.read("always_on", agent.shifts.always_on);
  if (const auto* shifts = r.table("shifts")) {
    parse_shifts(*shifts, r.path_of("shifts"), agent.shifts);
  }
  if (const auto* holidays = r.array("holidays")) {
    parse_holidays(*holidays, r.path_of("holidays"), agent.shifts.holidays);
  }
  if (const auto* overrides = r.table("overrides")) {
    parse_overrides(*overrides, r.path_of("overrides"), agent.shifts);
  }
  r.finish();
  if (agent.id.empty()) {
    config_fail(path + ".id", &table, "required");
  }
  if (agent.display_name.empty()) {
    agent.display_name = agent.id;
  }
  // A supervisor may only watch the floor; anyone else without a stage could never be routed
  // to, which is almost always a forgotten line.
  if (agent.stages.empty() && !agent.supervisor) {
    config_fail(path + ".stages", &table, "an agent must serve at least one stage");
  }
  return agent;
}

}  // namespace fenliu::gateway::detail
