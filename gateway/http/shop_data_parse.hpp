#pragma once
// Shop data bodies into rows: one JSON object (PUT), a JSON array or a CSV table with a header
// row (bulk import). Only the shape is checked here (types, known fields, numbers); the rules
// every row obeys are check_product / check_order (gateway/app/shop_data.hpp). Pure.

#include <boost/json/fwd.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fenliu/store/rows.hpp"
#include "gateway/app/shop_data.hpp"

namespace fenliu::gateway {

/// `id`: the path's id (PUT) — the body may leave it out or must repeat it; empty: the body's
/// "id" is required (bulk). Field names are relative ("price_cents", "items[1].quantity").
std::variant<store::product_row, field_error> product_from_json(const boost::json::value& v,
                                                                std::string_view id);
std::variant<store::order_row, field_error> order_from_json(const boost::json::value& v,
                                                            std::string_view id);

/// A CSV table (RFC 4180: comma separated, "double quotes" around cells with commas, quotes or
/// line breaks, "" for a quote; CRLF or LF). Row 0 is the header.
std::variant<std::vector<std::vector<std::string>>, field_error> parse_csv(std::string_view body);

/// A data row of a CSV table under `header` (names as in JSON; `items` in the items format).
std::variant<store::product_row, field_error> product_from_csv(
    const std::vector<std::string>& header, const std::vector<std::string>& row);
std::variant<store::order_row, field_error> order_from_csv(const std::vector<std::string>& header,
                                                           const std::vector<std::string>& row);

/// The CSV items cell: `product:quantity:price_cents` entries separated by ';', e.g.
/// `p-1:2:4900;p-2:1:1200`.
std::variant<std::vector<store::order_item_row>, field_error> parse_items(std::string_view cell);

}  // namespace fenliu::gateway
