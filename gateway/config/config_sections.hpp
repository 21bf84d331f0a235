#pragma once
// Section parsers of the configuration loader, split by file to keep each one short.

#include "gateway/config/config_reader.hpp"
#include "gateway/config/config.hpp"

namespace fenliu::gateway::detail {

/// Every section of a parsed document (what load_config does after the TOML syntax).
server_config parse_table(const toml::table& doc);

/// [shop], [routing] (with its stage and load-weight tables), [[agents]], [[qa_users]],
/// [[keyword_rules]] and [[orders]], read from the document root.
void parse_shop_sections(table_reader& root, shop_config& out);

/// [bot] (with [bot.stage_modes]), [risk] and [[faq]]; after the shop sections, since the
/// skills they name are checked against the agents.
void parse_assist_sections(table_reader& root, shop_config& out);

/// [agent_tools], [[quick_phrases]] and [[customers]]: the agents' tools and known buyers.
void parse_agent_tools_sections(table_reader& root, shop_config& out);

/// [peak] (with [[peak.windows]]): peak mode's rules and schedule.
void parse_peak_section(table_reader& root, shop_config& out);

/// [qa] (with [[qa.checklist]]): QA sampling and the checklist.
void parse_qa_section(table_reader& root, shop_config& out);

/// [kpi]: the KPIs' targets and request limits (part "kpis").
void parse_kpi_section(table_reader& root, shop_config& out);

/// [routing.speeds]: fastest_fit's handling-time model.
void parse_speed_model(const toml::table& table, const std::string& path,
                       router::speed_model& out);

/// [[category_skills]] and [[language_skills]]; after the agents, whose skills they name.
void parse_skill_rules(table_reader& root, shop_config& out);

/// ["skill", ...] (level 1 each) or { skill = level, ... }.
std::vector<router::skill_level> parse_skill_list(const toml::node& node, const std::string& path);

/// One [[agents]] block; `path` is "agents[i]".
router::agent_profile parse_agent(const toml::table& table, const std::string& path);

}  // namespace fenliu::gateway::detail
