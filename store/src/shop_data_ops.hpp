#pragma once
// Shop data: products, orders by id and shop, and the one-transaction import. The SQL is here;
// the statements are prepared with the writer's and the reader's others.

#include <string>
#include <system_error>
#include <vector>

#include "read_ops.hpp"
#include "write_ops.hpp"

namespace fenliu::store::detail {

namespace shop_sql {
inline constexpr const char* upsert_product =
    "INSERT INTO products(id, shop_id, title, price_cents, currency, picture_url, category, "
    "updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO UPDATE SET "
    "shop_id = excluded.shop_id, title = excluded.title, price_cents = excluded.price_cents, "
    "currency = excluded.currency, picture_url = excluded.picture_url, "
    "category = excluded.category, updated_at = excluded.updated_at";
inline constexpr const char* product =
    "SELECT id, shop_id, title, price_cents, currency, picture_url, category, updated_at "
    "FROM products WHERE id = ?1";
// instr() is a plain substring match: no LIKE wildcards in the query to escape.
inline constexpr const char* products_search =
    "SELECT id, shop_id, title, price_cents, currency, picture_url, category, updated_at "
    "FROM products WHERE shop_id = ?1 AND (?2 = '' OR instr(lower(title), lower(?2)) > 0 "
    "OR instr(lower(id), lower(?2)) > 0) ORDER BY id LIMIT ?3";
inline constexpr const char* order =
    "SELECT id, shop_id, customer_id, status, total_cents, created_at, updated_at, carrier, "
    "tracking_no, delivered_at FROM orders WHERE id = ?1";
inline constexpr const char* shop_orders =
    "SELECT id, shop_id, customer_id, status, total_cents, created_at, updated_at, carrier, "
    "tracking_no, delivered_at FROM orders WHERE shop_id = ?1 ORDER BY id";
}  // namespace shop_sql

/// An orders row in the column order of shop_sql::order (and of the reader's `orders` query).
order_row order_of(const statement& r);

std::error_code upsert_product(write_context& c, const product_row& r);
/// Every row or none: any failure is write_failed, which rolls the batch back.
std::error_code import_shop_data(write_context& c, const std::string& shop_id,
                                 const std::vector<product_row>& products,
                                 const std::vector<order_row>& orders);

std::error_code read_product(read_context& c, const std::string& id, product_row& out);
std::error_code read_products(read_context& c, const std::string& shop_id,
                              const std::string& query, std::size_t limit,
                              std::vector<product_row>& out);
std::error_code read_order(read_context& c, const std::string& id, order_row& out);
std::error_code read_shop_data(read_context& c, const std::string& shop_id, shop_data& out);
/// The items of each order, in position order.
std::error_code read_order_items(read_context& c, std::vector<order_row>& orders);

}  // namespace fenliu::store::detail
