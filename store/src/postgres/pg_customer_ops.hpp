#pragma once
// What the PostgreSQL back end's customer and shop-data operations share: orders with their
// items, written (upsert_order, import_shop_data) and read (orders_of, customer_file_of,
// get_order, load_shop_data).

#include <system_error>
#include <utility>
#include <vector>

#include "fenliu/store/rows.hpp"
#include "pg.hpp"
#include "pg_context.hpp"

namespace fenliu::store::pg {

/// The orders columns read_orders_with_items() reads from its orders query, in its order.
#define FENLIU_PG_ORDER_COLUMNS                                                      \
  "id, shop_id, customer_id, status, total_cents, created_at, updated_at, carrier, " \
  "tracking_no, delivered_at "
/// The order_items columns (alias i) it reads from its items query, in its order.
#define FENLIU_PG_ORDER_ITEM_COLUMNS "i.order_id, i.product_id, i.title, i.quantity, i.price_cents "

/// Stores the order and replaces its items: the row's items are the whole list.
std::error_code write_order(write_context& c, const order_row& r);

/// The orders `orders` selects with `p` (FENLIU_PG_ORDER_COLUMNS), each with its items from
/// `items` (FENLIU_PG_ORDER_ITEM_COLUMNS of the same orders, run with the same `p`, in position
/// order within an order): two statements however many orders there are.
std::error_code read_orders_with_items(read_context& c, const query& orders, const query& items,
                                       const params& p, std::vector<order_row>& out);

}  // namespace fenliu::store::pg
