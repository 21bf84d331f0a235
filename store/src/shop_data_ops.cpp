// Shop data: products, orders by id, the shop's whole catalogue and the one-write import.
#include "sqlite_backend_jobs.hpp"
#include "shop_data_ops.hpp"

#include "fenliu/store/error.hpp"
#include "read_util.hpp"

#include <exception>
#include <future>
#include <system_error>

namespace fenliu::store::detail {
namespace {

product_row product_of(const statement& r) {
  product_row p;
  p.id = r.column_text(0);
  p.shop_id = r.column_text(1);
  p.title = r.column_text(2);
  p.price_cents = r.column_int(3);
  p.currency = r.column_text(4);
  p.picture_url = r.column_text(5);
  p.category = r.column_text(6);
  p.updated_at = r.column_int(7);
  return p;
}

}  // namespace

order_row order_of(const statement& r) {
  order_row o;
  o.id = r.column_text(0);
  o.shop_id = r.column_text(1);
  o.customer_id = r.column_text(2);
  o.status = r.column_text(3);
  o.total_cents = r.column_int(4);
  o.created_at = r.column_int(5);
  o.updated_at = r.column_int(6);
  o.carrier = r.column_text(7);
  o.tracking_no = r.column_text(8);
  o.delivered_at = r.column_int(9);
  return o;
}

std::error_code upsert_product(write_context& c, const product_row& r) {
  statement_scope s(c.st.upsert_product);
  s->bind_text(1, r.id);
  s->bind_text(2, r.shop_id);
  s->bind_text(3, r.title);
  s->bind(4, r.price_cents);
  s->bind_text(5, r.currency);
  s->bind_text(6, r.picture_url);
  s->bind_text(7, r.category);
  s->bind(8, r.updated_at != 0 ? r.updated_at : c.clock());
  return s->step() == SQLITE_DONE ? std::error_code{} : make_error_code(errc::write_failed);
}

std::error_code import_shop_data(write_context& c, const std::string& shop_id,
                                 const std::vector<product_row>& products,
                                 const std::vector<order_row>& orders) {
  const auto now = c.clock();
  for (auto p : products) {
    if (p.shop_id.empty()) {
      p.shop_id = shop_id;
    }
    if (upsert_product(c, p)) {
      return make_error_code(errc::write_failed);
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
    if (upsert_order(c, o)) {
      return make_error_code(errc::write_failed);
    }
  }
  return {};
}

std::error_code read_product(read_context& c, const std::string& id, product_row& out) {
  statement_scope s(c.st.product);
  s->bind_text(1, id);
  const int rc = s->step();
  if (rc == SQLITE_DONE) {
    return make_error_code(errc::not_found);
  }
  if (rc != SQLITE_ROW) {
    return read_failed();
  }
  out = product_of(s.get());
  return {};
}

std::error_code read_products(read_context& c, const std::string& shop_id,
                              const std::string& query, std::size_t limit,
                              std::vector<product_row>& out) {
  statement_scope s(c.st.products_search);
  s->bind_text(1, shop_id);
  s->bind_text(2, query);
  s->bind(3, limit_value(limit));
  return collect(s.get(), out, product_of);
}

std::error_code read_order_items(read_context& c, std::vector<order_row>& orders) {
  for (auto& order : orders) {
    statement_scope s(c.st.order_items);
    s->bind_text(1, order.id);
    auto ec = collect(s.get(), order.items, [](const statement& r) {
      return order_item_row{r.column_text(0), r.column_text(1), static_cast<int>(r.column_int(2)),
                            r.column_int(3)};
    });
    if (ec) {
      return ec;
    }
  }
  return {};
}

std::error_code read_order(read_context& c, const std::string& id, order_row& out) {
  std::vector<order_row> one;
  {
    statement_scope s(c.st.order);
    s->bind_text(1, id);
    if (auto ec = collect(s.get(), one, order_of)) {
      return ec;
    }
  }
  if (one.empty()) {
    return make_error_code(errc::not_found);
  }
  if (auto ec = read_order_items(c, one)) {
    return ec;
  }
  out = std::move(one.front());
  return {};
}

std::error_code read_shop_data(read_context& c, const std::string& shop_id, shop_data& out) {
  {
    statement_scope s(c.st.products_search);
    s->bind_text(1, shop_id);
    s->bind_text(2, std::string_view{});
    s->bind(3, limit_value(0));
    if (auto ec = collect(s.get(), out.products, product_of)) {
      return ec;
    }
  }
  {
    statement_scope s(c.st.shop_orders);
    s->bind_text(1, shop_id);
    if (auto ec = collect(s.get(), out.orders, order_of)) {
      return ec;
    }
  }
  return read_order_items(c, out.orders);
}

// ---- the backend's operations ----

std::error_code sqlite_backend::upsert_product(product_row row, callback<bool> done) {
  return write_row(std::move(row), &detail::upsert_product, std::move(done));
}

std::error_code sqlite_backend::import_shop_data(std::string shop_id,
                                                 std::vector<product_row> products,
                                                 std::vector<order_row> orders,
                                                 callback<bool> done) {
  return write<bool>(
      [shop = std::move(shop_id), ps = std::move(products), os = std::move(orders)](
          write_context& c, bool& ok) {
        auto ec = detail::import_shop_data(c, shop, ps, os);
        ok = !ec;
        return ec;
      },
      std::move(done));
}

void sqlite_backend::get_product(std::string id, callback<product_row> done) {
  read<product_row>(
      [id = std::move(id)](read_context& c, product_row& out) { return read_product(c, id, out); },
      std::move(done));
}

void sqlite_backend::products_of(std::string shop_id, std::string query, std::size_t limit,
                                 callback<std::vector<product_row>> done) {
  read<std::vector<product_row>>(
      [shop = std::move(shop_id), q = std::move(query), limit](read_context& c,
                                                                std::vector<product_row>& out) {
        return read_products(c, shop, q, limit, out);
      },
      std::move(done));
}

void sqlite_backend::get_order(std::string id, callback<order_row> done) {
  read<order_row>(
      [id = std::move(id)](read_context& c, order_row& out) { return read_order(c, id, out); },
      std::move(done));
}

shop_data sqlite_backend::load_shop_data(std::string shop_id) {
  std::promise<shop_data> result;
  auto future = result.get_future();
  read<shop_data>(
      [shop = std::move(shop_id)](read_context& c, shop_data& out) {
        return read_shop_data(c, shop, out);
      },
      [&result](std::error_code ec, shop_data data) {
        if (ec) {
          result.set_exception(std::make_exception_ptr(std::system_error(ec)));
        } else {
          result.set_value(std::move(data));
        }
      });
  return future.get();
}

}  // namespace fenliu::store::detail
