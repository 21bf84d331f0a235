#include "gateway/http/shop_data_api.hpp"
#include "gateway/http/supervisor_auth.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "gateway/app/shop_data.hpp"
#include "gateway/app/store_awaitable.hpp"
#include "gateway/auth/auth.hpp"
#include "gateway/http/shop_data_parse.hpp"

namespace fenliu::gateway {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

constexpr std::string_view products_path = "/api/products/";
constexpr std::string_view orders_path = "/api/orders/";
constexpr std::string_view import_products = "/api/import/products";
constexpr std::string_view import_orders = "/api/import/orders";

std::string_view path_of(const http_request& req) {
  const std::string_view target = req.target();
  return target.substr(0, target.find('?'));
}

http_response bad_request(const http_request& req, const field_error& e) {
  return json_error(req, http::status::bad_request, "bad_request", e.field, e.detail);
}

// Admin, or a supervisor, of this shop. A token of another shop is a valid token without
// rights here: 403, as another role's.
std::optional<http_response> refuse_unless_allowed(const http_request& req, const services& svc) {
  const auto checked = check_staff(req[http::field::authorization], svc,
                                   {role::admin, role::supervisor}, "admin or supervisor");
  if (const auto* no = std::get_if<auth_refusal>(&checked)) {
    return json_error(req, no->status, no->code, "Authorization", no->detail);
  }
  return std::nullopt;
}

json::object product_json(const store::product_row& p) {
  return {{"id", p.id},
          {"title", p.title},
          {"price_cents", p.price_cents},
          {"currency", p.currency},
          {"picture_url", p.picture_url},
          {"category", p.category},
          {"updated_at", p.updated_at}};
}

json::object order_json(const store::order_row& o) {
  json::array items;
  for (const auto& i : o.items) {
    items.push_back(json::object{{"product_id", i.product_id},
                                 {"title", i.title},
                                 {"quantity", i.quantity},
                                 {"price_cents", i.price_cents}});
  }
  return {{"id", o.id},
          {"customer_id", o.customer_id},
          {"status", o.status},
          {"items", std::move(items)},
          {"total_cents", o.total_cents},
          {"carrier", o.carrier},
          {"tracking_no", o.tracking_no},
          {"delivered_at", o.delivered_at},
          {"updated_at", o.updated_at}};
}

field_error prefixed(std::string prefix, field_error e) {
  e.field = prefix + e.field;
  return e;
}

struct rows {
  std::vector<store::product_row> products;
  std::vector<store::order_row> orders;
};

// One parsed row, checked by the rules every stored row obeys.
std::optional<field_error> add_product(std::variant<store::product_row, field_error> parsed,
                                       const services& svc, rows& out) {
  if (auto* e = std::get_if<field_error>(&parsed)) {
    return *e;
  }
  auto& p = std::get<store::product_row>(parsed);
  p.shop_id = svc.config.shop.id;
  p.updated_at = now_ms();
  if (auto e = check_product(p)) {
    return e;
  }
  out.products.push_back(std::move(p));
  return std::nullopt;
}

std::optional<field_error> add_order(std::variant<store::order_row, field_error> parsed,
                                     const services& svc, rows& out) {
  if (auto* e = std::get_if<field_error>(&parsed)) {
    return *e;
  }
  auto& o = std::get<store::order_row>(parsed);
  o.shop_id = svc.config.shop.id;
  if (auto e = check_order(o, &svc)) {
    return e;
  }
  const auto now = now_ms();
  o.updated_at = now;
  auto stored = svc.orders.order(o.id);
  o.created_at = stored ? stored->created_at : now;
  out.orders.push_back(std::move(o));
  return std::nullopt;
}

bool is_csv(const http_request& req) {
  const std::string_view type = req[http::field::content_type];
  return type.starts_with("text/csv");
}

bool is_json(const http_request& req) {
  const std::string_view type = req[http::field::content_type];
  return type.empty() || type.starts_with("application/json");
}

// A bulk body into rows; the first bad row's error, named "[i].field" (JSON, from 0) or
// "row N: field" (CSV, data rows from 1, the header not counted).
std::optional<field_error> parse_bulk(const http_request& req, const services& svc, bool products,
                                      rows& out) {
  const auto max_rows = svc.config.limits.shop_data_import_max_rows;
  if (is_csv(req)) {
    auto parsed = parse_csv(req.body());
    if (auto* e = std::get_if<field_error>(&parsed)) {
      return *e;
    }
    const auto& table = std::get<0>(parsed);
    const auto& header = table.front();
    static const std::vector<std::string_view> product_columns = {
        "id", "title", "price_cents", "currency", "picture_url", "category"};
    static const std::vector<std::string_view> order_columns = {
        "id",          "customer_id", "status",      "items",
        "total_cents", "carrier",     "tracking_no", "delivered_at"};
    const auto& known = products ? product_columns : order_columns;
    for (const auto& name : header) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        return field_error{"header", fmt::format("unknown column '{}'", name)};
      }
    }
    for (std::string_view required : products ? std::vector<std::string_view>{"id", "title"}
                                              : std::vector<std::string_view>{"id", "customer_id",
                                                                              "status"}) {
      if (std::find(header.begin(), header.end(), required) == header.end()) {
        return field_error{"header", fmt::format("column '{}' is required", required)};
      }
    }
    if (table.size() - 1 > max_rows) {
      return field_error{"rows", fmt::format("at most {} rows per import", max_rows)};
    }
    for (std::size_t i = 1; i < table.size(); ++i) {
      const auto prefix = fmt::format("row {}: ", i);
      if (table[i].size() != header.size()) {
        return field_error{fmt::format("row {}", i),
                           fmt::format("{} cells, the header has {}", table[i].size(),
                                       header.size())};
      }
      auto e = products ? add_product(product_from_csv(header, table[i]), svc, out)
                        : add_order(order_from_csv(header, table[i]), svc, out);
      if (e) {
        return prefixed(prefix, std::move(*e));
      }
    }
    return std::nullopt;
  }
  boost::system::error_code ec;
  const auto body = json::parse(req.body(), ec);
  if (ec || !body.is_array()) {
    return field_error{"body", "a JSON array of objects, or CSV with Content-Type text/csv"};
  }
  const auto& list = body.as_array();
  if (list.size() > max_rows) {
    return field_error{"rows", fmt::format("at most {} rows per import", max_rows)};
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto e = products ? add_product(product_from_json(list[i], {}), svc, out)
                      : add_order(order_from_json(list[i], {}), svc, out);
    if (e) {
      return prefixed(fmt::format("[{}].", i), std::move(*e));
    }
  }
  return std::nullopt;
}

// Two rows with one id in one import: the later would silently win; refuse instead.
template <class Row>
std::optional<field_error> check_unique(const std::vector<Row>& list, bool csv) {
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!seen.insert(list[i].id).second) {
      return field_error{csv ? fmt::format("row {}: id", i + 1) : fmt::format("[{}].id", i),
                         fmt::format("duplicate id '{}'", list[i].id)};
    }
  }
  return std::nullopt;
}

}  // namespace

bool is_shop_data_request(const http_request& req) {
  const auto path = path_of(req);
  if (path == import_products || path == import_orders) {
    return true;
  }
  if (path.starts_with(products_path) && path.size() > products_path.size()) {
    return path.find('/', products_path.size()) == std::string_view::npos;
  }
  // /api/orders/<id>/status is the order-status webhook (order_api.hpp).
  if (path.starts_with(orders_path) && path.size() > orders_path.size()) {
    return path.find('/', orders_path.size()) == std::string_view::npos;
  }
  return false;
}

boost::asio::awaitable<http_response> shop_data_api(const http_request& req, services& svc) {
  const auto path = path_of(req);
  const bool bulk = path == import_products || path == import_orders;
  const bool products = path == import_products || path.starts_with(products_path);
  const auto method = bulk ? http::verb::post : http::verb::put;
  if (req.method() != method) {
    auto res = json_error(req, http::status::method_not_allowed, "method_not_allowed", "method",
                          bulk ? "POST" : "PUT");
    res.set(http::field::allow, bulk ? "POST" : "PUT");
    co_return res;
  }
  if (auto refused = refuse_unless_allowed(req, svc)) {
    co_return std::move(*refused);
  }
  if (req.body().size() > svc.config.limits.shop_data_body_max_bytes) {
    co_return json_error(req, http::status::payload_too_large, "payload_too_large", "body",
                         fmt::format("at most {} bytes (limits.shop_data_body_max_bytes)",
                                     svc.config.limits.shop_data_body_max_bytes));
  }
  if (!is_json(req) && !(bulk && is_csv(req))) {
    co_return json_error(req, http::status::unsupported_media_type, "unsupported_media_type",
                         "Content-Type",
                         bulk ? "application/json or text/csv" : "application/json");
  }

  rows in;
  bool created = false;
  if (bulk) {
    auto e = parse_bulk(req, svc, products, in);
    if (!e) {
      e = products ? check_unique(in.products, is_csv(req)) : check_unique(in.orders, is_csv(req));
    }
    if (e) {
      co_return bad_request(req, *e);
    }
  } else {
    const auto id = path.substr(products ? products_path.size() : orders_path.size());
    boost::system::error_code ec;
    const auto body = json::parse(req.body(), ec);
    if (ec) {
      co_return bad_request(req, field_error{"body", "not JSON"});
    }
    auto e = products ? add_product(product_from_json(body, id), svc, in)
                      : add_order(order_from_json(body, id), svc, in);
    if (e) {
      co_return bad_request(req, *e);
    }
    created = products ? !svc.orders.product(id) : !svc.orders.order(id);
  }

  auto [ec, ok] = co_await async_store<bool>(
      [&](auto done) {
        return svc.store.import_shop_data(svc.config.shop.id, in.products, in.orders,
                                          std::move(done));
      },
      use_nothrow);
  if (ec) {
    co_return json_error(req, http::status::service_unavailable, "store_unavailable", "",
                         "nothing was imported; retry");
  }
  // Written through: the next chat's classification and the next card read these.
  svc.orders.put(in.products, in.orders);
  if (bulk) {
    co_return json_response(
        req, json::object{{"imported", products ? in.products.size() : in.orders.size()}});
  }
  const auto status = created ? http::status::created : http::status::ok;
  if (products) {
    co_return json_response(req, product_json(in.products.front()), status);
  }
  co_return json_response(req, order_json(in.orders.front()), status);
}

}  // namespace fenliu::gateway
