#include "gateway/http/http_api.hpp"

#include <openssl/rand.h>

#include <boost/json.hpp>
#include <fstream>

#include "gateway/http/order_api.hpp"
#include "gateway/http/peak_api.hpp"
#include "gateway/http/token_check_api.hpp"

namespace fenliu::gateway {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

std::string random_visitor_id() {
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return {};
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string id = "v-";
  for (unsigned char b : bytes) {
    id += hex[b >> 4];
    id += hex[b & 15];
  }
  return id;
}

// POST /api/visitor-token: a new visitor id, or the same one when the body carries a still valid
// visitor token ({"token": "..."}), so a returning widget keeps its conversation.
http_response issue_visitor_token(const http_request& req, const server_config& cfg) {
  const auto now_s = now_ms() / 1000;
  std::string visitor;
  boost::system::error_code ec;
  auto body = json::parse(req.body(), ec);
  if (!ec && body.is_object()) {
    if (const auto* old = body.as_object().if_contains("token"); old && old->is_string()) {
      auto verified = verify_token(old->as_string(), cfg.auth, cfg.shop.id, now_s);
      if (verified && verified->role_ == role::customer) {
        visitor = verified->subject;
      }
    }
  }
  if (visitor.empty()) {
    visitor = random_visitor_id();
  }
  if (visitor.empty()) {
    return make_text_response(req, http::status::internal_server_error, "no randomness\n");
  }
  return json_response(req, {{"token", mint_visitor_token(cfg.auth, visitor, cfg.shop.id, now_s)},
                             {"visitor_id", visitor},
                             {"expires_at", now_s + cfg.auth.visitor_token_ttl_s}});
}

// GET /api/dev/tokens: tokens for the demo shop's staff and buyers, so `make run` is usable at
// once. Off unless auth.dev_tokens_endpoint is set.
http_response dev_tokens(const http_request& req, const server_config& cfg,
                         const std::vector<router::agent_profile>& staff) {
  const auto now_s = now_ms() / 1000;
  constexpr std::int64_t ttl = 12 * 3600;
  json::object agents;
  json::object supervisors;
  for (const auto& a : staff) {
    const role r = a.supervisor ? role::supervisor : role::agent;
    (a.supervisor ? supervisors : agents)[a.id] =
        mint_staff_token(cfg.auth, r, a.id, cfg.shop.id, now_s, ttl);
  }
  json::object qa;
  for (const auto& q : cfg.shop.qa_users) {
    qa[q.id] = mint_staff_token(cfg.auth, role::qa, q.id, cfg.shop.id, now_s, ttl);
  }
  json::object customers;
  for (const auto& o : cfg.shop.orders) {
    if (!customers.contains(o.customer_id)) {
      customers[o.customer_id] = mint_visitor_token(cfg.auth, o.customer_id, cfg.shop.id, now_s);
    }
  }
  return json_response(req, {{"shop", cfg.shop.id},
                             // The shop's systems' token for the shop data API (HTTP only).
                             {"admin", mint_staff_token(cfg.auth, role::admin, "shop-system",
                                                        cfg.shop.id, now_s, ttl)},
                             {"agents", agents},
                             {"supervisors", supervisors},
                             {"qa", qa},
                             {"customers", customers}});
}

}  // namespace

http_response make_text_response(const http_request& req, http::status status, std::string body,
                                 std::string_view content_type) {
  http_response res{status, req.version() ? req.version() : 11};
  res.set(http::field::server, "fenliu");
  res.set(http::field::content_type, content_type);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

http_response json_response(const http_request& req, const boost::json::value& body,
                            http::status status) {
  auto res = make_text_response(req, status, json::serialize(body), "application/json");
  res.set(http::field::cache_control, "no-store");
  return res;
}

http_response json_error(const http_request& req, http::status status, std::string_view code,
                         std::string_view field, std::string_view detail) {
  return json_response(req, json::object{{"error", code}, {"field", field}, {"detail", detail}},
                       status);
}

std::optional<http_response> handle_node_http(const http_request& req, const server_config& cfg,
                                              bool shutting_down,
                                              const std::vector<router::agent_profile>& staff) {
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  const bool get = req.method() == http::verb::get || req.method() == http::verb::head;
  if (get && path == "/healthz") {
    return make_text_response(req, http::status::ok, "ok\n");
  }
  if (get && path == "/readyz") {
    return shutting_down
               ? make_text_response(req, http::status::service_unavailable, "shutting down\n")
               : make_text_response(req, http::status::ok, "ready\n");
  }
  if (req.method() == http::verb::post && path == "/api/visitor-token") {
    return issue_visitor_token(req, cfg);
  }
  if (get && path == "/api/dev/tokens" && cfg.auth.dev_tokens_endpoint) {
    return dev_tokens(req, cfg, staff);
  }
  return std::nullopt;
}

std::optional<http_response> handle_http(const http_request& req, services& svc) {
  if (auto res = handle_node_http(req, svc.config, svc.shutting_down, svc.live.get()->agents)) {
    return res;
  }
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  const bool get = req.method() == http::verb::get || req.method() == http::verb::head;
  if (constexpr std::string_view orders = "/api/orders/", suffix = "/status";
      req.method() == http::verb::post && path.starts_with(orders) && path.ends_with(suffix) &&
      path.size() > orders.size() + suffix.size()) {
    return update_order_status(
        req, svc, path.substr(orders.size(), path.size() - orders.size() - suffix.size()));
  }
  if (get && path == "/api/token-check") {
    return token_check(req, svc);
  }
  if (path == "/api/peak") {
    return peak_api(req, svc);
  }
  return std::nullopt;
}

}  // namespace fenliu::gateway
