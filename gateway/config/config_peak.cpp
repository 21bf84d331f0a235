// [peak] with [[peak.windows]] (peak mode, 大促) and [routing.speeds] (fastest_fit's model).

#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "gateway/config/config_sections.hpp"

namespace fenliu::gateway::detail {

namespace {

constexpr std::int64_t one_day_s = 24 * 3600;

// "YYYY-MM-DD HH:MM" (or with a 'T') as seconds since 1970-01-01 00:00 of the same calendar:
// the shop's local time, converted with its time zone when the schedule is checked.
std::int64_t parse_local_time(const toml::node& node, const std::string& path) {
  const auto* s = node.as_string();
  int y = 0;
  unsigned mo = 0;
  unsigned d = 0;
  int h = -1;
  int mi = -1;
  char sep = 0;
  char end = 0;
  const bool shaped =
      s != nullptr && s->get().size() == 16 &&
      std::sscanf(s->get().c_str(), "%4d-%2u-%2u%c%2d:%2d%c", &y, &mo, &d, &sep, &h, &mi, &end) ==
          6 &&
      (sep == ' ' || sep == 'T');
  using namespace std::chrono;
  const year_month_day date{year{y}, month{mo}, day{d}};
  if (!shaped || !date.ok() || h < 0 || h > 23 || mi < 0 || mi > 59) {
    config_fail(path, &node, "expected a local time \"YYYY-MM-DD HH:MM\"");
  }
  return static_cast<std::int64_t>(sys_days(date).time_since_epoch().count()) * one_day_s +
         h * 3600 + mi * 60;
}

void parse_windows(const toml::array& list, const std::string& path,
                   std::vector<peak_window>& out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto at = fmt::format("{}[{}]", path, i);
    table_reader r(*list.get(i)->as_table(), at);
    peak_window w;
    const auto* from = r.take("from");
    const auto* to = r.take("to");
    if (from == nullptr) {
      config_fail(at + ".from", list.get(i), "required");
    }
    if (to == nullptr) {
      config_fail(at + ".to", list.get(i), "required");
    }
    w.from_local_s = parse_local_time(*from, at + ".from");
    w.to_local_s = parse_local_time(*to, at + ".to");
    w.from = from->as_string()->get();
    w.to = to->as_string()->get();
    if (w.to_local_s <= w.from_local_s) {
      config_fail(at + ".to", to, "must be after from");
    }
    r.finish();
    out.push_back(std::move(w));
  }
}

}  // namespace

void parse_peak_section(table_reader& root, shop_config& out) {
  const auto* t = root.table("peak");
  if (t == nullptr) {
    return;
  }
  table_reader r(*t, "peak");
  auto& p = out.routing.peak;
  r.read("capacity_factor", p.capacity_factor, 1.0, 10.0);
  r.read("relax_skills_after_s", p.relax_skills_after_s, 0, one_day_s);
  r.read("overflow_after_s", p.overflow_after_s, 0, one_day_s);
  r.read("vip_reserved_slots", p.vip_reserved_slots, 0, 100);
  r.read("leave_message_on_arrival", p.leave_message_on_arrival);
  r.read("likely_patience_s", p.likely_patience_s, 1, one_day_s);
  r.read("force_bot_first", p.force_bot_first);
  if (const auto* windows = r.array_of_tables("windows")) {
    parse_windows(*windows, r.path_of("windows"), out.peak_windows);
  }
  r.finish();
}

void parse_speed_model(const toml::table& table, const std::string& path,
                       router::speed_model& out) {
  table_reader r(table, path);
  r.read("prior_s", out.prior_s, 1.0, static_cast<double>(one_day_s));
  r.read("prior_observations", out.prior_observations, 0, 1000);
  r.read("concurrency_slowdown", out.concurrency_slowdown, 0.0, 10.0);
  r.read("learning_rate", out.learning_rate, 0.0, 1.0);
  r.read("fairness_idle_s", out.fairness_idle_s, 0, one_day_s);
  if (const auto* factors = r.array("level_factor")) {
    const auto key = r.path_of("level_factor");
    if (factors->size() != 5) {
      config_fail(key, factors, "expected 5 numbers, one per skill level 1..5");
    }
    for (std::size_t i = 0; i < 5; ++i) {
      const auto v = factors->get(i)->value<double>();
      if (!v || *v < 0.05 || *v > 20) {
        config_fail(fmt::format("{}[{}]", key, i), factors->get(i),
                    "expected a number in [0.05, 20]");
      }
      out.level_factor[i] = *v;
    }
  }
  r.finish();
}

}  // namespace fenliu::gateway::detail
