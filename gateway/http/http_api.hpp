#pragma once
// The JSON and plain-text endpoints: health, readiness, metrics, visitor and dev tokens, orders.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/fwd.hpp>
#include <optional>

#include "gateway/app/services.hpp"

namespace fenliu::gateway {

using http_request = boost::beast::http::request<boost::beast::http::string_body>;
using http_response = boost::beast::http::response<boost::beast::http::string_body>;

/// The answer for an endpoint path, or nullopt when the path is none of them (the caller then
/// serves static files).
std::optional<http_response> handle_http(const http_request& req, services& svc);
/// The endpoints any node answers from its configuration alone (a relay node too): /healthz,
/// /readyz, POST /api/visitor-token and, when enabled, /api/dev/tokens for `staff`.
std::optional<http_response> handle_node_http(const http_request& req, const server_config& cfg,
                                              bool shutting_down,
                                              const std::vector<router::agent_profile>& staff);

/// A JSON answer, never cached.
http_response json_response(const http_request& req, const boost::json::value& body,
                            boost::beast::http::status status = boost::beast::http::status::ok);
/// The APIs' error answer: `{"error": code, "field": field, "detail": detail}` with `status`.
http_response json_error(const http_request& req, boost::beast::http::status status,
                         std::string_view code, std::string_view field, std::string_view detail);

http_response make_text_response(const http_request& req, boost::beast::http::status status,
                                 std::string body, std::string_view content_type = "text/plain");

}  // namespace fenliu::gateway
