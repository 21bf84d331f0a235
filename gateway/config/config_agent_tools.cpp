// [agent_tools], [[quick_phrases]] and [[customers]].

#include <fmt/format.h>

#include <set>

#include "fenliu/assist/reply_template.hpp"
#include "fenliu/assist/utf8.hpp"
#include "gateway/config/config_sections.hpp"

namespace fenliu::gateway::detail {
namespace {

void parse_limits(table_reader& root, agent_tools_config& out) {
  const auto* t = root.table("agent_tools");
  if (t == nullptr) {
    return;
  }
  table_reader r(*t, "agent_tools");
  r.read("max_phrases_per_agent", out.max_phrases_per_agent, 0, 10000);
  r.read("max_shortcut_chars", out.max_shortcut_chars, 1, 64);
  r.read("max_group_chars", out.max_group_chars, 1, 64);
  r.read("max_tags_per_customer", out.max_tags_per_customer, 0, 200);
  r.read("max_tag_chars", out.max_tag_chars, 1, 64);
  r.read("max_note_chars", out.max_note_chars, 1, 20000);
  r.read("suggestions", out.suggestions, 0, 10);
  r.read("suggestion_min_score", out.suggestion_min_score, 0.0, 1.0);
  r.read("delivery_days", out.delivery_days, 0, 60);
  r.read("customer_tags", out.customer_tags);
  r.finish();
  for (const auto& tag : out.customer_tags) {
    if (tag.empty() || assist::utf8_chars(tag) > out.max_tag_chars) {
      config_fail("agent_tools.customer_tags", t->get("customer_tags"),
                  fmt::format("each tag must have 1 to {} characters (agent_tools.max_tag_chars)",
                              out.max_tag_chars));
    }
  }
}

void parse_phrases(table_reader& root, agent_tools_config& out) {
  const auto* list = root.array_of_tables("quick_phrases");
  if (list == nullptr) {
    return;
  }
  std::set<std::string, std::less<>> shortcuts;
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = fmt::format("quick_phrases[{}]", i);
    const auto* node = list->get(i);
    table_reader r(*node->as_table(), path);
    quick_phrase_config p;
    r.read("id", p.id);
    r.read("group", p.group);
    r.read_non_empty("shortcut", p.shortcut);
    r.read_non_empty("text", p.text);
    r.finish();
    if (p.shortcut.empty() || p.text.empty()) {
      config_fail(path, node, "shortcut and text are required");
    }
    if (assist::utf8_chars(p.shortcut) > out.max_shortcut_chars ||
        p.shortcut.find_first_of(" \t\n/") != std::string::npos) {
      config_fail(path + ".shortcut", node,
                  fmt::format("1 to {} characters, no spaces or '/'", out.max_shortcut_chars));
    }
    if (assist::utf8_chars(p.group) > out.max_group_chars) {
      config_fail(path + ".group", node,
                  fmt::format("at most {} characters", out.max_group_chars));
    }
    if (auto unknown = assist::unknown_variable(p.text)) {
      config_fail(path + ".text", node,
                  fmt::format("unknown variable {{{}}} (use {{customer_name}}, {{order_id}}, "
                              "{{order_status}}, {{agent_name}} or {{eta}})",
                              *unknown));
    }
    if (!shortcuts.insert(p.shortcut).second) {
      config_fail(path + ".shortcut", node, fmt::format("'{}' is used twice", p.shortcut));
    }
    if (p.id.empty()) {
      p.id = "shop-" + p.shortcut;
    }
    if (!ids.insert(p.id).second) {
      config_fail(path + ".id", node, fmt::format("'{}' is used twice", p.id));
    }
    out.phrases.push_back(std::move(p));
  }
}

void parse_customers(table_reader& root, agent_tools_config& out) {
  const auto* list = root.array_of_tables("customers");
  if (list == nullptr) {
    return;
  }
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = fmt::format("customers[{}]", i);
    const auto* node = list->get(i);
    table_reader r(*node->as_table(), path);
    customer_seed c;
    r.read_non_empty("id", c.id);
    r.read("name", c.display_name);
    r.read("vip_level", c.vip_level, 0, 9);
    r.read("tags", c.tags);
    r.finish();
    if (c.id.empty()) {
      config_fail(path + ".id", node, "required");
    }
    if (!ids.insert(c.id).second) {
      config_fail(path + ".id", node, fmt::format("'{}' is listed twice", c.id));
    }
    if (c.tags.size() > out.max_tags_per_customer) {
      config_fail(path + ".tags", node,
                  fmt::format("at most {} tags (agent_tools.max_tags_per_customer)",
                              out.max_tags_per_customer));
    }
    out.customers.push_back(std::move(c));
  }
}

}  // namespace

void parse_agent_tools_sections(table_reader& root, shop_config& out) {
  parse_limits(root, out.tools);
  parse_phrases(root, out.tools);
  parse_customers(root, out.tools);
}

}  // namespace fenliu::gateway::detail
