#include "gateway/http/order_api.hpp"

#include <boost/json.hpp>

#include "gateway/app/classifier.hpp"
#include "gateway/http/supervisor_auth.hpp"

namespace fenliu::gateway {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

http_response json_error(const http_request& req, http::status status, std::string_view code,
                         std::string_view detail) {
  return json_response(req, json::object{{"error", code}, {"detail", detail}}, status);
}

// Only a supervisor token may change orders: the order system holds one minted for it
// (`fenliu mint-token --role supervisor --sub order-system`).
std::optional<http_response> refuse_unless_supervisor(const http_request& req,
                                                      const services& svc) {
  const auto checked = check_supervisor(req[http::field::authorization], svc);
  if (const auto* refused = std::get_if<auth_refusal>(&checked)) {
    return json_error(req, refused->status, refused->code, refused->detail);
  }
  return std::nullopt;
}

}  // namespace

http_response update_order_status(const http_request& req, services& svc,
                                  std::string_view order_id) {
  if (auto refused = refuse_unless_supervisor(req, svc)) {
    return std::move(*refused);
  }
  boost::system::error_code ec;
  const auto body = json::parse(req.body(), ec);
  const json::string* status = nullptr;
  if (!ec && body.is_object()) {
    if (const auto* s = body.as_object().if_contains("status"); s && s->is_string()) {
      status = &s->as_string();
    }
  }
  if (status == nullptr) {
    return json_error(req, http::status::bad_request, "bad_request",
                      R"(body must be {"status": "<order status>"})");
  }
  if (!stage_for_order_status(*status)) {
    return json_error(req, http::status::bad_request, "unknown_status",
                      "status is one of unpaid, paid, shipped, delivered, refund_open, closed");
  }
  auto row = svc.orders.set_status(order_id, std::string(*status), now_ms());
  if (!row) {
    return json_error(req, http::status::not_found, "unknown_order", "no such order");
  }
  // The stored order (items, carrier, tracking) with its new status: kept over a restart.
  (void)svc.store.upsert_order(*row);
  const auto order = std::optional(demo_view(*row));

  // The buyer has at most one open chat; it moves only if it is about this order.
  std::uint64_t moved = 0;
  if (auto chat = svc.hub.open_conversation_of(order->customer_id);
      chat && chat->order_id == order->id) {
    svc.router.post(router::event::order_state_changed{chat->id, order->status});
    moved = chat->id;
    // The parcel is on its way: an agent serving the chat now waits on logistics, not on
    // the buyer (the core ignores this for a chat that is not active after the move).
    if (order->status == "shipped") {
      svc.router.post(router::event::awaiting_logistics{chat->id});
    }
  }
  return json_response(
      req,
      json::object{{"order_id", order->id}, {"status", order->status}, {"conversation_id", moved}},
      http::status::accepted);
}

}  // namespace fenliu::gateway
