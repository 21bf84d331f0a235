// Shop data over real HTTP and WebSockets: the import API (validation naming the field, nothing
// partial, limits at their edge, the auth matrix), the store behind the order book (the webhook,
// classification, a restart), cards rebuilt from the stored data and the entry context.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using router::stage;
namespace json = boost::json;

gateway::server_config shop_config(const std::filesystem::path& dir) {
  auto cfg = test_config(dir);
  cfg.shop.agents = {make_agent("pre-a", {stage::pre_sales}, 3),
                     make_agent("in-a", {stage::in_sale}, 3),
                     make_agent("after-a", {stage::after_sales}, 3)};
  cfg.shop.orders = {{"o-1", "v-1", "shipped", "Running shoes", 59900},
                     {"o-2", "v-2", "paid", "Earbuds", 49900}};
  cfg.shop.orders[0].carrier = "中通快递";
  cfg.shop.orders[0].tracking = "ZT100";
  cfg.shop.products = {{"p-1", "龙井茶 Longjing", 4900, "CNY", "/img/p-1.svg", "tea"}};
  cfg.limits.shop_data_import_max_rows = 3;
  cfg.limits.shop_data_body_max_bytes = 4096;
  return cfg;
}

struct api {
  const test_server& srv;
  std::string token;

  http_reply put(const std::string& path, const std::string& body) const {
    return http_request(srv.port(), "PUT", path, body, "127.0.0.1", auth(), "application/json");
  }
  http_reply post(const std::string& path, const std::string& body,
                  const std::string& type = "application/json") const {
    return http_request(srv.port(), "POST", path, body, "127.0.0.1", auth(), type);
  }
  std::string auth() const { return token.empty() ? "" : "Bearer " + token; }
};

api admin(const test_server& srv) {
  return {srv, srv.staff_token(gateway::role::admin, "shop-system")};
}

json::object body_of(const http_reply& r) {
  return json::parse(r.body).as_object();
}

std::string field_of(const http_reply& r) {
  return std::string(body_of(r).at("field").as_string());
}

v1::ClientEnvelope start_from(const std::string& page, const std::string& product,
                              const std::string& order) {
  v1::ClientEnvelope env;
  auto* e = env.mutable_start_conversation()->mutable_entry();
  e->set_page_type(page);
  e->set_product_id(product);
  e->set_order_id(order);
  return env;
}

v1::ClientEnvelope fetch_products(const std::string& query, std::uint32_t limit = 0) {
  v1::ClientEnvelope env;
  env.mutable_fetch_products()->set_query(query);
  env.mutable_fetch_products()->set_limit(limit);
  return env;
}

std::vector<std::string> product_ids(ws_client& staff, const std::string& query = "") {
  auto list = staff.request(fetch_products(query));
  EXPECT_TRUE(list && list->has_product_list());
  std::vector<std::string> ids;
  if (list && list->has_product_list()) {
    for (const auto& p : list->product_list().products()) {
      ids.push_back(p.product_id());
    }
  }
  return ids;
}

v1::ClientEnvelope send_card(std::uint64_t conversation, const std::string& client_msg_id,
                             const v1::MessageContent& content) {
  v1::ClientEnvelope env;
  auto* m = env.mutable_send_message();
  m->set_conversation_id(conversation);
  m->set_client_msg_id(client_msg_id);
  *m->mutable_content() = content;
  return env;
}

bool is_card(const v1::ServerEnvelope& e) {
  if (!e.has_message()) {
    return false;
  }
  const auto& c = e.message().message().content();
  return c.has_product() || c.has_order();
}

v1::MessageContent fake_product(const std::string& id) {
  v1::MessageContent c;
  c.mutable_product()->set_product_id(id);
  c.mutable_product()->set_title("invented");
  c.mutable_product()->set_price_cents(1);
  return c;
}

v1::MessageContent fake_order(const std::string& id) {
  v1::MessageContent c;
  c.mutable_order()->set_order_id(id);
  c.mutable_order()->set_status("closed");
  c.mutable_order()->set_total_cents(1);
  return c;
}

// A buyer's chat served by `agent_id`; returns its id.
std::uint64_t served_chat(const test_server& srv, ws_client& buyer, ws_client& agent,
                          const v1::ClientEnvelope& start) {
  auto started = buyer.request(start);
  EXPECT_TRUE(started && started->has_conversation_started());
  if (!started || !started->has_conversation_started()) {
    return 0;
  }
  EXPECT_TRUE(agent.receive_until([](const auto& e) { return e.has_assigned(); }));
  (void)srv;
  return started->conversation_started().conversation().conversation_id();
}

TEST(ShopData, AuthMatrix) {
  temp_dir dir;
  test_server srv(shop_config(dir.path()));
  const std::string body = R"({"title":"杯子","price_cents":1200})";
  EXPECT_EQ((api{srv, ""}.put("/api/products/p-2", body).status), 401);
  auto bad = api{srv, "not-a-token"}.put("/api/products/p-2", body);
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(body_of(bad).at("error").as_string(), "unauthorized");
  for (auto r : {gateway::role::agent, gateway::role::qa}) {
    auto refused = api{srv, srv.staff_token(r, "x")}.put("/api/products/p-2", body);
    EXPECT_EQ(refused.status, 403) << to_string(r);
    EXPECT_EQ(body_of(refused).at("error").as_string(), "forbidden");
  }
  const auto other_shop = gateway::mint_staff_token(srv.config().auth, gateway::role::supervisor,
                                                    "sup", "other-shop", unix_now_s(), 600);
  EXPECT_EQ((api{srv, other_shop}.put("/api/products/p-2", body).status), 403);
  EXPECT_EQ((api{srv, srv.staff_token(gateway::role::supervisor, "sup")}
                 .put("/api/products/p-2", body)
                 .status),
            201);
  auto again = admin(srv).put("/api/products/p-2", R"({"title":"杯子","price_cents":1500})");
  EXPECT_EQ(again.status, 200) << "an update, by an admin";
  EXPECT_EQ(body_of(again).at("price_cents").as_int64(), 1500);
  EXPECT_EQ(body_of(again).at("currency").as_string(), "CNY");
  EXPECT_EQ((admin(srv).post("/api/products/p-2", body).status), 405);
}

TEST(ShopData, TheDemoTokensIncludeOneForTheShopSystem) {
  temp_dir dir;
  test_server srv(shop_config(dir.path()));
  auto tokens = body_of(http_request(srv.port(), "GET", "/api/dev/tokens"));
  const std::string token(tokens.at("admin").as_string());
  EXPECT_EQ((api{srv, token}.put("/api/products/p-3", R"({"title":"茶盘","price_cents":8800})")
                 .status),
            201);
}

TEST(ShopData, AdminTokensAreRefusedAtTheWebSocketHandshake) {
  temp_dir dir;
  test_server srv(shop_config(dir.path()));
  // The upgrade is answered like one with an unusable token: 401, no Welcome.
  ws_client client;
  connect_options o;
  o.port = srv.port();
  o.token = srv.staff_token(gateway::role::admin, "shop-system");
  const auto r = client.connect(o);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.http_status, 401);
}

TEST(ShopData, EveryProductFieldIsCheckedByNameAndNothingIsStored) {
  temp_dir dir;
  test_server srv(shop_config(dir.path()));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"price_cents":100})", "title"},
      {R"({"title":"","price_cents":100})", "title"},
      {R"({"title":"x"})", "price_cents"},
      {R"({"title":"x","price_cents":-1})", "price_cents"},
      {R"({"title":"x","price_cents":"100"})", "price_cents"},
      {R"({"title":"x","price_cents":1,"currency":"yuan"})", "currency"},
      {R"x({"title":"x","price_cents":1,"picture_url":"javascript:alert(1)"})x", "picture_url"},
      {R"({"title":"x","price_cents":1,"category":7})", "category"},
      {R"({"title":"x","price_cents":1,"colour":"red"})", "colour"},
      {R"({"id":"p-other","title":"x","price_cents":1})", "id"},
      {R"([1,2])", "body"},
  };
  for (const auto& [body, field] : cases) {
    auto r = admin(srv).put("/api/products/p-new", body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(body_of(r).at("error").as_string(), "bad_request");
    EXPECT_EQ(field_of(r), field) << body;
  }
  auto r = admin(srv).put("/api/products/bad%20id", R"({"title":"x","price_cents":1})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "id");
  auto agent = srv.connect_agent("pre-a");
  EXPECT_EQ(product_ids(agent), std::vector<std::string>{"p-1"}) << "only the seeded product";
}

TEST(ShopData, EveryOrderFieldIsCheckedByName) {
  temp_dir dir;
  test_server srv(shop_config(dir.path()));
  const std::string item = R"({"product_id":"p-1","quantity":1,"price_cents":4900})";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"status":"paid","items":[)" + item + "]}", "customer_id"},
      {R"({"customer_id":"v-9","status":"teleported","items":[)" + item + "]}", "status"},
      {R"({"customer_id":"v-9","status":"paid","items":{}})", "items"},
      {R"({"customer_id":"v-9","status":"paid","items":[)" + item +
           R"(,{"product_id":"p-1","quantity":0,"price_cents":1}]})",
       "items[1].quantity"},
      {R"({"customer_id":"v-9","status":"paid","items":[{"quantity":1,"price_cents":1}]})",
       "items[0].product_id"},
      {R"({"customer_id":"v-9","status":"paid","items":[{"product_id":"p-1","quantity":1}]})",
       "items[0].price_cents"},
      {R"({"customer_id":"v-9","status":"paid","items":[)" + item + R"(],"total_cents":-5})",
       "total_cents"},
      {R"({"customer_id":"v-9","status":"paid","items":[)" + item + R"(],"carrier":1})",
       "carrier"},
      {R"({"customer_id":"v-9","status":"paid","items":[)" + item + R"(],"delivered_at":-1})",
       "delivered_at"},
  };
  for (const auto& [body, field] : cases) {
    auto r = admin(srv).put("/api/orders/o-9", body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(field_of(r), field) << body;
  }
  auto ok = admin(srv).put("/api/orders/o-9",
                           R"({"customer_id":"v-9","status":"shipped","carrier":"顺丰",)"
                           R"("tracking_no":"SF1","items":[)" +
                               item + R"(,{"product_id":"p-x","quantity":2,"price_cents":100}]})");
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto stored = body_of(ok);
  EXPECT_EQ(stored.at("total_cents").as_int64(), 5100) << "the items' sum";
  EXPECT_EQ(stored.at("items").as_array()[0].as_object().at("title").as_string(),
            "龙井茶 Longjing")
      << "the stored product's title";
}

TEST(ShopData, BulkImportsAreAllOrNothingAndLimitedAtTheirEdge) {
  temp_dir dir;
  test_server srv(shop_config(dir.path()));
  auto agent = srv.connect_agent("pre-a");
  // One bad row: nothing of the import is stored.
  auto r = admin(srv).post("/api/import/products",
                           R"([{"id":"p-a","title":"A","price_cents":1},)"
                           R"({"id":"p-b","title":"B","price_cents":2},)"
                           R"({"id":"p-c","title":"C","price_cents":-3}])");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "[2].price_cents");
  EXPECT_EQ(product_ids(agent).size(), 1u);
  r = admin(srv).post("/api/import/products",
                      "id,title,price_cents,category\np-a,A,1,tea\np-b,\"B, big\",2,tea\n"
                      "p-c,C,abc,tea\n",
                      "text/csv");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "row 3: price_cents");
  EXPECT_EQ(product_ids(agent).size(), 1u);
  r = admin(srv).post("/api/import/products", "id,title,price,category\np-a,A,1,tea\n",
                      "text/csv");
  EXPECT_EQ(field_of(r), "header");
  r = admin(srv).post("/api/import/products",
                      R"([{"id":"p-a","title":"A","price_cents":1},{"id":"p-a","title":"B","price_cents":2}])");
  EXPECT_EQ(field_of(r), "[1].id") << "a duplicate id";

  // Rows: 3 is the limit.
  const std::string four = "id,title,price_cents\np-a,A,1\np-b,B,2\np-c,C,3\np-d,D,4\n";
  r = admin(srv).post("/api/import/products", four, "text/csv");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "rows");
  r = admin(srv).post("/api/import/products", four.substr(0, four.rfind("p-d")), "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r).at("imported").as_int64(), 3);
  const auto tea = product_ids(agent, "b");
  EXPECT_EQ(tea, std::vector<std::string>{"p-b"});

  // Body bytes: 4096 is the limit.
  std::string at_limit = R"({"title":"x","price_cents":1,"category":")";
  const std::string tail = R"("})";
  std::string padded = at_limit + std::string(4096 - at_limit.size() - tail.size(), 'c') + tail;
  ASSERT_EQ(padded.size(), 4096u);
  r = admin(srv).put("/api/products/p-big", padded);
  EXPECT_EQ(r.status, 400) << "within the body limit: checked (category too long)";
  EXPECT_EQ(field_of(r), "category");
  r = admin(srv).put("/api/products/p-big", padded + " ");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(body_of(r).at("error").as_string(), "payload_too_large");

  // Orders in CSV, items as product:quantity:price_cents.
  r = admin(srv).post("/api/import/orders",
                      "id,customer_id,status,items,carrier,tracking_no\n"
                      "o-5,v-5,shipped,p-1:2:4900;p-b:1:2,顺丰,SF5\n",
                      "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  r = admin(srv).post("/api/import/orders",
                      "id,customer_id,status,items\no-6,v-6,paid,p-1:x:4900\n", "text/csv");
  EXPECT_EQ(field_of(r), "row 1: items[0].quantity");
  r = admin(srv).post("/api/import/orders", "x", "application/xml");
  EXPECT_EQ(r.status, 415);
}

TEST(ShopData, AnImportedOrderClassifiesTheNextChatAndTheWebhookUpdatesTheStoredOrder) {
  temp_dir dir;
  auto cfg = shop_config(dir.path());
  {
    test_server srv(cfg);
    auto after = srv.connect_agent("after-a");
    auto r = admin(srv).put("/api/orders/o-7", R"({"customer_id":"v-7","status":"refund_open",)"
                                               R"("items":[{"product_id":"p-1","quantity":1,)"
                                               R"("price_cents":4900}]})");
    ASSERT_EQ(r.status, 201) << r.body;
    auto buyer = srv.connect(srv.visitor_token("v-7"));
    // Only the after-sales agent is online: it gets the chat only if refund_open classified it.
    EXPECT_NE(served_chat(srv, buyer, after, start_from("order", "", "o-7")), 0u);
    // The webhook moves o-1 (configured: shipped) to delivered; that is stored.
    auto w = http_request(srv.port(), "POST", "/api/orders/o-1/status",
                          R"({"status":"delivered"})", "127.0.0.1",
                          "Bearer " + srv.staff_token(gateway::role::supervisor, "order-system"));
    ASSERT_EQ(w.status, 202) << w.body;
    srv.stop();
  }
  // Restart on the same data directory with the same config: the store wins over the config.
  test_server srv(cfg);
  auto after = srv.connect_agent("after-a");
  auto buyer = srv.connect(srv.visitor_token("v-1"));
  auto started = buyer.request(start_from("order", "", "o-1"));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto& info = started->conversation_started().conversation();
  EXPECT_EQ(info.stage(), v1::STAGE_AFTER_SALES) << "delivered (the webhook's), not shipped";
  EXPECT_EQ(info.entry_order().status(), "delivered");
  EXPECT_EQ(info.entry_order().carrier(), "中通快递") << "the rest of the stored order kept";
  // The imported order and the seeded product survived as well.
  auto agent = srv.connect_agent("pre-a");
  EXPECT_EQ(product_ids(agent), std::vector<std::string>{"p-1"});
  auto buyer7 = srv.connect(srv.visitor_token("v-7"));
  auto started7 = buyer7.request(start_from("order", "", "o-7"));
  ASSERT_TRUE(started7 && started7->has_conversation_started());
  EXPECT_EQ(started7->conversation_started().conversation().stage(), v1::STAGE_AFTER_SALES);
  EXPECT_EQ(started7->conversation_started().conversation().entry_order().items_size(), 1);
}

TEST(ShopData, CardsAreRebuiltFromStoredDataAndOnlyTheBuyersOrders) {
  temp_dir dir;
  test_server srv(shop_config(dir.path()));
  auto in = srv.connect_agent("in-a");
  auto buyer = srv.connect(srv.visitor_token("v-1"));
  const auto id = served_chat(srv, buyer, in, start_from("order", "", "o-1"));
  ASSERT_NE(id, 0u);

  auto ack = in.request(send_card(id, "c-1", fake_product("p-1")));
  ASSERT_TRUE(ack && ack->has_send_ack()) << (ack ? ack->DebugString() : "");
  auto got = buyer.receive_until([](const auto& e) { return is_card(e); });
  ASSERT_TRUE(got);
  const auto& card = got->message().message().content().product();
  EXPECT_EQ(card.price_cents(), 4900) << "the stored price, not the client's";
  EXPECT_EQ(card.title(), "龙井茶 Longjing");
  EXPECT_EQ(card.picture_url(), "/img/p-1.svg");
  EXPECT_EQ(card.category(), "tea");
  EXPECT_EQ(card.currency(), "CNY");

  ack = in.request(send_card(id, "c-2", fake_order("o-1")));
  ASSERT_TRUE(ack && ack->has_send_ack());
  got = buyer.receive_until([](const auto& e) { return is_card(e); });
  ASSERT_TRUE(got);
  const auto& order = got->message().message().content().order();
  EXPECT_EQ(order.status(), "shipped");
  EXPECT_EQ(order.total_cents(), 59900);
  EXPECT_EQ(order.carrier(), "中通快递");
  EXPECT_EQ(order.tracking_no(), "ZT100");
  ASSERT_EQ(order.items_size(), 1);

  auto refused = in.request(send_card(id, "c-3", fake_order("o-2")));  // v-2's order
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_NOT_FOUND);
  refused = in.request(send_card(id, "c-4", fake_order("o-404")));
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_NOT_FOUND);
  refused = in.request(send_card(id, "c-5", fake_product("p-404")));
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_NOT_FOUND);

  // A product imported now is sendable at once (written through).
  ASSERT_EQ(admin(srv).put("/api/products/p-9", R"({"title":"茶盘","price_cents":8800})").status,
            201);
  ack = in.request(send_card(id, "c-6", fake_product("p-9")));
  ASSERT_TRUE(ack && ack->has_send_ack());
  got = buyer.receive_until([](const auto& e) { return is_card(e); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->message().message().content().product().price_cents(), 8800);
}

TEST(ShopData, FetchProductsIsForAgentsAndSupervisorsOnly) {
  temp_dir dir;
  test_server srv(shop_config(dir.path()));
  auto buyer = srv.connect(srv.visitor_token("v-1"));
  auto refused = buyer.request(fetch_products(""));
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
  auto qa = srv.connect(srv.staff_token(gateway::role::qa, "qa-1"));
  refused = qa.request(fetch_products(""));
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
  auto sup = srv.connect(srv.staff_token(gateway::role::supervisor, "sup-1"));
  auto list = sup.request(fetch_products("龙井"));
  ASSERT_TRUE(list && list->has_product_list());
  ASSERT_EQ(list->product_list().products_size(), 1);
  EXPECT_EQ(list->product_list().products(0).price_cents(), 4900);
}

TEST(ShopData, TheEntryCardsArriveInConversationStartedOfferAndAssigned) {
  temp_dir dir;
  auto cfg = shop_config(dir.path());
  cfg.shop.routing.stages[static_cast<int>(stage::in_sale)].manual_accept = true;
  test_server srv(cfg);
  auto in = srv.connect_agent("in-a");
  auto buyer = srv.connect(srv.visitor_token("v-1"));
  auto started = buyer.request(start_from("order", "p-1", "o-1"));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto& info = started->conversation_started().conversation();
  EXPECT_EQ(info.entry().page_type(), "order");
  EXPECT_EQ(info.entry().order_id(), "o-1");
  EXPECT_EQ(info.entry_order().order_id(), "o-1");
  EXPECT_EQ(info.entry_order().tracking_no(), "ZT100");
  EXPECT_EQ(info.entry_product().title(), "龙井茶 Longjing");
  auto offer = in.receive_until([](const auto& e) { return e.has_offer(); });
  ASSERT_TRUE(offer);
  EXPECT_EQ(offer->offer().conversation().entry_order().order_id(), "o-1");
  EXPECT_EQ(offer->offer().conversation().entry_product().price_cents(), 4900);

  // Someone else's order page shows no card, to the buyer or the agent.
  auto other = srv.connect(srv.visitor_token("v-2"));
  auto foreign = other.request(start_from("order", "", "o-1"));
  ASSERT_TRUE(foreign && foreign->has_conversation_started());
  EXPECT_FALSE(foreign->conversation_started().conversation().has_entry_order());
  EXPECT_EQ(foreign->conversation_started().conversation().entry().order_id(), "o-1");
}

}  // namespace
}  // namespace fenliu::testing
