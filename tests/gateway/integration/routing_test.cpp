// The router service over real sockets: stages, skills, capacity under concurrent arrivals,
// manual offers, queue positions, agent disconnect and return.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using router::stage;

bool is_assigned(const v1::ServerEnvelope& e) { return e.has_assigned(); }

std::uint64_t start(ws_client& customer, v1::Stage s, const std::string& text = "") {
  auto started = customer.request(start_conversation(s, text));
  EXPECT_TRUE(started && started->has_conversation_started());
  return started ? started->conversation_started().conversation().conversation_id() : 0;
}

std::string assigned_agent(ws_client& customer) {
  auto a = customer.receive_until(is_assigned);
  return a ? a->assigned().conversation().agent_id() : "";
}

gateway::server_config routing_config(const std::filesystem::path& dir) {
  auto cfg = test_config(dir);
  cfg.shop.routing.wrap_up_s = 0;
  cfg.shop.agents = {
      make_agent("pre-a", {stage::pre_sales}, 2, {{"apparel", 5}}),
      make_agent("in-a", {stage::in_sale}, 2, {{"shipping", 4}}),
      make_agent("after-a", {stage::after_sales}, 2, {{"complaints", 3}}),
      make_agent("after-refunds", {stage::after_sales}, 2, {{"refunds", 5}}),
  };
  cfg.shop.keyword_rules = {{"refund", stage::after_sales, "refunds"}};
  return cfg;
}

TEST(Routing, EachStageGoesToItsAgentsAndSkillsPickTheAgent) {
  temp_dir dir;
  test_server srv(routing_config(dir.path()));
  auto pre = srv.connect_agent("pre-a");
  auto in = srv.connect_agent("in-a");
  auto after = srv.connect_agent("after-a");
  auto refunds = srv.connect_agent("after-refunds");

  auto c1 = srv.connect(srv.visitor_token("v-1"));
  start(c1, v1::STAGE_PRE_SALES);
  EXPECT_EQ(assigned_agent(c1), "pre-a");
  auto c2 = srv.connect(srv.visitor_token("v-2"));
  start(c2, v1::STAGE_IN_SALE);
  EXPECT_EQ(assigned_agent(c2), "in-a");
  // The keyword rule asks for the refunds skill: only one after-sales agent holds it.
  auto c3 = srv.connect(srv.visitor_token("v-3"));
  start(c3, v1::STAGE_UNSPECIFIED, "I want a refund for my order");
  EXPECT_EQ(assigned_agent(c3), "after-refunds");
}

TEST(Routing, CapacityIsNeverOvershotUnderConcurrentArrivals) {
  temp_dir dir;
  test_server srv(routing_config(dir.path()));
  auto agent = srv.connect_agent("pre-a");  // capacity 2
  std::vector<ws_client> customers;
  for (int i = 0; i < 8; ++i) {
    customers.push_back(srv.connect(srv.visitor_token("v-" + std::to_string(i))));
  }
  // All eight ask at once, without waiting for answers.
  for (auto& c : customers) {
    c.send(start_conversation(v1::STAGE_PRE_SALES));
  }
  std::set<std::uint64_t> assigned;
  while (auto e = agent.receive_until(is_assigned, std::chrono::milliseconds(1500))) {
    assigned.insert(e->assigned().conversation().conversation_id());
  }
  EXPECT_EQ(assigned.size(), 2u);
  // Everyone else waits in line with a position.
  int queued = 0;
  for (auto& c : customers) {
    auto e = c.receive_until([](const auto& x) { return x.has_queue_status() || x.has_assigned(); });
    ASSERT_TRUE(e);
    queued += e->has_queue_status() ? 1 : 0;
  }
  EXPECT_EQ(queued, 6);
  // Closing one frees exactly one slot.
  v1::ClientEnvelope close;
  close.mutable_close_conversation()->set_conversation_id(*assigned.begin());
  // The next Assigned may reach the agent before the Ok: count both on one stream.
  close.set_request_id(99);
  agent.send(close);
  int more = 0;
  bool ok = false;
  while (auto e = agent.receive_until(
             [](const auto& x) { return x.has_assigned() || x.request_id() == 99; },
             std::chrono::milliseconds(1500))) {
    more += e->has_assigned() ? 1 : 0;
    ok = ok || e->request_id() == 99;
  }
  EXPECT_TRUE(ok);
  EXPECT_EQ(more, 1);
}

TEST(Routing, QueuePositionsMoveWhenSomeoneLeaves) {
  temp_dir dir;
  test_server srv(routing_config(dir.path()));
  // No pre-sales agent connected: everyone queues.
  std::vector<ws_client> customers;
  std::vector<std::uint64_t> ids;
  for (int i = 0; i < 3; ++i) {
    customers.push_back(srv.connect(srv.visitor_token("v-" + std::to_string(i))));
    ids.push_back(start(customers.back(), v1::STAGE_PRE_SALES));
    auto q = customers.back().receive_until([](const auto& e) { return e.has_queue_status(); });
    ASSERT_TRUE(q);
    EXPECT_EQ(q->queue_status().position(), static_cast<std::uint32_t>(i + 1));
  }
  v1::ClientEnvelope leave;
  leave.mutable_leave_queue()->set_conversation_id(ids[0]);
  ASSERT_TRUE(customers[0].request(leave));
  auto moved = customers[2].receive_until([](const auto& e) { return e.has_queue_status(); });
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->queue_status().position(), 2u);
}

TEST(Routing, ManualAcceptOffersFirstAndAssignsOnAccept) {
  temp_dir dir;
  auto cfg = routing_config(dir.path());
  cfg.shop.routing.stages[static_cast<int>(stage::in_sale)].manual_accept = true;
  test_server srv(cfg);
  auto agent = srv.connect_agent("in-a");
  auto customer = srv.connect(srv.visitor_token("v-1"));
  const auto id = start(customer, v1::STAGE_IN_SALE);
  auto offer = agent.receive_until([](const auto& e) { return e.has_offer(); });
  ASSERT_TRUE(offer);
  EXPECT_EQ(offer->offer().conversation().conversation_id(), id);
  EXPECT_GT(offer->offer().expires_at_ms(), 0);
  v1::ClientEnvelope accept;
  accept.mutable_accept_offer()->set_conversation_id(id);
  ASSERT_TRUE(agent.request(accept));
  EXPECT_EQ(assigned_agent(customer), "in-a");
}

TEST(Routing, AgentReturningWithinTheGraceKeepsTheConversationOtherwiseItMoves) {
  temp_dir dir;
  auto cfg = routing_config(dir.path());
  cfg.shop.routing.disconnect_grace_s = 1;
  cfg.shop.agents.push_back(make_agent("pre-b", {stage::pre_sales}, 2));
  test_server srv(cfg);
  auto a = std::make_unique<ws_client>(srv.connect_agent("pre-a"));
  auto customer = srv.connect(srv.visitor_token("v-1"));
  const auto id = start(customer, v1::STAGE_PRE_SALES);
  EXPECT_EQ(assigned_agent(customer), "pre-a");

  // Back quickly: the conversation is still theirs and listed in Welcome.
  a->close();
  ws_client back;
  connect_options o;
  o.port = srv.port();
  o.token = srv.staff_token(gateway::role::agent, "pre-a");
  ASSERT_TRUE(back.connect(o).ok);
  auto welcome = back.receive();
  ASSERT_TRUE(welcome && welcome->has_welcome());
  ASSERT_EQ(welcome->welcome().open_conversations_size(), 1);
  EXPECT_EQ(welcome->welcome().open_conversations(0), id);

  // Gone for good: after the grace the conversation goes to the other agent, at the head.
  auto b = srv.connect_agent("pre-b");
  back.close();
  auto moved = customer.receive_until(is_assigned, std::chrono::seconds(10));
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->assigned().conversation().agent_id(), "pre-b");
  auto taken = b.receive_until(is_assigned, std::chrono::seconds(5));
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->assigned().conversation().conversation_id(), id);
}

TEST(Routing, NobodyOnShiftOffersLeaveAMessage) {
  temp_dir dir;
  auto cfg = routing_config(dir.path());
  // Every agent works one minute a day, twelve hours away from now (shop time).
  const auto local_minute =
      static_cast<int>(((unix_now_s() / 60) + cfg.shop.routing.utc_offset_minutes) % 1440);
  const int start_minute = (local_minute + 720) % 1440;
  for (auto& a : cfg.shop.agents) {
    a.shifts.always_on = false;
    for (auto& day : a.shifts.weekly) {
      day = {{start_minute, std::min(start_minute + 1, 1440)}};
    }
  }
  test_server srv(cfg);
  auto agent = srv.connect_agent("pre-a");
  auto customer = srv.connect(srv.visitor_token("v-1"));
  const auto id = start(customer, v1::STAGE_PRE_SALES);
  auto q = customer.receive_until([](const auto& e) {
    return e.has_queue_status() && e.queue_status().leave_message_offered();
  });
  ASSERT_TRUE(q);
  v1::ClientEnvelope leave;
  leave.mutable_leave_message()->set_conversation_id(id);
  leave.mutable_leave_message()->set_text("please call me back about the XL size");
  // The left message is stored in the conversation, so the ack carries its seq.
  auto ok = customer.request(leave);
  ASSERT_TRUE(ok && ok->has_send_ack());
  EXPECT_EQ(ok->send_ack().seq(), 1u);
  EXPECT_FALSE(agent.receive_until(is_assigned, std::chrono::milliseconds(500)));
}

}  // namespace
}  // namespace fenliu::testing
