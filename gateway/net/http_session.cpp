#include "gateway/net/http_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include "gateway/http/bot_report_api.hpp"
#include "gateway/http/http_api.hpp"
#include "gateway/http/image_api.hpp"
#include "gateway/http/metrics_api.hpp"
#include "gateway/http/kpi_api.hpp"
#include "gateway/http/shop_data_api.hpp"
#include "gateway/http/admin_api.hpp"
#include "gateway/log/log_context.hpp"
#include "gateway/net/origin.hpp"
#include "gateway/net/static_files.hpp"
#include "gateway/net/ws_session.hpp"

namespace fenliu::gateway {
namespace {

namespace http = beast::http;
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

std::string query_param(std::string_view target, std::string_view name) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) {
    return {};
  }
  auto params = url->params();
  auto it = params.find(name);
  if (it == params.end()) {
    return {};
  }
  return std::string((*it).value);
}

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

// An endpoint's answer, else a static file of the web UI, else 404. A relay node (no `svc`)
// that does not know where the owner serves HTTP answers the shop's APIs with 503 not_owner.
http_response answer(const http_request& req, const session_context& ctx, services* svc) {
  if (svc != nullptr) {
    if (auto res = handle_http(req, *svc)) {
      return std::move(*res);
    }
  } else if (auto res = handle_node_http(req, ctx.config, ctx.shutting_down,
                                         ctx.config.shop.agents)) {
    return std::move(*res);
  } else if (path_of(req.target()).starts_with("/api/") || path_of(req.target()) == "/metrics") {
    return json_error(req, http::status::service_unavailable, "not_owner", "",
                      "this node relays chats to the shop's owner; ask the owner's node "
                      "(any node once it owns the shop) for this API");
  }
  const bool get = req.method() == http::verb::get || req.method() == http::verb::head;
  if (get) {
    if (auto file = read_static_file(ctx.config.web_root, path_of(req.target()))) {
      return make_text_response(req, http::status::ok, std::move(file->body), file->mime);
    }
  }
  return make_text_response(req, http::status::not_found, "not found\n");
}

// A relay node passes the shop's HTTP APIs on to the owner's node: they need its store and live
// state. Behind a TCP load balancer a page's API call lands on any node, and must still work.
bool passed_to_owner(const http_request& req) {
  const auto path = path_of(req.target());
  return path.starts_with("/api/") && path != "/api/visitor-token" && path != "/api/dev/tokens";
}

// The largest answer taken from the owner: an image (max_image_bytes) or a KPI export.
constexpr std::uint64_t owner_answer_max_bytes = 64ull * 1024 * 1024;

// One request to the owner at `address` ("host:port" or "[v6]:port") on a connection of its
// own, its answer as the owner gave it. 502 owner_unreachable when the owner does not answer
// within the handshake timeout; the client's connection stays.
asio::awaitable<http_response> ask_owner(const http_request& req, const std::string& address,
                                         const session_context& ctx) {
  const auto colon = address.rfind(':');
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string port = colon == std::string::npos ? "" : address.substr(colon + 1);
  const auto unreachable = [&req](std::string_view why) {
    return json_error(req, http::status::bad_gateway, "owner_unreachable", "",
                      std::string("this node relays to the shop's owner, which did not answer: ") +
                          std::string(why));
  };
  auto ex = co_await asio::this_coro::executor;
  asio::ip::tcp::resolver resolver(ex);
  auto [rec, endpoints] = co_await resolver.async_resolve(host, port, use_nothrow);
  if (rec) {
    co_return unreachable(rec.message());
  }
  beast::tcp_stream upstream(ex);
  upstream.expires_after(std::chrono::milliseconds(ctx.config.limits.handshake_timeout_ms));
  auto [cec, ep] = co_await upstream.async_connect(endpoints, use_nothrow);
  if (cec) {
    co_return unreachable(cec.message());
  }
  http_request forward = req;
  forward.keep_alive(false);
  forward.set(http::field::host, address);
  auto [wec, wn] = co_await http::async_write(upstream, forward, use_nothrow);
  if (wec) {
    co_return unreachable(wec.message());
  }
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(owner_answer_max_bytes);
  // The answer to a HEAD has a Content-Length but no body: do not wait for one.
  parser.skip(req.method() == http::verb::head);
  auto [rdec, rn] = co_await http::async_read(upstream, buffer, parser, use_nothrow);
  if (rdec) {
    co_return unreachable(rdec.message());
  }
  http_response res = parser.release();
  res.keep_alive(req.keep_alive());
  if (req.method() != http::verb::head) {
    res.prepare_payload();  // the body as read (a chunked answer is passed on with its length)
  }
  co_return res;
}

// Decides whether the upgrade may happen; fills `who` on success, else an HTTP refusal.
std::optional<http_response> check_upgrade(const http_request& req, const session_context& ctx,
                                          identity& who) {
  if (path_of(req.target()) != "/ws") {
    return make_text_response(req, http::status::not_found, "not found\n");
  }
  const auto origin = req[http::field::origin];
  if (origin.empty() ? !ctx.config.auth.allow_missing_origin
                     : !origin_allowed(origin, ctx.config.auth)) {
    return make_text_response(req, http::status::forbidden, "origin not allowed\n");
  }
  if (ctx.shutting_down) {
    return make_text_response(req, http::status::service_unavailable, "shutting down\n");
  }
  auto verified = verify_token(query_param(req.target(), "token"), ctx.config.auth,
                               ctx.config.shop.id, now_ms() / 1000);
  if (!verified) {
    return make_text_response(req, http::status::unauthorized,
                              std::string(to_string(verified.error())) + "\n");
  }
  if (verified->role_ == role::admin) {
    // An admin token is for the HTTP APIs: refused like any token this endpoint cannot use.
    return make_text_response(req, http::status::unauthorized, "admin_token_not_for_websocket\n");
  }
  who = std::move(*verified);
  return std::nullopt;
}

}  // namespace

asio::awaitable<void> serve_connection(asio::ip::tcp::socket socket, session_context& ctx,
                                       services* svc) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  const auto& limits = ctx.config.limits;
  const auto timeout = std::chrono::milliseconds(limits.handshake_timeout_ms);
  for (;;) {
    stream.expires_after(timeout);
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    // The limit depends on the endpoint (an image upload may be larger than other bodies):
    // the largest while the header is read, then the endpoint's.
    parser.body_limit(request_body_limit(true, "/api/images", limits));
    auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, use_nothrow);
    if (!ec) {
      const auto limit = request_body_limit(parser.get().method() == http::verb::post,
                                            path_of(parser.get().target()), limits);
      if (parser.content_length().value_or(0) > limit) {
        ec = http::error::body_limit;
      } else {
        parser.body_limit(limit);
        std::tie(ec, n) = co_await http::async_read(stream, buffer, parser, use_nothrow);
      }
    }
    if (ec == http::error::body_limit) {
      http_request req;
      auto res = make_text_response(req, http::status::payload_too_large, "body too large\n");
      res.keep_alive(false);
      co_await http::async_write(stream, res, use_nothrow);
      break;
    }
    if (ec) {
      break;
    }
    http_request req = parser.release();
    // Every log line about this request carries its id (scopes only around code that does not
    // suspend: a scope must not outlive a co_await on this thread).
    const log_fields request_log{0, next_http_request_id(), true, "http", {}, {}};
    if (beast::websocket::is_upgrade(req)) {
      identity who;
      if (auto refusal = check_upgrade(req, ctx, who)) {
        {
          log_scope scope(request_log);
          spdlog::debug("http upgrade refused path={} status={}", path_of(req.target()),
                        refusal->result_int());
        }
        refusal->keep_alive(false);
        co_await http::async_write(stream, *refusal, use_nothrow);
        break;
      }
      stream.expires_never();
      auto ex = stream.get_executor();
      auto session = std::make_shared<ws_session>(stream.release_socket(), std::move(who), ctx);
      {
        log_scope scope(request_log);
        spdlog::debug("http upgrade path={} session={}", path_of(req.target()),
                      session->session_id());
      }
      // The session runs in its own coroutine; this one returns, so its read buffer, parser and
      // frame are freed instead of staying suspended for the whole WebSocket session.
      asio::co_spawn(
          ex,
          [session = std::move(session), req = std::move(req)]() mutable {
            return session->run(std::move(req));
          },
          asio::detached);
      co_return;
    }
    // The endpoints that read the store: awaited on this strand, never blocking it.
    http_response res;
    const bool get = req.method() == http::verb::get || req.method() == http::verb::head;
    const std::string owner =
        svc == nullptr && ctx.owner_http_address && passed_to_owner(req) ? ctx.owner_http_address()
                                                                         : std::string{};
    if (!owner.empty()) {
      res = co_await ask_owner(req, owner, ctx);
    } else if (svc == nullptr) {
      log_scope scope(request_log);
      res = answer(req, ctx, nullptr);
    } else if (get && path_of(req.target()) == "/metrics") {
      res = co_await metrics_api(req, *svc);
    } else if (path_of(req.target()) == "/api/bot/unanswered") {
      res = co_await unanswered_report(req, *svc);
    } else if (is_image_path(path_of(req.target()))) {
      res = co_await image_api(req, *svc);
    } else if (path_of(req.target()) == "/api/kpis") {
      res = co_await kpi_api(req, *svc);
    } else if (is_shop_data_request(req)) {
      res = co_await shop_data_api(req, *svc);
    } else if (is_admin_request(req)) {
      res = co_await admin_api(req, *svc);
    } else {
      log_scope scope(request_log);
      res = answer(req, ctx, svc);
    }
    {
      // The path only: a query string may hold a token (/ws?token=...).
      log_scope scope(request_log);
      spdlog::debug("http method={} path={} status={}", std::string_view(req.method_string()),
                    path_of(req.target()), res.result_int());
    }
    const bool keep_alive = res.keep_alive() && !ctx.shutting_down;
    auto [wec, wn] = co_await http::async_write(stream, res, use_nothrow);
    if (wec || !keep_alive) {
      break;
    }
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace fenliu::gateway
