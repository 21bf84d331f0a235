// Shop data keys: [[products]], [[orders]] product_id, and the shop data API's limits.
#include <gtest/gtest.h>

#include <algorithm>

#include "config_errors.hpp"

namespace fenliu::gateway::testing {
namespace {

TEST(ConfigShopData, ProductsOrdersAndLimitsAreRead) {
  const auto c = parse_config(R"(
[limits]
shop_data_body_max_bytes = 5000
shop_data_import_max_rows = 7

[[products]]
id = "p-1"
title = "龙井茶"
price_cents = 4900
picture_url = "/img/p-1.svg"
category = "tea"

[[orders]]
id = "o-1"
customer_id = "c-1"
status = "paid"
title = "龙井茶"
total_cents = 4900
product_id = "p-1"
)");
  EXPECT_EQ(c.limits.shop_data_body_max_bytes, 5000u);
  EXPECT_EQ(c.limits.shop_data_import_max_rows, 7u);
  ASSERT_EQ(c.shop.products.size(), 1u);
  EXPECT_EQ(c.shop.products[0].title, "龙井茶");
  EXPECT_EQ(c.shop.products[0].price_cents, 4900);
  EXPECT_EQ(c.shop.products[0].currency, "CNY");
  EXPECT_EQ(c.shop.products[0].category, "tea");
  EXPECT_EQ(c.shop.orders[0].product_id, "p-1");
  const auto defaults = parse_config("");
  EXPECT_EQ(defaults.limits.shop_data_body_max_bytes, 1024u * 1024u);
  EXPECT_EQ(defaults.limits.shop_data_import_max_rows, 1000u);
}

TEST(ConfigShopData, BadProductsAreRefusedNamingTheKey) {
  expect_error("[[products]]\nid = \"p-1\"\n", "products[0]");
  expect_error("[[products]]\nid = \"p-1\"\ntitle = \"a\"\nprice_cents = -1\n",
               "products[0].price_cents");
  expect_error("[[products]]\nid = \"p-1\"\ntitle = \"a\"\ncolour = \"red\"\n",
               "products[0].colour");
  expect_error("[[products]]\nid = \"p-1\"\ntitle = \"a\"\n[[products]]\nid = \"p-1\"\ntitle = \"b\"\n",
               "products[1].id");
  expect_error("[limits]\nshop_data_import_max_rows = 0\n", "limits.shop_data_import_max_rows");
}

TEST(ConfigShopData, TheDemoShopHasProductsForItsOrders) {
  const auto c = load_config(std::string(FENLIU_SOURCE_DIR) + "/config/demo-shop.toml");
  ASSERT_FALSE(c.shop.products.empty());
  for (const auto& o : c.shop.orders) {
    EXPECT_TRUE(std::any_of(c.shop.products.begin(), c.shop.products.end(),
                            [&](const auto& p) { return p.id == o.product_id; }))
        << o.id << " names product " << o.product_id;
  }
}

}  // namespace
}  // namespace fenliu::gateway::testing
