// Shop data: products, orders by id, the one-write import and its all-or-nothing failure.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sqlite_test_util.hpp"
#include "store_suite.hpp"

namespace fenliu::store::test {
namespace {

product_row product(std::string id, std::string title, std::int64_t price) {
  product_row p;
  p.id = std::move(id);
  p.shop_id = "shop-1";
  p.title = std::move(title);
  p.price_cents = price;
  p.picture_url = "/img/" + p.id + ".svg";
  p.category = "tea";
  return p;
}

order_row order(std::string id, std::string customer, std::string status) {
  order_row o;
  o.id = std::move(id);
  o.customer_id = std::move(customer);
  o.status = std::move(status);
  o.items = {{"p-1", "龙井", 2, 4900}, {"p-2", "杯子", 1, 1200}};
  o.total_cents = 11000;
  o.carrier = "顺丰";
  o.tracking_no = "SF100";
  o.delivered_at = 0;
  return o;
}

bool import_sync(store& s, std::vector<product_row> products, std::vector<order_row> orders,
                 std::error_code* ec_out = nullptr) {
  waiter<bool> w;
  if (auto ec = s.import_shop_data("shop-1", std::move(products), std::move(orders), w.cb())) {
    if (ec_out) {
      *ec_out = ec;
    }
    return false;
  }
  auto r = w.get();
  if (ec_out) {
    *ec_out = r.ec;
  }
  return !r.ec;
}

TEST_P(store_suite, products_are_upserted_read_by_id_and_searched_by_title_or_id) {
  auto s = open();
  ASSERT_TRUE(import_sync(*s,
                          {product("p-1", "西湖龙井 Longjing", 4900),
                           product("p-2", "玻璃杯 Glass cup", 1200),
                           product("p-3", "Tea tray", 8800)},
                          {}));
  auto got = read_sync<product_row>([&](auto cb) { s->get_product("p-2", cb); });
  ASSERT_FALSE(got.ec);
  EXPECT_EQ(got.value.title, "玻璃杯 Glass cup");
  EXPECT_EQ(got.value.price_cents, 1200);
  EXPECT_EQ(got.value.currency, "CNY");
  EXPECT_EQ(got.value.picture_url, "/img/p-2.svg");
  EXPECT_EQ(got.value.category, "tea");
  EXPECT_EQ(got.value.updated_at, 5000);  // the store clock

  auto tea = read_sync<std::vector<product_row>>(
      [&](auto cb) { s->products_of("shop-1", "TEA", 0, cb); });
  ASSERT_EQ(tea.value.size(), 1u);  // case-insensitive substring of the title
  EXPECT_EQ(tea.value[0].id, "p-3");
  auto by_id = read_sync<std::vector<product_row>>(
      [&](auto cb) { s->products_of("shop-1", "p-", 2, cb); });
  ASSERT_EQ(by_id.value.size(), 2u);  // the limit
  EXPECT_EQ(by_id.value[0].id, "p-1");
  auto chinese = read_sync<std::vector<product_row>>(
      [&](auto cb) { s->products_of("shop-1", "龙井", 0, cb); });
  ASSERT_EQ(chinese.value.size(), 1u);
  auto other_shop = read_sync<std::vector<product_row>>(
      [&](auto cb) { s->products_of("shop-2", "", 0, cb); });
  EXPECT_TRUE(other_shop.value.empty());

  auto changed = product("p-2", "玻璃杯", 1500);
  waiter<bool> w;
  ASSERT_FALSE(s->upsert_product(changed, w.cb()));
  ASSERT_FALSE(w.get().ec);
  got = read_sync<product_row>([&](auto cb) { s->get_product("p-2", cb); });
  EXPECT_EQ(got.value.price_cents, 1500);
  EXPECT_EQ(read_sync<product_row>([&](auto cb) { s->get_product("p-9", cb); }).ec,
            errc::not_found);
}

TEST_P(store_suite, orders_keep_items_carrier_tracking_and_delivery_time) {
  auto s = open();
  auto o = order("o-1", "buyer-1", "delivered");
  o.delivered_at = 7000;
  ASSERT_TRUE(import_sync(*s, {}, {o, order("o-2", "buyer-1", "paid")}));
  auto got = read_sync<order_row>([&](auto cb) { s->get_order("o-1", cb); });
  ASSERT_FALSE(got.ec);
  EXPECT_EQ(got.value.shop_id, "shop-1");  // taken from the import
  EXPECT_EQ(got.value.carrier, "顺丰");
  EXPECT_EQ(got.value.tracking_no, "SF100");
  EXPECT_EQ(got.value.delivered_at, 7000);
  ASSERT_EQ(got.value.items.size(), 2u);
  EXPECT_EQ(got.value.items[0].quantity, 2);
  EXPECT_EQ(got.value.items[1].price_cents, 1200);
  EXPECT_EQ(read_sync<order_row>([&](auto cb) { s->get_order("o-9", cb); }).ec, errc::not_found);

  auto mine = read_sync<std::vector<order_row>>([&](auto cb) { s->orders_of("buyer-1", cb); });
  ASSERT_EQ(mine.value.size(), 2u);
  EXPECT_EQ(mine.value[0].carrier, "顺丰");

  // A re-import replaces the items.
  auto fewer = order("o-1", "buyer-1", "refund_open");
  fewer.items.resize(1);
  ASSERT_TRUE(import_sync(*s, {}, {fewer}));
  got = read_sync<order_row>([&](auto cb) { s->get_order("o-1", cb); });
  EXPECT_EQ(got.value.status, "refund_open");
  EXPECT_EQ(got.value.items.size(), 1u);
}

TEST_P(store_suite, shop_data_survives_a_reopen) {
  {
    auto s = open();
    ASSERT_TRUE(import_sync(*s, {product("p-1", "龙井", 4900)}, {order("o-1", "b-1", "paid")}));
    s->shutdown();
  }
  auto s = open();
  auto all = s->load_shop_data("shop-1");
  ASSERT_EQ(all.products.size(), 1u);
  ASSERT_EQ(all.orders.size(), 1u);
  EXPECT_EQ(all.orders[0].items.size(), 2u);
  EXPECT_EQ(all.orders[0].tracking_no, "SF100");
  EXPECT_TRUE(s->load_shop_data("shop-2").orders.empty());
}

// SQLite only: a full disk fails the import as a whole; nothing of it is stored.
TEST(sqlite_shop_data, an_import_that_cannot_be_stored_leaves_nothing_behind) {
  temp_dir dir;
  auto s = open_sqlite_store(sqlite_options_for(dir, test_options()));
  ASSERT_TRUE(import_sync(*s, {product("p-0", "before", 1)}, {}));
  waiter<bool> limited;
  ASSERT_FALSE(s->set_max_page_count(1, limited.cb()));
  ASSERT_FALSE(limited.get().ec);
  std::vector<product_row> many;
  for (int i = 1; i <= 2000; ++i) {
    many.push_back(product("p-" + std::to_string(i), std::string(200, 'x'), i));
  }
  std::error_code ec;
  EXPECT_FALSE(import_sync(*s, many, {order("o-1", "b-1", "paid")}, &ec));
  EXPECT_EQ(ec, errc::write_failed);
  waiter<bool> unlimited;
  ASSERT_FALSE(s->set_max_page_count(0, unlimited.cb()));
  ASSERT_FALSE(unlimited.get().ec);
  auto all = s->load_shop_data("shop-1");
  ASSERT_EQ(all.products.size(), 1u);
  EXPECT_EQ(all.products[0].id, "p-0");
  EXPECT_TRUE(all.orders.empty());
}

}  // namespace
}  // namespace fenliu::store::test
