#pragma once
// Shop data (products, orders) as rows: the checks every row passes before it is stored, whether
// it comes from the HTTP import or from the config's seeding, and the one import path both use.

#include <optional>
#include <string>
#include <vector>

#include "fenliu/store/rows.hpp"
#include "gateway/config/config.hpp"

namespace fenliu::gateway {

struct services;

/// Why a row is refused: `field` names it as the API reports it ("price_cents",
/// "items[2].quantity"); the caller prefixes the row ("[3].", "row 3: ").
struct field_error {
  std::string field;
  std::string detail;
};

/// Field limits of a row (README, Shop data).
inline constexpr std::size_t shop_id_max = 64;
inline constexpr std::size_t shop_title_max = 200;     // UTF-8 code points
inline constexpr std::size_t shop_text_max = 500;      // picture_url; carrier / tracking_no: 64
inline constexpr std::int64_t shop_price_max = 100'000'000'00;  // 1e8 yuan
inline constexpr int shop_items_max = 100;
inline constexpr int shop_quantity_max = 9999;

std::optional<field_error> check_product(const store::product_row& p);
/// Also fills what may be left out: an item's title (the stored product's, else its id) and
/// total_cents (the items' sum) when it is 0.
std::optional<field_error> check_order(store::order_row& o, const services* svc);

/// A configured order as a store row (one item: its title), created and updated `now`.
store::order_row to_order_row(const demo_order& o, const std::string& shop_id,
                              store::time_ms now);
store::product_row to_product_row(const demo_product& p, const std::string& shop_id);

/// Start-up, blocking: imports the config's [[products]] and [[orders]] whose ids the store
/// does not hold yet (the store wins: an order changed by the API or the webhook keeps its
/// change over a restart), through the same checks and the same one-write import as the API,
/// then loads the store's shop data into svc.orders. Throws when a configured row is refused
/// or the store fails.
void seed_shop_data(services& svc);

}  // namespace fenliu::gateway
