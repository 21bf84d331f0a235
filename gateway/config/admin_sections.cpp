// The admin-able sections: serialisers to the config's TOML form (as JSON), the conversion of
// JSON back to TOML, and the take-over of a validated section. See admin_sections.hpp.

#include "gateway/config/admin_sections.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <array>
#include <boost/json.hpp>

#include "gateway/config/config_sections.hpp"

namespace fenliu::gateway {
namespace {

namespace json = boost::json;
using router::stage_keys;

constexpr std::array<std::string_view, 7> weekday_keys = {"mon", "tue", "wed", "thu",
                                                          "fri", "sat", "sun"};

std::string hhmm(int minute) { return fmt::format("{:02}:{:02}", minute / 60, minute % 60); }

json::array intervals(const std::vector<router::shift_interval>& day) {
  json::array out;
  for (const auto& iv : day) {
    out.emplace_back(fmt::format("{}-{}", hhmm(iv.start_minute), hhmm(iv.end_minute)));
  }
  return out;
}

json::array stage_list(const std::vector<router::stage>& stages) {
  json::array out;
  for (auto s : stages) {
    out.emplace_back(stage_keys[static_cast<int>(s)]);
  }
  return out;
}

json::object skill_table(const std::vector<router::skill_level>& skills) {
  json::object out;
  for (const auto& s : skills) {
    out[s.skill] = s.level;
  }
  return out;
}

json::array string_list(const std::vector<std::string>& list) {
  json::array out;
  for (const auto& s : list) {
    out.emplace_back(s);
  }
  return out;
}

json::object agent_json(const router::agent_profile& a) {
  json::object o{{"id", a.id},
                 {"name", a.display_name},
                 {"stages", stage_list(a.stages)},
                 {"capacity", a.capacity},
                 {"skills", skill_table(a.skills)},
                 {"supervisor", a.supervisor},
                 {"always_on", a.shifts.always_on}};
  json::object shifts;
  for (int d = 0; d < 7; ++d) {
    if (!a.shifts.weekly[d].empty()) {
      shifts[weekday_keys[d]] = intervals(a.shifts.weekly[d]);
    }
  }
  o["shifts"] = std::move(shifts);
  o["holidays"] = string_list(a.shifts.holidays);
  json::object overrides;
  for (const auto& [date, day] : a.shifts.overrides) {
    overrides[date] = intervals(day);
  }
  o["overrides"] = std::move(overrides);
  return o;
}

std::string_view policy_name(router::selection_policy p) {
  switch (p) {
    case router::selection_policy::least_load:
      return "least_load";
    case router::selection_policy::round_robin:
      return "round_robin";
    case router::selection_policy::most_skilled:
      return "most_skilled";
    case router::selection_policy::fastest_fit:
      return "fastest_fit";
  }
  return "least_load";
}

json::object routing_json(const router::router_config& r) {
  json::object o{{"offer_timeout_s", r.offer_timeout_s},
                 {"missed_offers_to_away", r.missed_offers_to_away},
                 {"first_reply_deadline_s", r.first_reply_deadline_s},
                 {"wrap_up_s", r.wrap_up_s},
                 {"sticky_days", r.sticky_days},
                 {"sticky_wait_s", r.sticky_wait_s},
                 {"disconnect_grace_s", r.disconnect_grace_s},
                 {"queue_return_grace_s", r.queue_return_grace_s},
                 {"shift_end_no_offer_min", r.shift_end_no_offer_min},
                 {"aging_s_per_priority", r.aging_s_per_priority}};
  o["load_weights"] = json::object{{"awaiting_agent", r.weights.awaiting_agent},
                                   {"awaiting_customer", r.weights.awaiting_customer},
                                   {"awaiting_logistics", r.weights.awaiting_logistics}};
  json::array factors;
  for (double f : r.speeds.level_factor) {
    factors.emplace_back(f);
  }
  o["speeds"] = json::object{{"prior_s", r.speeds.prior_s},
                             {"prior_observations", r.speeds.prior_observations},
                             {"concurrency_slowdown", r.speeds.concurrency_slowdown},
                             {"learning_rate", r.speeds.learning_rate},
                             {"fairness_idle_s", r.speeds.fairness_idle_s},
                             {"level_factor", std::move(factors)}};
  for (int i = 0; i < router::stage_count; ++i) {
    const auto& s = r.stages[i];
    o[stage_keys[i]] = json::object{{"policy", policy_name(s.policy)},
                                    {"manual_accept", s.manual_accept},
                                    {"relax_skills_after_s", s.relax_skills_after_s},
                                    {"overflow_after_s", s.overflow_after_s},
                                    {"overflow_skill", s.overflow_skill},
                                    {"overflow_stages", stage_list(s.overflow_stages)},
                                    {"alert_after_s", s.alert_after_s},
                                    {"max_wait_s", s.max_wait_s}};
  }
  return o;
}

// One serialiser and one take-over per section: the take-over copies exactly what the
// section's parser sets, from a validated parse.

std::string agents_json(const shop_config& shop) {
  json::array out;
  for (const auto& a : shop.agents) {
    out.push_back(agent_json(a));
  }
  return json::serialize(out);
}
void take_agents(const shop_config& from, shop_config& to) { to.agents = from.agents; }

std::string routing_text(const shop_config& shop) {
  return json::serialize(routing_json(shop.routing));
}
void take_routing(const shop_config& from, shop_config& to) {
  auto& r = to.routing;
  const auto& f = from.routing;
  r.offer_timeout_s = f.offer_timeout_s;
  r.missed_offers_to_away = f.missed_offers_to_away;
  r.first_reply_deadline_s = f.first_reply_deadline_s;
  r.wrap_up_s = f.wrap_up_s;
  r.sticky_days = f.sticky_days;
  r.sticky_wait_s = f.sticky_wait_s;
  r.disconnect_grace_s = f.disconnect_grace_s;
  r.queue_return_grace_s = f.queue_return_grace_s;
  r.shift_end_no_offer_min = f.shift_end_no_offer_min;
  r.aging_s_per_priority = f.aging_s_per_priority;
  r.weights = f.weights;
  r.speeds = f.speeds;
  for (int i = 0; i < router::stage_count; ++i) {
    r.stages[i] = f.stages[i];
  }
}

std::string keyword_rules_json(const shop_config& shop) {
  json::array out;
  for (const auto& k : shop.keyword_rules) {
    json::object o{{"keyword", k.keyword}, {"stage", stage_keys[static_cast<int>(k.to_stage)]}};
    if (!k.skill.empty()) {
      o["skill"] = k.skill;
      o["level"] = k.level;
    }
    if (!k.optional_skills.empty()) {
      o["optional_skills"] = skill_table(k.optional_skills);
    }
    out.push_back(std::move(o));
  }
  return json::serialize(out);
}
void take_keyword_rules(const shop_config& from, shop_config& to) {
  to.keyword_rules = from.keyword_rules;
}

std::string faq_json(const shop_config& shop) {
  json::array out;
  for (const auto& e : shop.faq) {
    out.push_back(json::object{{"id", e.id},
                               {"stage", stage_keys[static_cast<int>(e.stage)]},
                               {"examples", string_list(e.examples)},
                               {"keywords", string_list(e.keywords)},
                               {"answer_zh", e.answer_zh},
                               {"answer_en", e.answer_en},
                               {"quick_replies", string_list(e.quick_replies)}});
  }
  return json::serialize(out);
}
void take_faq(const shop_config& from, shop_config& to) { to.faq = from.faq; }

std::string quick_phrases_json(const shop_config& shop) {
  json::array out;
  for (const auto& p : shop.tools.phrases) {
    out.push_back(json::object{
        {"id", p.id}, {"group", p.group}, {"shortcut", p.shortcut}, {"text", p.text}});
  }
  return json::serialize(out);
}
void take_quick_phrases(const shop_config& from, shop_config& to) {
  to.tools.phrases = from.tools.phrases;
}

std::string qa_checklist_json(const shop_config& shop) {
  json::array out;
  for (const auto& i : shop.qa.checklist) {
    out.push_back(json::object{
        {"id", i.id}, {"label", i.label}, {"weight", i.weight}, {"max_score", i.max_score}});
  }
  return json::serialize(out);
}
void take_qa_checklist(const shop_config& from, shop_config& to) {
  to.qa.checklist = from.qa.checklist;
}

std::string tags_json(const shop_config& shop) {
  return json::serialize(string_list(shop.tools.customer_tags));
}
void take_tags(const shop_config& from, shop_config& to) {
  to.tools.customer_tags = from.tools.customer_tags;
}

std::string vip_customers_json(const shop_config& shop) {
  return json::serialize(string_list(shop.vip_customers));
}
void take_vip_customers(const shop_config& from, shop_config& to) {
  to.vip_customers = from.vip_customers;
}

json::value section_value(const shop_config& shop, const admin_section& s) {
  return json::parse(s.to_json(shop));
}

toml::array to_toml_array(const json::array& a, const std::string& path);

toml::table to_toml_table(const json::object& o, const std::string& path);

// Appends `v` to a TOML container through `put`; null has no TOML form.
template <class Put>
void to_toml(const json::value& v, const std::string& path, Put put) {
  switch (v.kind()) {
    case json::kind::null:
      throw admin_invalid(path, "null is not a value: leave the key out");
    case json::kind::bool_:
      put(v.get_bool());
      return;
    case json::kind::int64:
      put(v.get_int64());
      return;
    case json::kind::uint64:
      if (v.get_uint64() > static_cast<std::uint64_t>(INT64_MAX)) {
        throw admin_invalid(path, "number too large");
      }
      put(static_cast<std::int64_t>(v.get_uint64()));
      return;
    case json::kind::double_:
      put(v.get_double());
      return;
    case json::kind::string:
      put(std::string(v.get_string()));
      return;
    case json::kind::array:
      put(to_toml_array(v.get_array(), path));
      return;
    case json::kind::object:
      put(to_toml_table(v.get_object(), path));
      return;
  }
}

toml::array to_toml_array(const json::array& a, const std::string& path) {
  toml::array out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    to_toml(a[i], fmt::format("{}[{}]", path, i), [&out](auto&& x) {
      out.push_back(std::forward<decltype(x)>(x));
    });
  }
  return out;
}

toml::table to_toml_table(const json::object& o, const std::string& path) {
  toml::table out;
  for (const auto& [k, v] : o) {
    const std::string key(k);
    to_toml(v, path.empty() ? key : path + "." + key,
            [&out, &key](auto&& x) { out.insert_or_assign(key, std::forward<decltype(x)>(x)); });
  }
  return out;
}

// Puts `value` at the dotted `key` of `doc` ("shop.vip_customers": into [shop]).
void place(toml::table& doc, std::string_view key, const json::value& value) {
  toml::table* at = &doc;
  std::string_view rest = key;
  for (auto dot = rest.find('.'); dot != std::string_view::npos; dot = rest.find('.')) {
    const std::string part(rest.substr(0, dot));
    if (at->get(part) == nullptr || !at->get(part)->is_table()) {
      at->insert_or_assign(part, toml::table{});
    }
    at = at->get(part)->as_table();
    rest = rest.substr(dot + 1);
  }
  const std::string leaf(rest);
  to_toml(value, std::string(key),
          [at, &leaf](auto&& x) { at->insert_or_assign(leaf, std::forward<decltype(x)>(x)); });
}

// "config: agents[2].capacity (line 3): must be ..." -> field and detail.
admin_invalid from_config_error(std::string_view what) {
  constexpr std::string_view prefix = "config: ";
  if (what.starts_with(prefix)) {
    what.remove_prefix(prefix.size());
  }
  const auto line = what.find(" (line ");
  const auto colon = what.find(": ");
  const auto end = std::min(line, colon);
  if (end == std::string_view::npos) {
    return admin_invalid("", std::string(what));
  }
  std::string field(what.substr(0, end));
  std::string detail(colon == std::string_view::npos ? what : what.substr(colon + 2));
  return admin_invalid(std::move(field), std::move(detail));
}

}  // namespace

const std::vector<admin_section>& admin_sections() {
  // A further section (the QA checklist, ...) is one more row: its serialiser to the TOML form
  // as JSON text and its take-over of what its parser sets.
  static const std::vector<admin_section> all = {
      {"agents", "agents", "id", true, &agents_json, &take_agents},
      {"routing", "routing", "", false, &routing_text, &take_routing},
      {"keyword_rules", "keyword_rules", "", true, &keyword_rules_json, &take_keyword_rules},
      {"faq", "faq", "id", true, &faq_json, &take_faq},
      {"quick_phrases", "quick_phrases", "id", true, &quick_phrases_json, &take_quick_phrases},
      {"tags", "agent_tools.customer_tags", "", true, &tags_json, &take_tags},
      {"vip_customers", "shop.vip_customers", "", true, &vip_customers_json,
       &take_vip_customers},
      {"qa_checklist", "qa.checklist", "id", true, &qa_checklist_json, &take_qa_checklist},
  };
  return all;
}

const admin_section* find_admin_section(std::string_view name) {
  for (const auto& s : admin_sections()) {
    if (s.name == name) {
      return &s;
    }
  }
  return nullptr;
}

std::string admin_section_json(const shop_config& shop, const admin_section& section) {
  return section.to_json(shop);
}

shop_config apply_admin_sections(const server_config& config,
                                 const std::map<std::string, std::string>& sections) {
  toml::table doc;
  if (!config.source_toml.empty()) {
    doc = toml::parse(std::string_view(config.source_toml), std::string_view("config"));
  }
  for (const auto& s : admin_sections()) {
    const auto given = sections.find(std::string(s.name));
    json::value value;
    if (given == sections.end()) {
      value = section_value(config.shop, s);
    } else {
      boost::system::error_code ec;
      value = json::parse(given->second, ec);
      if (ec) {
        throw admin_invalid(std::string(s.name), "not JSON: " + ec.message());
      }
    }
    if (s.list != value.is_array() || (!s.list && !value.is_object())) {
      throw admin_invalid(std::string(s.key), s.list ? "expected an array" : "expected an object");
    }
    place(doc, s.key, value);
  }
  server_config parsed;
  try {
    parsed = detail::parse_table(doc);
  } catch (const admin_invalid&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw from_config_error(e.what());
  }
  shop_config out = config.shop;
  for (const auto& s : admin_sections()) {
    s.take_over(parsed.shop, out);
  }
  return out;
}

}  // namespace fenliu::gateway
