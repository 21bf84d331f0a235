#include "gateway/app/shop_data.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <future>
#include <set>
#include <stdexcept>

#include "gateway/app/classifier.hpp"
#include "gateway/app/services.hpp"

namespace fenliu::gateway {
namespace {

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    n += (c & 0xC0) != 0x80 ? 1 : 0;
  }
  return n;
}

bool valid_utf8_text(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) {
      return false;  // control characters (no newlines in a title either)
    }
  }
  return true;
}

// Ids end up in URLs (/api/products/<id>) and in CSV cells: a conservative alphabet.
std::optional<field_error> check_id(std::string_view field, std::string_view id) {
  if (id.empty()) {
    return field_error{std::string(field), "required"};
  }
  if (id.size() > shop_id_max) {
    return field_error{std::string(field), fmt::format("at most {} characters", shop_id_max)};
  }
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) {
      return field_error{std::string(field), "letters, digits, '-', '_' and '.' only"};
    }
  }
  return std::nullopt;
}

std::optional<field_error> check_text(std::string_view field, std::string_view text,
                                      std::size_t max, bool required) {
  if (required && text.empty()) {
    return field_error{std::string(field), "required"};
  }
  if (code_points(text) > max) {
    return field_error{std::string(field), fmt::format("at most {} characters", max)};
  }
  if (!valid_utf8_text(text)) {
    return field_error{std::string(field), "control characters are not allowed"};
  }
  return std::nullopt;
}

std::optional<field_error> check_price(std::string_view field, std::int64_t cents) {
  if (cents < 0 || cents > shop_price_max) {
    return field_error{std::string(field), fmt::format("0..{} (cents)", shop_price_max)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<field_error> check_product(const store::product_row& p) {
  if (auto e = check_id("id", p.id)) {
    return e;
  }
  if (auto e = check_text("title", p.title, shop_title_max, true)) {
    return e;
  }
  if (auto e = check_price("price_cents", p.price_cents)) {
    return e;
  }
  const bool currency_ok = p.currency.size() == 3 && p.currency[0] >= 'A' &&
                           p.currency[0] <= 'Z' && p.currency[1] >= 'A' &&
                           p.currency[1] <= 'Z' && p.currency[2] >= 'A' && p.currency[2] <= 'Z';
  if (!currency_ok) {
    return field_error{"currency", "an ISO 4217 code such as CNY"};
  }
  if (auto e = check_text("picture_url", p.picture_url, shop_text_max, false)) {
    return e;
  }
  if (!p.picture_url.empty() && !p.picture_url.starts_with("/") &&
      !p.picture_url.starts_with("https://") && !p.picture_url.starts_with("http://")) {
    return field_error{"picture_url", "a path on this server (/img/...) or an http(s) URL"};
  }
  return check_text("category", p.category, shop_id_max, false);
}

std::optional<field_error> check_order(store::order_row& o, const services* svc) {
  if (auto e = check_id("id", o.id)) {
    return e;
  }
  if (auto e = check_id("customer_id", o.customer_id)) {
    return e;
  }
  if (!stage_for_order_status(o.status)) {
    return field_error{"status",
                       "one of unpaid, paid, shipped, delivered, refund_open, closed"};
  }
  if (o.items.size() > static_cast<std::size_t>(shop_items_max)) {
    return field_error{"items", fmt::format("at most {} items", shop_items_max)};
  }
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < o.items.size(); ++i) {
    auto& item = o.items[i];
    const auto at = fmt::format("items[{}].", i);
    if (auto e = check_id(at + "product_id", item.product_id)) {
      return e;
    }
    if (item.quantity < 1 || item.quantity > shop_quantity_max) {
      return field_error{at + "quantity", fmt::format("1..{}", shop_quantity_max)};
    }
    if (auto e = check_price(at + "price_cents", item.price_cents)) {
      return e;
    }
    if (item.title.empty() && svc != nullptr) {
      if (auto p = svc->orders.product(item.product_id)) {
        item.title = p->title;
      }
    }
    if (item.title.empty()) {
      item.title = item.product_id;
    }
    if (auto e = check_text(at + "title", item.title, shop_title_max, true)) {
      return e;
    }
    sum += item.price_cents * item.quantity;
  }
  if (o.total_cents == 0) {
    o.total_cents = sum;
  }
  if (auto e = check_price("total_cents", o.total_cents)) {
    return e;
  }
  if (auto e = check_text("carrier", o.carrier, shop_id_max, false)) {
    return e;
  }
  if (auto e = check_text("tracking_no", o.tracking_no, shop_id_max, false)) {
    return e;
  }
  if (o.delivered_at < 0) {
    return field_error{"delivered_at", "Unix milliseconds, 0 or more"};
  }
  return std::nullopt;
}

store::order_row to_order_row(const demo_order& o, const std::string& shop_id, store::time_ms now) {
  store::order_row row;
  row.id = o.id;
  row.shop_id = shop_id;
  row.customer_id = o.customer_id;
  row.status = o.status;
  row.items.push_back({o.product_id.empty() ? o.id + "-item" : o.product_id, o.title, 1,
                       o.total_cents});
  row.total_cents = o.total_cents;
  row.created_at = row.updated_at = now;
  row.carrier = o.carrier;
  row.tracking_no = o.tracking;
  row.delivered_at = o.delivered_at_ms;
  return row;
}

store::product_row to_product_row(const demo_product& p, const std::string& shop_id) {
  store::product_row row;
  row.id = p.id;
  row.shop_id = shop_id;
  row.title = p.title;
  row.price_cents = p.price_cents;
  row.currency = p.currency;
  row.picture_url = p.picture_url;
  row.category = p.category;
  return row;
}

void seed_shop_data(services& svc) {
  const auto& shop = svc.config.shop;
  auto stored = svc.store.load_shop_data(shop.id);
  std::set<std::string, std::less<>> have_products;
  std::set<std::string, std::less<>> have_orders;
  for (const auto& p : stored.products) {
    have_products.insert(p.id);
  }
  for (const auto& o : stored.orders) {
    have_orders.insert(o.id);
  }
  std::vector<store::product_row> products;
  for (const auto& p : shop.products) {
    if (have_products.contains(p.id)) {
      continue;
    }
    auto row = to_product_row(p, shop.id);
    if (auto e = check_product(row)) {
      throw std::runtime_error(fmt::format("products[{}].{}: {}", p.id, e->field, e->detail));
    }
    products.push_back(std::move(row));
  }
  // Item titles of the seeded orders may name the seeded products.
  svc.orders.load(stored);
  svc.orders.put(products, {});
  std::vector<store::order_row> orders;
  const auto now = now_ms();
  for (const auto& o : shop.orders) {
    if (have_orders.contains(o.id)) {
      continue;
    }
    auto row = to_order_row(o, shop.id, now);
    if (auto e = check_order(row, &svc)) {
      throw std::runtime_error(fmt::format("orders[{}].{}: {}", o.id, e->field, e->detail));
    }
    orders.push_back(std::move(row));
  }
  if (!products.empty() || !orders.empty()) {
    std::promise<std::error_code> done;
    auto committed = done.get_future();
    const auto refused = svc.store.import_shop_data(
        shop.id, products, orders,
        [&done](std::error_code ec, bool) { done.set_value(ec); });
    const auto ec = refused ? refused : committed.get();
    if (ec) {
      throw std::system_error(ec, "store: seeding the shop data");
    }
  }
  svc.orders.load(svc.store.load_shop_data(shop.id));
  spdlog::info("shop data: {} products, {} orders ({} products and {} orders seeded from config)",
               stored.products.size() + products.size(), stored.orders.size() + orders.size(),
               products.size(), orders.size());
}

}  // namespace fenliu::gateway
