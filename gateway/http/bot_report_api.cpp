#include "gateway/http/bot_report_api.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <map>

#include "fenliu/assist/unanswered_report.hpp"
#include "gateway/app/store_awaitable.hpp"
#include "gateway/auth/auth.hpp"
#include "gateway/http/supervisor_auth.hpp"
#include "gateway/protocol/bot_frames.hpp"

namespace fenliu::gateway {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

constexpr std::size_t report_rows_max = 50'000;  // bot answers read for one report
constexpr std::int64_t default_period_ms = 7LL * 24 * 3600 * 1000;

struct report_query {
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::optional<router::stage> stage;
};

// Parses from/to/stage; on a bad field, the 400 that names it.
std::optional<http_response> parse_query(const http_request& req, report_query& q) {
  q.to = now_ms();
  q.from = q.to - default_period_ms;
  auto url = boost::urls::parse_origin_form(req.target());
  if (!url) {
    return json_error(req, http::status::bad_request, "bad_request", "target", "bad URL");
  }
  for (const auto& p : url->params()) {
    const std::string value(p.value);
    if (p.key == "from" || p.key == "to") {
      std::int64_t v = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc{} || end != value.data() + value.size() || v < 0) {
        return json_error(req, http::status::bad_request, "bad_request", p.key,
                          "Unix milliseconds expected");
      }
      (p.key == "from" ? q.from : q.to) = v;
    } else if (p.key == "stage") {
      const auto stage = router::stage_from_key(value);
      if (!stage) {
        return json_error(req, http::status::bad_request, "bad_request", "stage",
                          "pre_sales, in_sale or after_sales");
      }
      q.stage = stage;
    } else {
      return json_error(req, http::status::bad_request, "bad_request", p.key, "unknown field");
    }
  }
  if (q.from >= q.to) {
    return json_error(req, http::status::bad_request, "bad_request", "to", "must be after from");
  }
  return std::nullopt;
}

std::optional<http_response> refuse_unless_supervisor(const http_request& req,
                                                      const services& svc) {
  const auto checked = check_supervisor(req[http::field::authorization], svc);
  if (const auto* refused = std::get_if<auth_refusal>(&checked)) {
    return json_error(req, refused->status, refused->code, "Authorization", refused->detail);
  }
  return std::nullopt;
}

// The report's records from the bot's stored answers. A question the bot did not understand,
// or that ended its patience, counts as not answered; questions it answered count again when
// the same buyer then asked for a person anyway (the answers did not help).
std::vector<assist::unanswered_record> records_of(const std::vector<store::stored_message>& rows,
                                                  const std::optional<router::stage>& stage) {
  std::vector<assist::unanswered_record> out;
  std::map<store::conversation_id, std::vector<bot_answer>> answered;
  for (const auto& m : rows) {
    auto a = read_bot_answer(m);
    if (!a || (stage && a->stage != *stage)) {
      continue;
    }
    if (a->outcome == "unanswered" ||
        (a->outcome == "handover" && a->handover_reason == assist::bot_reason::unanswered_limit)) {
      out.push_back({a->question, a->stage, m.created_at,
                     assist::unanswered_reason::not_answered, {}});
    } else if (a->outcome == "answered") {
      answered[m.conversation].push_back(*a);
    } else if (a->outcome == "handover" &&
               (a->handover_reason == assist::bot_reason::asked_for_person ||
                a->handover_reason == assist::bot_reason::button)) {
      for (const auto& q : answered[m.conversation]) {
        out.push_back({q.question, q.stage, m.created_at,
                       assist::unanswered_reason::answered_then_handover, q.faq_id});
      }
      answered.erase(m.conversation);
    }
  }
  return out;
}

json::object group_json(const assist::unanswered_group& g) {
  json::array examples;
  for (const auto& e : g.examples) {
    examples.emplace_back(e);
  }
  json::object reasons;
  for (const auto& [k, v] : g.reasons) {
    reasons[k] = v;
  }
  json::object answered_with;
  for (const auto& [k, v] : g.answered_with) {
    answered_with[k] = v;
  }
  return {{"period_start", g.period_start},
          {"stage", router::stage_key(g.stage)},
          {"count", g.count},
          {"representative", g.representative},
          {"examples", std::move(examples)},
          {"reasons", std::move(reasons)}, {"answered_with", std::move(answered_with)}};
}

}  // namespace

boost::asio::awaitable<http_response> unanswered_report(const http_request& req,
                                                        services& svc) {
  if (auto refused = refuse_unless_supervisor(req, svc)) {
    co_return std::move(*refused);
  }
  report_query q;
  if (auto bad = parse_query(req, q)) {
    co_return std::move(*bad);
  }
  auto [ec, rows] = co_await async_store<std::vector<store::stored_message>>(
      [&](auto done) {
        svc.store.messages_of_kind(store::message_kind::bot_answer, q.from, q.to,
                                   report_rows_max, std::move(done));
      },
      use_nothrow);
  if (ec) {
    co_return json_error(req, http::status::service_unavailable, "store_unavailable", "",
                         "the store could not be read; retry");
  }
  assist::report_options options;
  options.utc_offset_minutes = svc.config.shop.routing.utc_offset_minutes;
  json::array groups;
  for (const auto& g : assist::group_unanswered(records_of(rows, q.stage), options)) {
    groups.push_back(group_json(g));
  }
  co_return json_response(req, json::object{{"from", q.from}, {"to", q.to},
                                            {"groups", std::move(groups)}});
}

}  // namespace fenliu::gateway
