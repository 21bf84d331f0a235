// The order system's webhook over real HTTP: POST /api/orders/<id>/status moves the buyer's open
// chat about that order to the stage of the new status, and refuses bad callers and bad bodies.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using router::stage;

gateway::server_config order_config(const std::filesystem::path& dir) {
  auto cfg = test_config(dir);
  cfg.shop.agents = {make_agent("in-a", {stage::in_sale}, 2),
                     make_agent("after-a", {stage::after_sales}, 2)};
  cfg.shop.orders = {{"o-7", "v-7", "shipped", "Running shoes", 59900},
                     {"o-8", "v-8", "paid", "Earbuds", 49900}};
  return cfg;
}

v1::ClientEnvelope start_from_order(const std::string& order_id) {
  v1::ClientEnvelope env;
  auto* s = env.mutable_start_conversation();
  s->mutable_entry()->set_page_type("order");
  s->mutable_entry()->set_order_id(order_id);
  return env;
}

http_reply post_status(const test_server& srv, const std::string& order_id, const std::string& body,
                       const std::string& token) {
  return http_request(srv.port(), "POST", "/api/orders/" + order_id + "/status", body, "127.0.0.1",
                      token.empty() ? "" : "Bearer " + token);
}

std::string error_of(const http_reply& r) {
  return std::string(boost::json::parse(r.body).as_object().at("error").as_string());
}

TEST(OrderStatus, RefundOpenedMovesTheOpenChatFromInSaleToAfterSales) {
  temp_dir dir;
  test_server srv(order_config(dir.path()));
  auto in = srv.connect_agent("in-a");
  auto after = srv.connect_agent("after-a");
  auto buyer = srv.connect(srv.visitor_token("v-7"));
  auto started = buyer.request(start_from_order("o-7"));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto id = started->conversation_started().conversation().conversation_id();
  auto first = buyer.receive_until([](const auto& e) { return e.has_assigned(); });
  ASSERT_TRUE(first);
  EXPECT_EQ(first->assigned().conversation().agent_id(), "in-a") << "shipped -> in-sale";

  const auto order_system = srv.staff_token(gateway::role::supervisor, "order-system");
  auto reply = post_status(srv, "o-7", R"({"status":"refund_open"})", order_system);
  ASSERT_EQ(reply.status, 202) << reply.body;
  auto json = boost::json::parse(reply.body).as_object();
  EXPECT_EQ(json.at("conversation_id").to_number<std::uint64_t>(), id);
  EXPECT_EQ(json.at("status").as_string(), "refund_open");

  auto changed = buyer.receive_until([](const auto& e) { return e.has_stage_changed(); });
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->stage_changed().from(), v1::STAGE_IN_SALE);
  EXPECT_EQ(changed->stage_changed().to(), v1::STAGE_AFTER_SALES);
  EXPECT_EQ(changed->stage_changed().reason(), "order_state:refund_open");
  auto taken = in.receive_until([](const auto& e) { return e.has_unassigned(); });
  ASSERT_TRUE(taken) << "the in-sale agent does not serve after-sales: the chat leaves them";
  EXPECT_EQ(taken->unassigned().conversation_id(), id);
  auto moved = buyer.receive_until([](const auto& e) { return e.has_assigned(); });
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->assigned().conversation().agent_id(), "after-a");
}

TEST(OrderStatus, AnotherBuyersChatDoesNotMoveButTheirNextChatUsesTheNewStatus) {
  temp_dir dir;
  test_server srv(order_config(dir.path()));
  auto in = srv.connect_agent("in-a");
  auto after = srv.connect_agent("after-a");
  const auto order_system = srv.staff_token(gateway::role::supervisor, "order-system");
  // v-8 has no open chat: the status is recorded, nothing moves.
  auto reply = post_status(srv, "o-8", R"({"status":"delivered"})", order_system);
  ASSERT_EQ(reply.status, 202) << reply.body;
  EXPECT_EQ(
      boost::json::parse(reply.body).as_object().at("conversation_id").to_number<std::uint64_t>(),
      0u);
  auto buyer = srv.connect(srv.visitor_token("v-8"));
  auto started = buyer.request(start_from_order("o-8"));
  ASSERT_TRUE(started && started->has_conversation_started());
  auto assigned = buyer.receive_until([](const auto& e) { return e.has_assigned(); });
  ASSERT_TRUE(assigned);
  EXPECT_EQ(assigned->assigned().conversation().agent_id(), "after-a") << "delivered -> after";
}

TEST(OrderStatus, BadCallersAndBodiesGetStableErrorsAndChangeNothing) {
  temp_dir dir;
  test_server srv(order_config(dir.path()));
  const auto supervisor = srv.staff_token(gateway::role::supervisor, "order-system");
  const auto agent = srv.staff_token(gateway::role::agent, "in-a");
  const std::string body = R"({"status":"refund_open"})";

  auto r = post_status(srv, "o-7", body, "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(error_of(r), "unauthorized");
  r = post_status(srv, "o-7", body, supervisor + "x");
  EXPECT_EQ(r.status, 401);
  r = post_status(srv, "o-7", body, agent);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(error_of(r), "forbidden");
  r = post_status(srv, "o-7", R"({"status":"teleported"})", supervisor);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r), "unknown_status");
  r = post_status(srv, "o-7", "not json", supervisor);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r), "bad_request");
  r = post_status(srv, "o-404", body, supervisor);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(error_of(r), "unknown_order");

  // None of them changed o-7: a chat opened from it still goes to in-sale.
  auto in = srv.connect_agent("in-a");
  auto buyer = srv.connect(srv.visitor_token("v-7"));
  auto started = buyer.request(start_from_order("o-7"));
  ASSERT_TRUE(started && started->has_conversation_started());
  auto assigned = buyer.receive_until([](const auto& e) { return e.has_assigned(); });
  ASSERT_TRUE(assigned);
  EXPECT_EQ(assigned->assigned().conversation().agent_id(), "in-a");
}

}  // namespace
}  // namespace fenliu::testing
