// Scenario files: TOML read with toml++, JSON read with Boost.JSON and turned into the same
// TOML tree, so both formats share one reader.

#include "fenliu/sim/scenario_file.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "fenliu/sim/scenarios.hpp"

namespace fenliu::sim {

namespace {

[[noreturn]] void fail(const std::string& origin, const std::string& path, const char* what) {
  throw std::runtime_error(fmt::format("{}: {}: {}", origin, path, what));
}

toml::table to_toml(const boost::json::object& o);

toml::array to_toml(const boost::json::array& a) {
  toml::array out;
  for (const auto& v : a) {
    if (v.is_object()) {
      out.push_back(to_toml(v.get_object()));
    } else if (v.is_array()) {
      out.push_back(to_toml(v.get_array()));
    } else if (v.is_string()) {
      out.push_back(std::string(v.get_string()));
    } else if (v.is_int64()) {
      out.push_back(v.get_int64());
    } else if (v.is_uint64()) {
      out.push_back(static_cast<std::int64_t>(v.get_uint64()));
    } else if (v.is_double()) {
      out.push_back(v.get_double());
    } else if (v.is_bool()) {
      out.push_back(v.get_bool());
    }
  }
  return out;
}

toml::table to_toml(const boost::json::object& o) {
  toml::table out;
  for (const auto& [k, v] : o) {
    const std::string key(k);
    if (v.is_object()) {
      out.insert(key, to_toml(v.get_object()));
    } else if (v.is_array()) {
      out.insert(key, to_toml(v.get_array()));
    } else if (v.is_string()) {
      out.insert(key, std::string(v.get_string()));
    } else if (v.is_int64()) {
      out.insert(key, v.get_int64());
    } else if (v.is_uint64()) {
      out.insert(key, static_cast<std::int64_t>(v.get_uint64()));
    } else if (v.is_double()) {
      out.insert(key, v.get_double());
    } else if (v.is_bool()) {
      out.insert(key, v.get_bool());
    }
  }
  return out;
}

/// Typed access with the key's path in every error.
struct reader {
  const toml::table& t;
  std::string path;
  const std::string& origin;

  std::string at(const char* key) const { return path.empty() ? key : path + "." + key; }

  double num(const char* key, double fallback) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      return fallback;
    }
    if (auto v = n->value<double>()) {
      return *v;
    }
    fail(origin, at(key), "expected a number");
  }
  int integer(const char* key, int fallback) const {
    return static_cast<int>(std::llround(num(key, fallback)));
  }
  bool flag(const char* key, bool fallback) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      return fallback;
    }
    if (auto v = n->value<bool>()) {
      return *v;
    }
    fail(origin, at(key), "expected true or false");
  }
  std::string str(const char* key, const std::string& fallback) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      return fallback;
    }
    if (auto v = n->value<std::string>()) {
      return *v;
    }
    fail(origin, at(key), "expected a string");
  }
  const toml::table* table(const char* key) const {
    const toml::node* n = t.get(key);
    if (n != nullptr && !n->is_table()) {
      fail(origin, at(key), "expected a table");
    }
    return n != nullptr ? n->as_table() : nullptr;
  }
  const toml::array* array(const char* key) const {
    const toml::node* n = t.get(key);
    if (n != nullptr && !n->is_array()) {
      fail(origin, at(key), "expected an array");
    }
    return n != nullptr ? n->as_array() : nullptr;
  }
  /// Each element of an array of tables, with its path.
  template <typename F>
  void each(const char* key, F&& f) const {
    const toml::array* a = array(key);
    if (a == nullptr) {
      return;
    }
    for (std::size_t i = 0; i < a->size(); ++i) {
      const toml::table* e = a->get(i)->as_table();
      if (e == nullptr) {
        fail(origin, fmt::format("{}[{}]", at(key), i), "expected a table");
      }
      f(reader{*e, fmt::format("{}[{}]", at(key), i), origin});
    }
  }
};

router::stage parse_stage(const std::string& s, const reader& r, const char* key) {
  if (auto st = router::stage_from_key(s)) {
    return *st;
  }
  fail(r.origin, r.at(key), "expected \"pre_sales\", \"in_sale\" or \"after_sales\"");
}

std::optional<duration_dist> parse_dist(const reader& r, const char* key, duration_dist d) {
  const toml::table* t = r.table(key);
  if (t == nullptr) {
    return d;
  }
  const reader sub{*t, r.at(key), r.origin};
  const std::string kind = sub.str("kind", "exponential");
  if (kind == "none") {
    return std::nullopt;
  }
  if (kind == "exponential") {
    d.kind = dist_kind::exponential;
  } else if (kind == "lognormal") {
    d.kind = dist_kind::lognormal;
  } else if (kind == "fixed") {
    d.kind = dist_kind::fixed;
  } else {
    fail(r.origin, sub.at("kind"), "expected exponential, lognormal, fixed or none");
  }
  d.mean_s = sub.num("mean_s", d.mean_s);
  d.cv = sub.num("cv", d.cv);
  return d;
}

// `{ apparel = 2, english = 1 }`: skill -> level.
std::vector<router::skill_level> parse_skills(const reader& r, const char* key) {
  std::vector<router::skill_level> out;
  const toml::table* t = r.table(key);
  if (t == nullptr) {
    return out;
  }
  for (const auto& [k, v] : *t) {
    auto level = v.value<double>();
    if (!level || *level < 1 || *level > 5) {
      fail(r.origin, r.at(key) + "." + std::string(k.str()), "expected a level 1-5");
    }
    out.push_back({std::string(k.str()), static_cast<int>(*level)});
  }
  return out;
}

void parse_routing(const reader& r, router::router_config& c) {
  c.wrap_up_s = r.integer("wrap_up_s", c.wrap_up_s);
  c.first_reply_deadline_s = r.integer("first_reply_deadline_s", c.first_reply_deadline_s);
  c.sticky_days = r.integer("sticky_days", c.sticky_days);
  c.sticky_wait_s = r.integer("sticky_wait_s", c.sticky_wait_s);
  for (auto& s : c.stages) {
    s.relax_skills_after_s = r.integer("relax_skills_after_s", s.relax_skills_after_s);
    s.overflow_after_s = r.integer("overflow_after_s", s.overflow_after_s);
    s.alert_after_s = r.integer("alert_after_s", s.alert_after_s);
    s.max_wait_s = r.integer("max_wait_s", s.max_wait_s);
  }
  if (const toml::table* p = r.table("speeds")) {
    const reader sr{*p, r.at("speeds"), r.origin};
    auto& m = c.speeds;
    m.prior_s = sr.num("prior_s", m.prior_s);
    m.concurrency_slowdown = sr.num("concurrency_slowdown", m.concurrency_slowdown);
    m.learning_rate = sr.num("learning_rate", m.learning_rate);
    m.prior_observations = sr.integer("prior_observations", m.prior_observations);
    m.fairness_idle_s = sr.integer("fairness_idle_s", m.fairness_idle_s);
  }
  if (const toml::table* p = r.table("peak")) {
    const reader pr{*p, r.at("peak"), r.origin};
    auto& k = c.peak;
    k.capacity_factor = pr.num("capacity_factor", k.capacity_factor);
    k.relax_skills_after_s = pr.integer("relax_skills_after_s", k.relax_skills_after_s);
    k.overflow_after_s = pr.integer("overflow_after_s", k.overflow_after_s);
    k.vip_reserved_slots = pr.integer("vip_reserved_slots", k.vip_reserved_slots);
    k.leave_message_on_arrival = pr.flag("leave_message_on_arrival", k.leave_message_on_arrival);
    k.likely_patience_s = pr.integer("likely_patience_s", k.likely_patience_s);
  }
}

void parse_traffic(const reader& r, scenario& s) {
  r.each("traffic", [&](const reader& t) {
    stage_traffic st;
    st.stage_ = parse_stage(t.str("stage", "pre_sales"), t, "stage");
    st.per_hour = t.num("per_hour", 0);
    st.handling = *parse_dist(t, "handling", duration_dist{dist_kind::exponential, 240, 1});
    t.each("mixes", [&](const reader& m) {
      st.mixes.push_back(
          {m.num("weight", 1.0), parse_skills(m, "required"), parse_skills(m, "optional")});
    });
    s.traffic.push_back(std::move(st));
  });
}

void parse_agents(const reader& r, scenario& s) {
  r.each("agents", [&](const reader& g) {
    const std::string name = g.str("name", "agent");
    std::vector<router::stage> stages;
    if (const toml::array* a = g.array("stages")) {
      for (const auto& n : *a) {
        stages.push_back(parse_stage(n.value<std::string>().value_or(""), g, "stages"));
      }
    } else {
      stages = {router::stage::pre_sales};
    }
    service_model::agent_speed speed;
    speed.factor = g.num("factor", 1.0);
    if (const toml::table* sp = g.table("speed")) {
      for (const auto& [k, v] : *sp) {
        speed.skill_factor[std::string(k.str())] = v.value<double>().value_or(1.0);
      }
    }
    // factors: one per agent of the group (cycled), for spread inside a group.
    std::vector<double> each_factor;
    if (const toml::array* f = g.array("factors")) {
      for (const auto& n : *f) {
        each_factor.push_back(n.value<double>().value_or(1.0));
      }
    }
    const int count = g.integer("count", 1);
    for (int i = 0; i < count; ++i) {
      router::agent_profile p;
      p.id = fmt::format("{}-{:02}", name, i + 1);
      p.display_name = p.id;
      p.stages = stages;
      p.skills = parse_skills(g, "skills");
      p.capacity = g.integer("capacity", 3);
      p.shifts.always_on = true;
      s.agents.push_back(std::move(p));
      service_model::agent_speed a = speed;
      if (!each_factor.empty()) {
        a.factor *= each_factor[static_cast<std::size_t>(i) % each_factor.size()];
      }
      s.service.agents.push_back(std::move(a));
    }
  });
}

scenario_file read(const toml::table& root, const std::string& origin) {
  const reader r{root, "", origin};
  scenario_file f;
  scenario& s = f.base;
  s.name = r.str("name", "scenario");
  s.seed = static_cast<std::uint64_t>(r.integer("seed", 1));
  f.seeds = r.integer("seeds", 20);
  s.start_ms = double11_midnight_ms;
  s.length_s = r.num("hours", 8) * 3600.0;
  s.warmup_s = r.num("warmup_hours", 0) * 3600.0;
  s.drain_s = r.num("drain_hours", 2) * 3600.0;
  s.batches = r.integer("batches", 8);
  s.customers.vip_share = r.num("vip_share", 0.05);
  s.customers.return_share = r.num("return_share", 0.0);
  s.customers.leave_message_accept = r.num("leave_message_accept", 0.5);
  s.customers.patience = parse_dist(r, "patience", duration_dist{dist_kind::lognormal, 180, 1.0});
  s.messages.enabled = r.flag("messages", true);
  if (const toml::array* p = r.array("policies")) {
    for (const auto& n : *p) {
      f.policies.push_back(n.value<std::string>().value_or(""));
    }
  }
  if (const toml::table* t = r.table("service")) {
    const reader sv{*t, "service", origin};
    s.service.enabled = sv.flag("enabled", true);
    if (const toml::array* lf = sv.array("level_factor")) {
      s.service.level_factor.clear();
      for (const auto& n : *lf) {
        s.service.level_factor.push_back(n.value<double>().value_or(1.0));
      }
    }
    s.service.concurrency_slowdown = sv.num("concurrency_slowdown", 0.25);
    s.service.transfer_cost_s = sv.num("transfer_cost_s", 60);
    s.service.return_speedup = sv.num("return_speedup", 0.8);
  }
  if (const toml::table* t = r.table("routing")) {
    parse_routing(reader{*t, "routing", origin}, s.config);
  }
  r.each("surge", [&](const reader& w) {
    s.surges.push_back(
        {w.num("start_h", 0) * 3600.0, w.num("hours", 1) * 3600.0, w.num("factor", 10)});
  });
  r.each("peak", [&](const reader& w) {
    s.peaks.push_back({w.num("start_h", 0) * 3600.0, w.num("hours", 1) * 3600.0});
  });
  parse_traffic(r, s);
  parse_agents(r, s);
  if (s.traffic.empty() || s.agents.empty()) {
    fail(origin, "", "a scenario needs [[traffic]] and [[agents]]");
  }
  return f;
}

}  // namespace

scenario_file parse_scenario(const std::string& text, const std::string& origin) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_object()) {
      fail(origin, "", "not a JSON object");
    }
    return read(to_toml(v.get_object()), origin);
  }
  try {
    return read(toml::parse(text, origin), origin);
  } catch (const toml::parse_error& e) {
    throw std::runtime_error(fmt::format("{}: {}", origin, e.description()));
  }
}

scenario_file load_scenario(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error(fmt::format("cannot read {}", path));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_scenario(ss.str(), path);
}

}  // namespace fenliu::sim
