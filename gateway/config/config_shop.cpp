// [shop], [routing], [[qa_users]], [[keyword_rules]] and [[orders]]; agents are parsed in
// config_agents.cpp. Cross-references (overflow stages, duplicate ids) are checked here.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <set>

#include "gateway/config/config_sections.hpp"
#include "gateway/config/time_zone.hpp"

namespace fenliu::gateway::detail {

namespace {

using router::stage_keys;
constexpr std::int64_t one_day_s = 24 * 3600;

// The zone's offsets from 2000 to 2100: every shift the router evaluates falls inside. The
// fixed offset becomes the zone's current one (for what still reads a single offset).
void apply_time_zone(shop_config& out, const toml::node* where) {
  constexpr router::time_ms from_ms = 946'684'800'000;     // 2000-01-01 UTC
  constexpr router::time_ms until_ms = 4'102'444'800'000;  // 2100-01-01 UTC
  auto table = zone_offset_table(out.time_zone, from_ms, until_ms);
  if (!table || table->empty()) {
    config_fail("shop.time_zone", where,
                fmt::format("unknown time zone '{}' (an IANA name such as \"Asia/Shanghai\")",
                            out.time_zone));
  }
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  out.routing.utc_offset_minutes = table->front().offset_minutes;
  for (const auto& t : *table) {
    if (t.from_ms <= now) {
      out.routing.utc_offset_minutes = t.offset_minutes;
    }
  }
  out.routing.utc_offsets = std::move(*table);
}

void parse_shop(table_reader& root, shop_config& out) {
  const auto* t = root.table("shop");
  if (t == nullptr) {
    return;
  }
  table_reader r(*t, "shop");
  r.read_non_empty("id", out.id);
  r.read_non_empty("name", out.name);
  if (const auto* node = r.take("utc_offset")) {
    out.routing.utc_offset_minutes = parse_utc_offset(*node, "shop.utc_offset");
  }
  r.read("time_zone", out.time_zone);
  r.read("after_sales_window_days", out.after_sales_window_days, 0, 3650);
  r.read("vip_customers", out.vip_customers);
  r.read("vip_level_bump", out.vip_level_bump, 0, 4);
  r.read("vip_skill", out.vip_skill);
  r.finish();
  if (!out.time_zone.empty()) {
    apply_time_zone(out, r.raw().get("time_zone"));
  }
}

router::selection_policy parse_policy(const toml::node& node, const std::string& path) {
  const auto* s = node.as_string();
  if (s != nullptr && s->get() == "least_load") {
    return router::selection_policy::least_load;
  }
  if (s != nullptr && s->get() == "round_robin") {
    return router::selection_policy::round_robin;
  }
  if (s != nullptr && s->get() == "most_skilled") {
    return router::selection_policy::most_skilled;
  }
  if (s != nullptr && s->get() == "fastest_fit") {
    return router::selection_policy::fastest_fit;
  }
  config_fail(path, &node,
              "expected \"fastest_fit\", \"least_load\", \"round_robin\" or \"most_skilled\"");
}

void parse_stage_policy(const toml::table& t, const std::string& path, router::stage self,
                        router::stage_policy& out) {
  table_reader r(t, path);
  if (const auto* node = r.take("policy")) {
    out.policy = parse_policy(*node, r.path_of("policy"));
  }
  r.read("manual_accept", out.manual_accept);
  r.read("relax_skills_after_s", out.relax_skills_after_s, 0, one_day_s);
  r.read("overflow_after_s", out.overflow_after_s, 0, one_day_s);
  r.read("overflow_skill", out.overflow_skill);
  if (const auto* list = r.array("overflow_stages")) {
    out.overflow_stages = parse_stage_list(*list, r.path_of("overflow_stages"));
    const auto own = std::find(out.overflow_stages.begin(), out.overflow_stages.end(), self);
    if (own != out.overflow_stages.end()) {
      config_fail(r.path_of("overflow_stages"), list, "a stage cannot overflow to itself");
    }
  }
  r.read("alert_after_s", out.alert_after_s, 0, one_day_s);
  r.read("max_wait_s", out.max_wait_s, 1, one_day_s);
  r.finish();
}

void parse_load_weights(const toml::table& t, router::load_weights& out) {
  table_reader r(t, "routing.load_weights");
  r.read("awaiting_agent", out.awaiting_agent, 0.0, 100.0);
  r.read("awaiting_customer", out.awaiting_customer, 0.0, 100.0);
  r.read("awaiting_logistics", out.awaiting_logistics, 0.0, 100.0);
  r.finish();
}

void parse_routing(table_reader& root, router::router_config& out) {
  const auto* t = root.table("routing");
  if (t == nullptr) {
    return;
  }
  table_reader r(*t, "routing");
  r.read("offer_timeout_s", out.offer_timeout_s, 1, 3600);
  r.read("missed_offers_to_away", out.missed_offers_to_away, 1, 1000);
  r.read("first_reply_deadline_s", out.first_reply_deadline_s, 1, one_day_s);
  r.read("wrap_up_s", out.wrap_up_s, 0, 3600);
  r.read("sticky_days", out.sticky_days, 0, 3650);
  r.read("sticky_wait_s", out.sticky_wait_s, 0, 3600);
  r.read("disconnect_grace_s", out.disconnect_grace_s, 0, one_day_s);
  r.read("queue_return_grace_s", out.queue_return_grace_s, 0, one_day_s);
  r.read("shift_end_no_offer_min", out.shift_end_no_offer_min, 0, 24 * 60);
  r.read("aging_s_per_priority", out.aging_s_per_priority, 1, one_day_s);
  // The board's service level and the floor-wide alerts (router::floor_policy).
  auto& floor = out.floor;
  r.read("service_level_target_s", floor.service_level_target_s, 1, 3600);
  r.read("service_level_window_s", floor.service_level_window_s, 60, one_day_s);
  r.read("surge_window_s", floor.surge_window_s, 60, one_day_s);
  r.read("surge_baseline_s", floor.surge_baseline_s, 60, 7 * one_day_s);
  r.read("surge_factor", floor.surge_factor, 1.0, 1000.0);
  r.read("surge_min_arrivals", floor.surge_min_arrivals, 1, 1000000);
  r.read("alert_cooldown_s", floor.alert_cooldown_s, 0, one_day_s);
  if (const auto* weights = r.table("load_weights")) {
    parse_load_weights(*weights, out.weights);
  }
  if (const auto* speeds = r.table("speeds")) {
    parse_speed_model(*speeds, r.path_of("speeds"), out.speeds);
  }
  for (int i = 0; i < router::stage_count; ++i) {
    if (const auto* stage_table = r.table(stage_keys[i])) {
      parse_stage_policy(*stage_table, r.path_of(stage_keys[i]), static_cast<router::stage>(i),
                         out.stages[i]);
    }
  }
  r.finish();
}

void parse_agents(table_reader& root, shop_config& out) {
  const auto* list = root.array_of_tables("agents");
  if (list == nullptr) {
    return;
  }
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = fmt::format("agents[{}]", i);
    auto agent = parse_agent(*list->get(i)->as_table(), path);
    if (!ids.insert(agent.id).second) {
      config_fail(path + ".id", list->get(i), fmt::format("duplicate agent id '{}'", agent.id));
    }
    // `disabled = true` (the admin API's disable): kept in the list, its id stays taken, but
    // the agent is no router agent.
    if (list->get(i)->as_table()->get("disabled") != nullptr &&
        list->get(i)->as_table()->get("disabled")->value_or(false)) {
      continue;
    }
    out.agents.push_back(std::move(agent));
  }
}

void parse_qa_users(table_reader& root, shop_config& out) {
  const auto* list = root.array_of_tables("qa_users");
  if (list == nullptr) {
    return;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = fmt::format("qa_users[{}]", i);
    table_reader r(*list->get(i)->as_table(), path);
    qa_user user;
    r.read_non_empty("id", user.id);
    r.read_non_empty("name", user.display_name);
    r.finish();
    if (user.id.empty()) {
      config_fail(path + ".id", list->get(i), "required");
    }
    if (user.display_name.empty()) {
      user.display_name = user.id;
    }
    // One id names one person: a QA login that matched an agent id would be ambiguous.
    const bool taken = std::any_of(out.agents.begin(), out.agents.end(),
                                   [&](const auto& a) { return a.id == user.id; }) ||
                       std::any_of(out.qa_users.begin(), out.qa_users.end(),
                                   [&](const auto& q) { return q.id == user.id; });
    if (taken) {
      config_fail(path + ".id", list->get(i), fmt::format("id '{}' is already used", user.id));
    }
    out.qa_users.push_back(std::move(user));
  }
}

void parse_keyword_rules(table_reader& root, shop_config& out) {
  const auto* list = root.array_of_tables("keyword_rules");
  if (list == nullptr) {
    return;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = fmt::format("keyword_rules[{}]", i);
    table_reader r(*list->get(i)->as_table(), path);
    keyword_rule rule;
    r.read_non_empty("keyword", rule.keyword);
    const auto* stage_node = r.take("stage");
    r.read("skill", rule.skill);
    r.read("level", rule.level, 1, 5);
    if (const auto* node = r.take("optional_skills")) {
      rule.optional_skills = parse_skill_list(*node, r.path_of("optional_skills"));
    }
    r.finish();
    if (rule.keyword.empty()) {
      config_fail(path + ".keyword", list->get(i), "required");
    }
    if (stage_node == nullptr) {
      config_fail(path + ".stage", list->get(i), "required");
    }
    rule.to_stage = parse_stage(*stage_node, path + ".stage");
    out.keyword_rules.push_back(std::move(rule));
  }
}

bool known_order_status(std::string_view s) {
  constexpr std::array<std::string_view, 6> statuses = {"unpaid",    "paid",        "shipped",
                                                        "delivered", "refund_open", "closed"};
  return std::find(statuses.begin(), statuses.end(), s) != statuses.end();
}

void parse_orders(table_reader& root, shop_config& out) {
  const auto* list = root.array_of_tables("orders");
  if (list == nullptr) {
    return;
  }
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = fmt::format("orders[{}]", i);
    table_reader r(*list->get(i)->as_table(), path);
    demo_order order;
    r.read_non_empty("id", order.id);
    r.read_non_empty("customer_id", order.customer_id);
    r.read("status", order.status);
    r.read("title", order.title);
    r.read_int("total_cents", order.total_cents, 0, 1'000'000'000'00);
    r.read("carrier", order.carrier);
    r.read("tracking", order.tracking);
    r.read("product_id", order.product_id);
    if (const auto* node = r.take("delivered_at")) {
      order.delivered_at_ms = local_midnight_ms(parse_date(*node, r.path_of("delivered_at")),
                                                out.routing.utc_offset_minutes);
    }
    r.finish();
    if (order.id.empty() || order.customer_id.empty()) {
      config_fail(path, list->get(i), "id and customer_id are required");
    }
    if (order.status.empty()) {
      config_fail(path + ".status", list->get(i), "required");
    }
    if (!known_order_status(order.status)) {
      config_fail(path + ".status", r.raw().get("status"),
                  fmt::format("unknown order status '{}' (use unpaid, paid, shipped, delivered, "
                              "refund_open or closed)",
                              order.status));
    }
    if (!ids.insert(order.id).second) {
      config_fail(path + ".id", list->get(i), fmt::format("duplicate order id '{}'", order.id));
    }
    out.orders.push_back(std::move(order));
  }
}

bool some_agent_holds(const shop_config& shop, std::string_view skill) {
  return std::any_of(shop.agents.begin(), shop.agents.end(), [&](const auto& a) {
    return std::any_of(a.skills.begin(), a.skills.end(),
                       [&](const auto& s) { return s.skill == skill; });
  });
}

/// A skill nobody holds is almost always a typo ("refund" for "refunds") that would leave
/// conversations waiting for the relaxation ring. Only checked when the file lists agents:
/// otherwise they come from the admin API later.
void check_skill_references(const toml::table& doc, const shop_config& shop) {
  if (shop.agents.empty()) {
    return;
  }
  for (std::size_t i = 0; i < shop.keyword_rules.size(); ++i) {
    const auto& skill = shop.keyword_rules[i].skill;
    if (!skill.empty() && !some_agent_holds(shop, skill)) {
      const auto path = fmt::format("keyword_rules[{}].skill", i);
      config_fail(path, doc.at_path(path).node(), fmt::format("no agent holds skill '{}'", skill));
    }
  }
  for (int i = 0; i < router::stage_count; ++i) {
    const auto& skill = shop.routing.stages[i].overflow_skill;
    if (!skill.empty() && !some_agent_holds(shop, skill)) {
      const auto path = fmt::format("routing.{}.overflow_skill", stage_keys[i]);
      config_fail(path, doc.at_path(path).node(), fmt::format("no agent holds skill '{}'", skill));
    }
  }
}

// [[products]]: checked again, as every imported row, when the config seeds the store.
void parse_products(table_reader& root, shop_config& out) {
  const auto* list = root.array_of_tables("products");
  if (list == nullptr) {
    return;
  }
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = fmt::format("products[{}]", i);
    table_reader r(*list->get(i)->as_table(), path);
    demo_product p;
    r.read_non_empty("id", p.id);
    r.read_non_empty("title", p.title);
    r.read_int("price_cents", p.price_cents, 0, 100'000'000'00);
    r.read("currency", p.currency);
    r.read("picture_url", p.picture_url);
    r.read("category", p.category);
    r.finish();
    if (p.id.empty() || p.title.empty()) {
      config_fail(path, list->get(i), "id and title are required");
    }
    if (!ids.insert(p.id).second) {
      config_fail(path + ".id", list->get(i), fmt::format("duplicate product id '{}'", p.id));
    }
    out.products.push_back(std::move(p));
  }
}

}  // namespace

void parse_shop_sections(table_reader& root, shop_config& out) {
  parse_shop(root, out);
  parse_routing(root, out.routing);
  parse_agents(root, out);
  parse_qa_users(root, out);
  parse_keyword_rules(root, out);
  parse_orders(root, out);
  parse_products(root, out);
  check_skill_references(root.raw(), out);
  parse_skill_rules(root, out);
}

}  // namespace fenliu::gateway::detail
