#include "gateway/http/kpi_api.hpp"
#include "gateway/http/supervisor_auth.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <set>

#include "gateway/app/kpi_reports.hpp"
#include "gateway/auth/auth.hpp"

namespace fenliu::gateway {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

constexpr std::int64_t day_ms = 86'400'000;
constexpr std::int64_t year_9999_end_ms = 253'402'300'800'000;  // the latest from / to taken

http_response bad(const http_request& req, std::string_view field, std::string_view detail) {
  return json_error(req, http::status::bad_request, "bad_request", field, detail);
}

// A supervisor or an admin of this shop. Another shop's token is valid but has no rights here.
std::optional<http_response> refuse_unless_allowed(const http_request& req, const services& svc) {
  const auto checked = check_staff(req[http::field::authorization], svc,
                                   {role::supervisor, role::admin}, "supervisor or admin");
  if (const auto* no = std::get_if<auth_refusal>(&checked)) {
    return json_error(req, no->status, no->code, "Authorization", no->detail);
  }
  return std::nullopt;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// Unix ms; "YYYY-MM-DD" (from: its local midnight; to: the next one, so the day is included);
// "YYYY-MM-DDTHH:MM[:SS]" (or with a space) in the shop's time zone.
std::optional<std::int64_t> parse_instant(std::string_view v, bool is_to,
                                          const kpi::local_clock& clock) {
  if (all_digits(v)) {
    std::int64_t ms = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), ms);
    if (ec != std::errc{} || end != v.data() + v.size() || ms > year_9999_end_ms) {
      return std::nullopt;
    }
    return ms;
  }
  if (v.size() == 10) {
    auto midnight = clock.local_instant(v, 0);
    if (!midnight) {
      return std::nullopt;
    }
    return is_to ? clock.next_day(*midnight) : *midnight;
  }
  if ((v.size() != 16 && v.size() != 19) || (v[10] != 'T' && v[10] != ' ') || v[13] != ':' ||
      !all_digits(v.substr(11, 2)) || !all_digits(v.substr(14, 2))) {
    return std::nullopt;
  }
  const int hour = (v[11] - '0') * 10 + (v[12] - '0');
  const int minute = (v[14] - '0') * 10 + (v[15] - '0');
  int second = 0;
  if (v.size() == 19) {
    if (v[16] != ':' || !all_digits(v.substr(17, 2))) {
      return std::nullopt;
    }
    second = (v[17] - '0') * 10 + (v[18] - '0');
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  auto at = clock.local_instant(v.substr(0, 10), hour * 60 + minute);
  if (!at) {
    return std::nullopt;
  }
  return *at + second * 1000;
}

struct parsed {
  kpi_query q;
  bool csv = false;
};

std::variant<parsed, http_response> parse_query(const http_request& req, const services& svc,
                                                const kpi::local_clock& clock) {
  parsed p;
  // Default: the last 7 local days, today included.
  const auto today = clock.day_start(now_ms());
  p.q.to = clock.next_day(today);
  p.q.from = clock.day_start(today - 6 * day_ms + day_ms / 2);
  auto url = boost::urls::parse_origin_form(req.target());
  if (!url) {
    return bad(req, "target", "bad URL");
  }
  std::set<std::string> seen;
  for (const auto& param : url->params()) {
    const std::string key(param.key);
    const std::string value(param.value);
    if (!seen.insert(key).second) {
      return bad(req, key, "given more than once");
    }
    if (key == "from" || key == "to") {
      auto at = parse_instant(value, key == "to", clock);
      if (!at) {
        return bad(req, key,
                   "Unix milliseconds, a date YYYY-MM-DD or a local time YYYY-MM-DDTHH:MM[:SS] "
                   "of the shop's time zone expected");
      }
      (key == "from" ? p.q.from : p.q.to) = *at;
    } else if (key == "group_by") {
      auto g = kpi::group_by_from_key(value);
      if (!g) {
        return bad(req, key, "shop, agent or stage");
      }
      p.q.by = *g;
    } else if (key == "period") {
      auto per = kpi::period_from_key(value);
      if (!per) {
        return bad(req, key, "all, day or week");
      }
      p.q.per = *per;
    } else if (key == "format") {
      if (value != "json" && value != "csv") {
        return bad(req, key, "json or csv");
      }
      p.csv = value == "csv";
    } else {
      return bad(req, key, "unknown parameter (from, to, group_by, period, format)");
    }
  }
  if (auto problem = kpi_range_problem(p.q, svc.config.shop.kpi); !problem.empty()) {
    return bad(req, "to", problem);
  }
  return p;
}

json::value opt(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value opt(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

// Every column of a row, in the CSV's order. null: no data.
json::object row_json(const kpi::kpi_row& r, std::string name) {
  json::object o;
  o["period"] = r.period;
  o["period_from"] = r.period_from;
  o["period_to"] = r.period_to;
  o["group"] = r.group;
  o["name"] = std::move(name);
  o["conversations"] = r.conversations;
  o["first_responses"] = r.first_response.count;
  o["first_response_avg_ms"] = opt(r.first_response.avg_ms);
  o["first_response_p50_ms"] = opt(r.first_response.p50_ms);
  o["first_response_p90_ms"] = opt(r.first_response.p90_ms);
  o["responses"] = r.response.count;
  o["response_avg_ms"] = opt(r.response.avg_ms);
  o["response_p50_ms"] = opt(r.response.p50_ms);
  o["response_p90_ms"] = opt(r.response.p90_ms);
  o["ended"] = r.duration.count;
  o["duration_avg_ms"] = opt(r.duration.avg_ms);
  o["duration_p50_ms"] = opt(r.duration.p50_ms);
  o["duration_p90_ms"] = opt(r.duration.p90_ms);
  o["rated"] = r.satisfied.whole;
  o["satisfied"] = r.satisfied.part;
  o["unsatisfied"] = r.unsatisfied.part;
  o["satisfied_share"] = opt(r.satisfied.value());
  o["unsatisfied_share"] = opt(r.unsatisfied.value());
  o["person_served"] = r.transferred.whole;
  o["transferred"] = r.transferred.part;
  o["transfer_rate"] = opt(r.transferred.value());
  o["abandoned"] = r.abandoned.part;
  o["abandonment_rate"] = opt(r.abandoned.value());
  o["left_messages"] = r.left_messages;
  o["left_answered"] = r.left_message_answer.count;
  o["left_answer_avg_ms"] = opt(r.left_message_answer.avg_ms);
  o["waited"] = r.service_level.whole;
  o["within_target"] = r.service_level.part;
  o["service_level"] = opt(r.service_level.value());
  o["bot_answered"] = r.bot_contained.whole;
  o["bot_contained"] = r.bot_contained.part;
  o["bot_containment"] = opt(r.bot_contained.value());
  o["pre_sales"] = r.converted.whole;
  o["converted"] = r.converted.part;
  o["conversion_rate"] = opt(r.converted.value());
  o["qa_reviews"] = r.qa_reviews;
  o["qa_average"] = opt(r.qa_average);
  return o;
}

std::string csv_cell(const json::value& v) {
  if (v.is_null()) {
    return {};
  }
  if (v.is_string()) {
    std::string out = "\"";
    for (char c : v.get_string()) {
      out += c;
      if (c == '"') {
        out += '"';
      }
    }
    return out + "\"";
  }
  if (v.is_double()) {
    return fmt::format("{}", v.get_double());
  }
  if (v.is_uint64()) {
    return fmt::format("{}", v.get_uint64());
  }
  return fmt::format("{}", v.get_int64());
}

std::string csv_of(const json::array& rows) {
  // The header names the columns even when there is no row.
  const auto columns = row_json(kpi::kpi_row{}, {});
  std::string out;
  bool first = true;
  for (const auto& c : columns) {
    out += first ? "" : ",";
    out += c.key();
    first = false;
  }
  out += "\r\n";
  for (const auto& row : rows) {
    first = true;
    for (const auto& c : row.as_object()) {
      out += first ? "" : ",";
      out += csv_cell(c.value());
      first = false;
    }
    out += "\r\n";
  }
  return out;
}

std::string local_text(const kpi::local_clock& clock, std::int64_t t) {
  const auto day = clock.day_start(t);
  const auto in_day = (t - day) / 1000;
  return fmt::format("{}T{:02}:{:02}:{:02}", clock.date_of(t), in_day / 3600, in_day / 60 % 60,
                     in_day % 60);
}

}  // namespace

boost::asio::awaitable<http_response> kpi_api(const http_request& req, services& svc) {
  if (req.method() != http::verb::get) {
    co_return json_error(req, http::status::method_not_allowed, "method_not_allowed", "method",
                         "GET only");
  }
  if (auto refused = refuse_unless_allowed(req, svc)) {
    co_return std::move(*refused);
  }
  const auto clock = shop_clock(svc.config.shop);
  auto parsed_query = parse_query(req, svc, clock);
  if (auto* res = std::get_if<http_response>(&parsed_query)) {
    co_return std::move(*res);
  }
  const auto p = std::get<parsed>(parsed_query);
  const auto& k = svc.config.shop.kpi;
  auto out = co_await run_kpis(svc, p.q);
  if (out.ec) {
    co_return json_error(req, http::status::service_unavailable, "store_unavailable", "",
                         "store unavailable; retry");
  }
  if (out.too_many) {
    co_return bad(req, "to",
                  fmt::format("the period has {} conversations, more than [kpi] "
                              "max_conversations ({}): choose a shorter period",
                              out.total, k.max_conversations));
  }
  json::array rows;
  rows.reserve(out.rows.size());
  for (const auto& r : out.rows) {
    rows.push_back(row_json(r, kpi_group_name(svc, p.q.by, r.group)));
  }
  if (p.csv) {
    auto res = make_text_response(req, http::status::ok, csv_of(rows), "text/csv; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    co_return res;
  }
  json::object body{{"shop_id", svc.config.shop.id},
                    {"time_zone", svc.config.shop.time_zone},
                    {"utc_offset_minutes", svc.config.shop.routing.utc_offset_minutes},
                    {"from", p.q.from},
                    {"to", p.q.to},
                    {"from_local", local_text(clock, p.q.from)},
                    {"to_local", local_text(clock, p.q.to)},
                    {"group_by", kpi::key_of(p.q.by)},
                    {"period", kpi::key_of(p.q.per)},
                    {"service_level_target_s", k.service_level_target_s},
                    {"conversion_window_hours", k.conversion_window_hours},
                    {"conversations", out.total},
                    {"rows", std::move(rows)}};
  co_return json_response(req, body);
}

}  // namespace fenliu::gateway
