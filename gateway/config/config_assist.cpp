// [bot] (with [bot.stage_modes]), [risk] and [[faq]]: the FAQ bot and complaint-risk settings
// of the shop, into the assist library's types. Strict like the rest of the loader.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "fenliu/assist/faq_matcher.hpp"
#include "gateway/config/config_sections.hpp"

namespace fenliu::gateway::detail {

namespace {

using router::stage_keys;
constexpr std::size_t max_faq_entries = 1000;
constexpr std::size_t max_phrases = 50;

assist::bot_mode parse_mode(const toml::node& node, const std::string& path) {
  const auto* s = node.as_string();
  if (s != nullptr) {
    if (auto mode = assist::parse_bot_mode(s->get())) {
      return *mode;
    }
  }
  config_fail(path, &node, "expected \"bot_first\", \"human_first\" or \"bot_off_shift_only\"");
}

void parse_bot(table_reader& root, assist::bot_config& out) {
  const auto* t = root.table("bot");
  if (t == nullptr) {
    return;
  }
  table_reader r(*t, "bot");
  if (const auto* node = r.take("mode")) {
    const assist::bot_mode mode = parse_mode(*node, r.path_of("mode"));
    for (auto& m : out.mode) {
      m = mode;
    }
  }
  if (const auto* modes = r.table("stage_modes")) {
    table_reader s(*modes, "bot.stage_modes");
    for (int i = 0; i < router::stage_count; ++i) {
      if (const auto* node = s.take(stage_keys[i])) {
        out.mode[i] = parse_mode(*node, s.path_of(stage_keys[i]));
      }
    }
    s.finish();
  }
  r.read("min_confidence", out.min_confidence, 0.0, 1.0);
  r.read("min_margin", out.min_margin, 0.0, 1.0);
  r.read("handover_after_unanswered", out.handover_after_unanswered, 1, 100);
  r.read_non_empty("refunds_skill", out.refunds_skill);
  r.read_non_empty("complaint_skill", out.complaint_skill);
  r.read_non_empty("shipping_skill", out.shipping_skill);
  r.finish();
}

void parse_risk(table_reader& root, assist::risk_config& out) {
  const auto* t = root.table("risk");
  if (t == nullptr) {
    return;
  }
  table_reader r(*t, "risk");
  r.read("message_threshold", out.message_threshold, -1.0, 1.0);
  r.read("conversation_threshold", out.conversation_threshold, 0.0, 1.0);
  if (const auto* node = r.take("action")) {
    const auto* s = node->as_string();
    const auto action = s != nullptr ? assist::parse_risk_action(s->get()) : std::nullopt;
    if (!action) {
      config_fail(r.path_of("action"), node,
                  "expected \"alert_only\", \"reroute\", \"raise_priority\" or "
                  "\"reroute_and_raise\"");
    }
    out.action = *action;
  }
  r.read("reroute_skills", out.reroute_skills);
  r.finish();
}

void read_phrases(table_reader& r, std::string_view key, std::vector<std::string>& out) {
  r.read(key, out);
  if (out.size() > max_phrases) {
    config_fail(r.path_of(key), r.raw().get(key), fmt::format("at most {} entries", max_phrases));
  }
  for (const std::string& p : out) {
    if (p.empty()) {
      config_fail(r.path_of(key), r.raw().get(key), "empty phrase");
    }
  }
}

assist::faq_entry parse_faq_entry(const toml::table& t, const std::string& path) {
  table_reader r(t, path);
  assist::faq_entry e;
  r.read_non_empty("id", e.id);
  if (const auto* node = r.take("stage")) {
    e.stage = parse_stage(*node, r.path_of("stage"));
  } else {
    config_fail(r.path_of("stage"), &t, "required");
  }
  read_phrases(r, "examples", e.examples);
  read_phrases(r, "keywords", e.keywords);
  r.read("answer_zh", e.answer_zh);
  r.read("answer_en", e.answer_en);
  read_phrases(r, "quick_replies", e.quick_replies);
  r.finish();
  if (e.id.empty()) {
    config_fail(r.path_of("id"), &t, "required");
  }
  if (e.examples.empty() && e.keywords.empty()) {
    config_fail(path, &t, "needs examples or keywords to match on");
  }
  if (e.answer_zh.empty() && e.answer_en.empty()) {
    config_fail(path, &t, "needs answer_zh or answer_en");
  }
  return e;
}

void parse_faq(table_reader& root, std::vector<assist::faq_entry>& out) {
  const auto* list = root.array_of_tables("faq");
  if (list == nullptr) {
    return;
  }
  if (list->size() > max_faq_entries) {
    config_fail("faq", list, fmt::format("at most {} entries", max_faq_entries));
  }
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = fmt::format("faq[{}]", i);
    assist::faq_entry e = parse_faq_entry(*list->get(i)->as_table(), path);
    // order_status answers come from the order data, never from an entry.
    if (e.id == assist::order_status_faq_id) {
      config_fail(path + ".id", list->get(i), "'order_status' is reserved");
    }
    if (!ids.insert(e.id).second) {
      config_fail(path + ".id", list->get(i), fmt::format("duplicate faq id '{}'", e.id));
    }
    out.push_back(std::move(e));
  }
}

bool some_agent_holds(const shop_config& shop, std::string_view skill) {
  return std::any_of(shop.agents.begin(), shop.agents.end(), [&](const auto& a) {
    return std::any_of(a.skills.begin(), a.skills.end(),
                       [&](const auto& s) { return s.skill == skill; });
  });
}

// Skills named in the file must be held by some agent (when the file lists agents), or a
// handed-over or re-routed chat would wait for the relaxation ring. Defaults are not checked:
// a shop without a shipping skill simply gets no skill requirement that matches.
void check_assist_skills(const toml::table& doc, const shop_config& shop) {
  if (shop.agents.empty()) {
    return;
  }
  auto check = [&](const std::string& path, const std::string& skill) {
    if (!some_agent_holds(shop, skill)) {
      config_fail(path, doc.at_path(path).node(), fmt::format("no agent holds skill '{}'", skill));
    }
  };
  const std::pair<const char*, const std::string*> named[] = {
      {"bot.refunds_skill", &shop.bot.refunds_skill},
      {"bot.complaint_skill", &shop.bot.complaint_skill},
      {"bot.shipping_skill", &shop.bot.shipping_skill}};
  for (const auto& [path, skill] : named) {
    if (doc.at_path(path).node() != nullptr) {
      check(path, *skill);
    }
  }
  if (doc.at_path("risk.reroute_skills").node() != nullptr) {
    for (std::size_t i = 0; i < shop.risk.reroute_skills.size(); ++i) {
      check(fmt::format("risk.reroute_skills[{}]", i), shop.risk.reroute_skills[i]);
    }
  }
}

}  // namespace

void parse_assist_sections(table_reader& root, shop_config& out) {
  parse_bot(root, out.bot);
  parse_risk(root, out.risk);
  parse_faq(root, out.faq);
  check_assist_skills(root.raw(), out);
}

}  // namespace fenliu::gateway::detail
