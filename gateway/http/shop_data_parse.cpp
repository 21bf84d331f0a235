#include "gateway/http/shop_data_parse.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <optional>

namespace fenliu::gateway {
namespace {

namespace json = boost::json;

field_error bad(std::string field, std::string detail) {
  return field_error{std::move(field), std::move(detail)};
}

std::optional<field_error> read_string(const json::value& v, std::string_view field,
                                       std::string& out) {
  if (!v.is_string()) {
    return bad(std::string(field), "must be a string");
  }
  out.assign(v.as_string().data(), v.as_string().size());
  return std::nullopt;
}

std::optional<field_error> read_int(const json::value& v, std::string_view field,
                                    std::int64_t& out) {
  if (v.is_int64()) {
    out = v.as_int64();
  } else if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    out = static_cast<std::int64_t>(v.as_uint64());
  } else {
    return bad(std::string(field), "must be an integer");
  }
  return std::nullopt;
}

std::optional<field_error> parse_int(std::string_view text, std::string_view field,
                                     std::int64_t& out) {
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, out);
  if (text.empty() || ec != std::errc{} || p != end) {
    return bad(std::string(field), "must be an integer");
  }
  return std::nullopt;
}

// The id in the body, or the path's.
std::optional<field_error> take_id(const json::object& o, std::string_view path_id,
                                   std::string& out) {
  if (const auto* v = o.if_contains("id")) {
    if (auto e = read_string(*v, "id", out)) {
      return e;
    }
    if (!path_id.empty() && out != path_id) {
      return bad("id", "differs from the id in the path");
    }
    return std::nullopt;
  }
  out = std::string(path_id);
  if (out.empty()) {
    return bad("id", "required");
  }
  return std::nullopt;
}

std::optional<field_error> item_from_json(const json::value& v, const std::string& at,
                                          store::order_item_row& out) {
  if (!v.is_object()) {
    return bad(at, "must be an object");
  }
  bool has_quantity = false;
  bool has_price = false;
  for (const auto& [key, value] : v.as_object()) {
    const auto field = fmt::format("{}.{}", at, std::string_view(key));
    std::optional<field_error> e;
    if (key == "product_id") {
      e = read_string(value, field, out.product_id);
    } else if (key == "title") {
      e = read_string(value, field, out.title);
    } else if (key == "quantity") {
      std::int64_t q = 0;
      e = read_int(value, field, q);
      if (!e && (q < 1 || q > shop_quantity_max)) {
        e = bad(field, fmt::format("1..{}", shop_quantity_max));
      }
      out.quantity = static_cast<int>(q);
      has_quantity = true;
    } else if (key == "price_cents") {
      e = read_int(value, field, out.price_cents);
      has_price = true;
    } else {
      e = bad(field, "unknown field");
    }
    if (e) {
      return e;
    }
  }
  if (!has_quantity) {
    return bad(at + ".quantity", "required");
  }
  if (!has_price) {
    return bad(at + ".price_cents", "required");
  }
  return std::nullopt;
}

}  // namespace

std::variant<store::product_row, field_error> product_from_json(const json::value& v,
                                                                std::string_view id) {
  if (!v.is_object()) {
    return bad("body", "must be a JSON object");
  }
  const auto& o = v.as_object();
  store::product_row p;
  if (auto e = take_id(o, id, p.id)) {
    return *e;
  }
  bool has_price = false;
  for (const auto& [key, value] : o) {
    std::optional<field_error> e;
    if (key == "id") {
      continue;
    } else if (key == "title") {
      e = read_string(value, key, p.title);
    } else if (key == "price_cents") {
      e = read_int(value, key, p.price_cents);
      has_price = true;
    } else if (key == "currency") {
      e = read_string(value, key, p.currency);
    } else if (key == "picture_url") {
      e = read_string(value, key, p.picture_url);
    } else if (key == "category") {
      e = read_string(value, key, p.category);
    } else {
      e = bad(std::string(key), "unknown field");
    }
    if (e) {
      return *e;
    }
  }
  if (!has_price) {
    return bad("price_cents", "required");
  }
  return p;
}

std::variant<store::order_row, field_error> order_from_json(const json::value& v,
                                                            std::string_view id) {
  if (!v.is_object()) {
    return bad("body", "must be a JSON object");
  }
  const auto& o = v.as_object();
  store::order_row r;
  if (auto e = take_id(o, id, r.id)) {
    return *e;
  }
  for (const auto& [key, value] : o) {
    std::optional<field_error> e;
    if (key == "id") {
      continue;
    } else if (key == "customer_id") {
      e = read_string(value, key, r.customer_id);
    } else if (key == "status") {
      e = read_string(value, key, r.status);
    } else if (key == "total_cents") {
      e = read_int(value, key, r.total_cents);
    } else if (key == "carrier") {
      e = read_string(value, key, r.carrier);
    } else if (key == "tracking_no") {
      e = read_string(value, key, r.tracking_no);
    } else if (key == "delivered_at") {
      e = read_int(value, key, r.delivered_at);
    } else if (key == "items") {
      if (!value.is_array()) {
        e = bad("items", "must be an array");
      } else if (value.as_array().size() > static_cast<std::size_t>(shop_items_max)) {
        e = bad("items", fmt::format("at most {} items", shop_items_max));
      } else {
        const auto& items = value.as_array();
        for (std::size_t i = 0; i < items.size() && !e; ++i) {
          store::order_item_row item;
          e = item_from_json(items[i], fmt::format("items[{}]", i), item);
          r.items.push_back(std::move(item));
        }
      }
    } else {
      e = bad(std::string(key), "unknown field");
    }
    if (e) {
      return *e;
    }
  }
  return r;
}

std::variant<std::vector<std::vector<std::string>>, field_error> parse_csv(std::string_view body) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  bool cell_started = false;
  auto end_row = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    cell_started = false;
    // A blank line is no row.
    if (!(row.size() == 1 && row[0].empty())) {
      rows.push_back(std::move(row));
    }
    row.clear();
  };
  if (body.starts_with("\xEF\xBB\xBF")) {
    body.remove_prefix(3);  // a UTF-8 BOM, as spreadsheet programs write
  }
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char ch = body[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < body.size() && body[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cell += ch;
      }
    } else if (ch == '"' && !cell_started) {
      quoted = true;
      cell_started = true;
    } else if (ch == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      cell_started = false;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && i + 1 < body.size() && body[i + 1] == '\n') {
        ++i;
      }
      end_row();
    } else {
      cell += ch;
      cell_started = true;
    }
  }
  if (quoted) {
    return bad(fmt::format("row {}", rows.empty() ? 0 : rows.size()), "unterminated quote");
  }
  if (cell_started || !row.empty()) {
    end_row();
  }
  if (rows.empty()) {
    return bad("header", "the CSV needs a header row");
  }
  return rows;
}

std::variant<std::vector<store::order_item_row>, field_error> parse_items(std::string_view cell) {
  std::vector<store::order_item_row> items;
  std::size_t index = 0;
  while (!cell.empty()) {
    const auto semi = cell.find(';');
    const auto entry = cell.substr(0, semi);
    cell = semi == std::string_view::npos ? std::string_view{} : cell.substr(semi + 1);
    const auto at = fmt::format("items[{}]", index++);
    const auto c1 = entry.find(':');
    const auto c2 = c1 == std::string_view::npos ? c1 : entry.find(':', c1 + 1);
    if (c2 == std::string_view::npos || entry.find(':', c2 + 1) != std::string_view::npos) {
      return bad(at, "product:quantity:price_cents");
    }
    store::order_item_row item;
    item.product_id = std::string(entry.substr(0, c1));
    std::int64_t quantity = 0;
    if (auto e = parse_int(entry.substr(c1 + 1, c2 - c1 - 1), at + ".quantity", quantity)) {
      return *e;
    }
    if (quantity < 1 || quantity > shop_quantity_max) {
      return bad(at + ".quantity", fmt::format("1..{}", shop_quantity_max));
    }
    item.quantity = static_cast<int>(quantity);
    if (auto e = parse_int(entry.substr(c2 + 1), at + ".price_cents", item.price_cents)) {
      return *e;
    }
    items.push_back(std::move(item));
    if (items.size() > static_cast<std::size_t>(shop_items_max)) {
      return bad("items", fmt::format("at most {} items", shop_items_max));
    }
  }
  return items;
}

std::variant<store::product_row, field_error> product_from_csv(
    const std::vector<std::string>& header, const std::vector<std::string>& row) {
  store::product_row p;
  bool has_price = false;
  for (std::size_t i = 0; i < header.size() && i < row.size(); ++i) {
    const auto& key = header[i];
    const auto& cell = row[i];
    if (key == "id") {
      p.id = cell;
    } else if (key == "title") {
      p.title = cell;
    } else if (key == "price_cents") {
      if (auto e = parse_int(cell, key, p.price_cents)) {
        return *e;
      }
      has_price = true;
    } else if (key == "currency") {
      if (!cell.empty()) {
        p.currency = cell;
      }
    } else if (key == "picture_url") {
      p.picture_url = cell;
    } else if (key == "category") {
      p.category = cell;
    }
  }
  if (!has_price) {
    return bad("price_cents", "required");
  }
  return p;
}

std::variant<store::order_row, field_error> order_from_csv(const std::vector<std::string>& header,
                                                           const std::vector<std::string>& row) {
  store::order_row o;
  for (std::size_t i = 0; i < header.size() && i < row.size(); ++i) {
    const auto& key = header[i];
    const auto& cell = row[i];
    if (key == "id") {
      o.id = cell;
    } else if (key == "customer_id") {
      o.customer_id = cell;
    } else if (key == "status") {
      o.status = cell;
    } else if (key == "items") {
      auto items = parse_items(cell);
      if (auto* e = std::get_if<field_error>(&items)) {
        return *e;
      }
      o.items = std::move(std::get<0>(items));
    } else if (key == "total_cents" && !cell.empty()) {
      if (auto e = parse_int(cell, key, o.total_cents)) {
        return *e;
      }
    } else if (key == "carrier") {
      o.carrier = cell;
    } else if (key == "tracking_no") {
      o.tracking_no = cell;
    } else if (key == "delivered_at" && !cell.empty()) {
      if (auto e = parse_int(cell, key, o.delivered_at)) {
        return *e;
      }
    }
  }
  return o;
}

}  // namespace fenliu::gateway
