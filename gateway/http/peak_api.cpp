#include "gateway/http/peak_api.hpp"

#include <boost/json.hpp>

#include "gateway/http/supervisor_auth.hpp"

namespace fenliu::gateway {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

json::object state_json(const services& svc) {
  const auto s = svc.peak.state();
  const auto& p = svc.config.shop.routing.peak;
  json::array windows;
  for (const auto& w : svc.config.shop.peak_windows) {
    windows.push_back(json::object{{"from", w.from}, {"to", w.to}});
  }
  return json::object{
      {"on", s.on},
      {"by", s.by},
      {"since_ms", s.since},
      {"windows", std::move(windows)},
      {"rules",
       json::object{{"capacity_factor", p.capacity_factor},
                    {"relax_skills_after_s", p.relax_skills_after_s},
                    {"overflow_after_s", p.overflow_after_s},
                    {"vip_reserved_slots", p.vip_reserved_slots},
                    {"leave_message_on_arrival", p.leave_message_on_arrival},
                    {"likely_patience_s", p.likely_patience_s},
                    {"force_bot_first", p.force_bot_first}}}};
}

}  // namespace

http_response peak_api(const http_request& req, services& svc) {
  const auto checked = check_supervisor(req[http::field::authorization], svc);
  if (const auto* refused = std::get_if<auth_refusal>(&checked)) {
    return json_error(req, refused->status, refused->code, "Authorization", refused->detail);
  }
  if (req.method() == http::verb::get || req.method() == http::verb::head) {
    return json_response(req, state_json(svc));
  }
  if (req.method() != http::verb::post) {
    return json_error(req, http::status::method_not_allowed, "method_not_allowed", "method",
                      "GET or POST");
  }
  boost::system::error_code ec;
  const auto body = json::parse(req.body(), ec);
  if (ec || !body.is_object()) {
    return json_error(req, http::status::bad_request, "bad_request", "body",
                      R"(body must be {"on": true} or {"on": false})");
  }
  for (const auto& [key, value] : body.as_object()) {
    if (key != "on") {
      return json_error(req, http::status::bad_request, "bad_request", key, "unknown field");
    }
  }
  const auto* on = body.as_object().if_contains("on");
  if (on == nullptr || !on->is_bool()) {
    return json_error(req, http::status::bad_request, "bad_request", "on",
                      "required: true or false");
  }
  svc.peak.set(on->as_bool(), std::get<identity>(checked).subject, now_ms());
  return json_response(req, state_json(svc));
}

}  // namespace fenliu::gateway
