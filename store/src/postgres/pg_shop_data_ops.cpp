// The PostgreSQL back end: shop data: products, orders by id, the shop's whole catalogue and
// the one-write import. The SQLite version is shop_data_ops.cpp.

#include <utility>

#include "pg_backend_jobs.hpp"
#include "pg_customer_ops.hpp"
#include "pg_rows.hpp"

namespace fenliu::store::pg {
namespace {

// SQLite's lower(): ASCII letters only, every other byte kept. bytea has no lower(); its escape
// form is plain ASCII (other bytes as \nnn), so the letters can be translated there.
// clang-format off
#define FENLIU_PG_ASCII_LOWER(x)                 \
  "decode(translate(encode(" x ", 'escape'), "   \
  "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'escape')"
// clang-format on

namespace sql {

constexpr query upsert_product{
    "shop_upsert_product",
    "INSERT INTO products(id, shop_id, title, price_cents, currency, picture_url, category, "
    "updated_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO UPDATE SET "
    "shop_id = excluded.shop_id, title = excluded.title, price_cents = excluded.price_cents, "
    "currency = excluded.currency, picture_url = excluded.picture_url, "
    "category = excluded.category, updated_at = excluded.updated_at"};
constexpr query product{
    "shop_product",
    "SELECT id, shop_id, title, price_cents, currency, picture_url, category, updated_at "
    "FROM products WHERE id = $1"};
// A plain case-insensitive substring of the title or id: no LIKE wildcards to escape.
constexpr query products_search{
    "shop_products_search",
    "SELECT id, shop_id, title, price_cents, currency, picture_url, category, updated_at "
    "FROM products WHERE shop_id = $1 AND ($2 = '' "
    "OR position(" FENLIU_PG_ASCII_LOWER("$2") " in " FENLIU_PG_ASCII_LOWER("title") ") > 0 "
    "OR position(" FENLIU_PG_ASCII_LOWER("$2") " in " FENLIU_PG_ASCII_LOWER("id") ") > 0) "
    "ORDER BY id LIMIT $3"};
constexpr query order{"shop_order", "SELECT " FENLIU_PG_ORDER_COLUMNS "FROM orders WHERE id = $1"};
constexpr query order_items{"shop_order_items", "SELECT " FENLIU_PG_ORDER_ITEM_COLUMNS
                                                "FROM order_items i WHERE i.order_id = $1 "
                                                "ORDER BY i.position"};
constexpr query shop_orders{
    "shop_orders", "SELECT " FENLIU_PG_ORDER_COLUMNS "FROM orders WHERE shop_id = $1 ORDER BY id"};
constexpr query shop_order_items{
    "shop_order_items_of_shop",
    "SELECT " FENLIU_PG_ORDER_ITEM_COLUMNS
    "FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.shop_id = $1 "
    "ORDER BY i.order_id, i.position"};

}  // namespace sql

#undef FENLIU_PG_ASCII_LOWER

product_row product_from(const result& r, int row) {
  product_row p;
  p.id = r.bytes(row, 0);
  p.shop_id = r.bytes(row, 1);
  p.title = r.bytes(row, 2);
  p.price_cents = r.i64(row, 3);
  p.currency = r.bytes(row, 4);
  p.picture_url = r.bytes(row, 5);
  p.category = r.bytes(row, 6);
  p.updated_at = r.i64(row, 7);
  return p;
}

std::error_code upsert_product_op(write_context& c, const product_row& p) {
  const result r =
      c.db.run(sql::upsert_product, params{}
                                        .bytes(p.id)
                                        .bytes(p.shop_id)
                                        .bytes(p.title)
                                        .i64(p.price_cents)
                                        .bytes(p.currency)
                                        .bytes(p.picture_url)
                                        .bytes(p.category)
                                        .i64(p.updated_at != 0 ? p.updated_at : c.clock()));
  return write_status(r);
}

// Rows without a shop are the importing shop's; orders without times are stamped now.
std::error_code import_op(write_context& c, const std::string& shop_id,
                          const std::vector<product_row>& products,
                          const std::vector<order_row>& orders) {
  const auto now = c.clock();
  for (auto p : products) {
    if (p.shop_id.empty()) {
      p.shop_id = shop_id;
    }
    if (auto ec = upsert_product_op(c, p)) {
      return ec;
    }
  }
  for (auto o : orders) {
    if (o.shop_id.empty()) {
      o.shop_id = shop_id;
    }
    if (o.updated_at == 0) {
      o.updated_at = now;
    }
    if (o.created_at == 0) {
      o.created_at = o.updated_at;
    }
    if (auto ec = write_order(c, o)) {
      return ec;
    }
  }
  return {};
}

std::error_code read_product(read_context& c, const std::string& id, product_row& out) {
  const result r = c.db.run(sql::product, params{}.bytes(id));
  if (!r.ok()) {
    return read_failed();
  }
  if (r.rows() == 0) {
    return make_error_code(errc::not_found);
  }
  out = product_from(r, 0);
  return {};
}

std::error_code read_products(read_context& c, const std::string& shop_id,
                              const std::string& search, std::size_t limit,
                              std::vector<product_row>& out) {
  return collect(
      c.db.run(sql::products_search, params{}.bytes(shop_id).bytes(search).i64(limit_value(limit))),
      out, product_from);
}

std::error_code read_order(read_context& c, const std::string& id, order_row& out) {
  std::vector<order_row> one;
  if (auto ec = read_orders_with_items(c, sql::order, sql::order_items, params{}.bytes(id), one)) {
    return ec;
  }
  if (one.empty()) {
    return make_error_code(errc::not_found);
  }
  out = std::move(one.front());
  return {};
}

std::error_code read_shop_data(read_context& c, const std::string& shop_id, shop_data& out) {
  if (auto ec = read_products(c, shop_id, {}, 0, out.products)) {
    return ec;
  }
  return read_orders_with_items(c, sql::shop_orders, sql::shop_order_items, params{}.bytes(shop_id),
                                out.orders);
}

}  // namespace

// ---- the backend's operations ----

std::error_code postgres_backend::upsert_product(product_row row, callback<bool> done) {
  return write<bool>(
      bool_job([r = std::move(row)](write_context& c) { return upsert_product_op(c, r); }),
      std::move(done));
}

void postgres_backend::get_product(std::string id, callback<product_row> done) {
  read<product_row>(
      [id = std::move(id)](read_context& c, product_row& out) { return read_product(c, id, out); },
      std::move(done));
}

void postgres_backend::products_of(std::string shop_id, std::string query, std::size_t limit,
                                   callback<std::vector<product_row>> done) {
  read<std::vector<product_row>>(
      [shop = std::move(shop_id), q = std::move(query), limit](read_context& c,
                                                               std::vector<product_row>& out) {
        return read_products(c, shop, q, limit, out);
      },
      std::move(done));
}

void postgres_backend::get_order(std::string id, callback<order_row> done) {
  read<order_row>(
      [id = std::move(id)](read_context& c, order_row& out) { return read_order(c, id, out); },
      std::move(done));
}

std::error_code postgres_backend::import_shop_data(std::string shop_id,
                                                   std::vector<product_row> products,
                                                   std::vector<order_row> orders,
                                                   callback<bool> done) {
  return write<bool>(
      bool_job([shop = std::move(shop_id), ps = std::move(products),
                os = std::move(orders)](write_context& c) { return import_op(c, shop, ps, os); }),
      std::move(done));
}

shop_data postgres_backend::load_shop_data(std::string shop_id) {
  // Start-up: a store that cannot read the catalogue must not serve.
  return read_blocking<shop_data>([shop = std::move(shop_id)](read_context& c, shop_data& out) {
    return read_shop_data(c, shop, out);
  });
}

}  // namespace fenliu::store::pg
