// [[category_skills]], [[language_skills]] and the skill lists of [[keyword_rules]]: what a
// conversation asks of its agent, beyond the stage.

#include <fmt/format.h>

#include "gateway/config/config_sections.hpp"

namespace fenliu::gateway::detail {

namespace {

int level_of(const toml::node& node, const std::string& path) {
  const auto* level = node.as_integer();
  if (level == nullptr || level->get() < 1 || level->get() > 5) {
    config_fail(path, &node, "expected a level 1..5");
  }
  return static_cast<int>(level->get());
}

// Without agents in the file (they come from the admin API) nothing can be checked.
void check_held(const shop_config& shop, const std::string& skill, const std::string& path,
                const toml::node* where) {
  if (shop.agents.empty()) {
    return;
  }
  for (const auto& a : shop.agents) {
    for (const auto& s : a.skills) {
      if (s.skill == skill) {
        return;
      }
    }
  }
  config_fail(path, where, fmt::format("no agent holds skill '{}'", skill));
}

void parse_rules(table_reader& root, std::string_view key, std::string_view match_key,
                 bool with_products, shop_config& shop, std::vector<skill_rule>& out) {
  const auto* list = root.array_of_tables(key);
  if (list == nullptr) {
    return;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = fmt::format("{}[{}]", key, i);
    table_reader r(*list->get(i)->as_table(), path);
    skill_rule rule;
    r.read(match_key, rule.match);
    if (with_products) {
      r.read("products", rule.products);
    }
    r.read_non_empty("skill", rule.skill);
    r.read("level", rule.level, 1, 5);
    r.read("required", rule.required);
    if (const auto* stages = r.array("stages")) {
      rule.stages = parse_stage_list(*stages, r.path_of("stages"));
    }
    r.finish();
    if (rule.match.empty() && rule.products.empty()) {
      config_fail(fmt::format("{}.{}", path, match_key), list->get(i), "required");
    }
    if (rule.skill.empty()) {
      config_fail(path + ".skill", list->get(i), "required");
    }
    check_held(shop, rule.skill, path + ".skill", r.raw().get("skill"));
    out.push_back(std::move(rule));
  }
}

}  // namespace

std::vector<router::skill_level> parse_skill_list(const toml::node& node, const std::string& path) {
  std::vector<router::skill_level> out;
  if (const auto* list = node.as_array()) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto* s = list->get(i)->as_string();
      if (s == nullptr || s->get().empty()) {
        config_fail(fmt::format("{}[{}]", path, i), list->get(i), "expected a skill name");
      }
      out.push_back({s->get(), 1});
    }
    return out;
  }
  if (const auto* table = node.as_table()) {
    for (const auto& [key, value] : *table) {
      const auto skill_path = fmt::format("{}.{}", path, key.str());
      if (key.str().empty()) {
        config_fail(skill_path, &value, "skill names may not be empty");
      }
      out.push_back({std::string(key.str()), level_of(value, skill_path)});
    }
    return out;
  }
  config_fail(path, &node, R"(expected ["skill", ...] or { skill = level, ... })");
}

void parse_skill_rules(table_reader& root, shop_config& out) {
  parse_rules(root, "category_skills", "category", true, out, out.category_skills);
  parse_rules(root, "language_skills", "language", false, out, out.language_skills);
  if (!out.vip_skill.empty()) {
    check_held(out, out.vip_skill, "shop.vip_skill", nullptr);
  }
}

}  // namespace fenliu::gateway::detail
