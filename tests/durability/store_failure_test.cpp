// A full disk seen over the sockets: the send that cannot be stored is refused with a retryable
// STORE_UNAVAILABLE and no ack, nothing else on the server stops working, and once there is room
// again (a restart with a larger max_page_count) the resend gets the next seq with no gap.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <iostream>
#include <set>

#include "chat_helpers.hpp"
#include "database.hpp"

namespace fenliu::durability {
namespace {

using testing::ws_client;

struct failed_send {
  std::string client_msg_id;
  std::string text;
};

// Sends 1 KB texts until one is refused; every earlier one must be acked with the next seq.
failed_send fill_until_refused(ws_client& customer, std::uint64_t id, std::uint64_t& last_acked) {
  for (int i = 1; i <= 500; ++i) {
    const auto cmid = fmt::format("fill-{}", i);
    const auto text = fmt::format("{} {}", i, std::string(1000, 'x'));
    auto reply = send_text(customer, id, cmid, text);
    EXPECT_TRUE(reply);
    if (!reply) {
      return {};
    }
    if (reply->has_send_ack()) {
      EXPECT_EQ(reply->send_ack().seq(), last_acked + 1);
      last_acked = reply->send_ack().seq();
      continue;
    }
    EXPECT_TRUE(reply->has_error()) << reply->DebugString();
    EXPECT_EQ(reply->error().code(), v1::ERROR_CODE_STORE_UNAVAILABLE);
    EXPECT_TRUE(reply->error().retryable());
    return {cmid, text};
  }
  ADD_FAILURE() << "the store never filled up";
  return {};
}

// While the disk is full: pings, typing, history and other connections all still work.
void expect_everything_else_works(const testing::test_server& srv, ws_client& customer,
                                  ws_client& agent, std::uint64_t id, std::uint64_t last_acked,
                                  const failed_send& failed) {
  auto pong = customer.request(testing::ping());
  EXPECT_TRUE(pong && pong->has_pong());

  v1::ClientEnvelope typing;
  typing.mutable_typing()->set_conversation_id(id);
  typing.mutable_typing()->set_typing(true);
  customer.send(typing);
  EXPECT_TRUE(agent.receive_until([](const auto& e) { return e.has_typing(); }));

  v1::ClientEnvelope history;
  history.mutable_fetch_history()->set_conversation_id(id);
  history.mutable_fetch_history()->set_limit(100);
  auto page = agent.request(history);
  ASSERT_TRUE(page && page->has_history()) << (page ? page->DebugString() : "no reply");
  EXPECT_EQ(static_cast<std::uint64_t>(page->history().messages_size()), last_acked);
  for (const auto& m : page->history().messages()) {
    EXPECT_NE(m.client_msg_id(), failed.client_msg_id);
  }

  auto other = srv.connect(srv.visitor_token("v-bystander"));
  auto other_pong = other.request(testing::ping());
  EXPECT_TRUE(other_pong && other_pong->has_pong());

  // Still full: the resend is refused the same way, and the connection stays open.
  auto again = send_text(customer, id, failed.client_msg_id, failed.text);
  ASSERT_TRUE(again && again->has_error());
  EXPECT_EQ(again->error().code(), v1::ERROR_CODE_STORE_UNAVAILABLE);
  EXPECT_TRUE(again->error().retryable());
  EXPECT_TRUE(customer.is_open());

  // No late ack for it, and the agent never got it.
  auto late = customer.request(testing::ping());
  EXPECT_TRUE(late && late->has_pong());
  auto stray = agent.receive_until(
      [&](const auto& e) {
        return e.has_message() && e.message().message().client_msg_id() == failed.client_msg_id;
      },
      std::chrono::milliseconds(300));
  EXPECT_FALSE(stray);
}

TEST(StoreFailure, FullDiskRefusesRetryablyAndTheResendTakesTheNextSeqOnceThereIsRoom) {
  testing::temp_dir dir;
  auto config = testing::test_config(dir.path());
  config.store.max_page_count = 1;  // SQLite clamps it to the size after migrations: no room
  std::uint64_t id = 0;
  std::uint64_t last_acked = 0;
  failed_send failed;
  {
    testing::test_server srv(config);
    auto agent = srv.connect_agent("pre-1");
    auto customer = srv.connect(srv.visitor_token("v-full"));
    id = start_assigned(customer, agent);
    ASSERT_NE(id, 0u);
    failed = fill_until_refused(customer, id, last_acked);
    ASSERT_FALSE(failed.client_msg_id.empty());
    ASSERT_GE(last_acked, 1u) << "not even one message fitted; the test shows less than it should";
    std::cout << "[ full     ] " << last_acked << " messages fitted before " << failed.client_msg_id
              << " was refused\n";
    expect_everything_else_works(srv, customer, agent, id, last_acked, failed);
  }

  config.store.max_page_count = 0;  // room again
  {
    testing::test_server srv(config);
    auto agent = connect_welcomed(srv, srv.staff_token(gateway::role::agent, "pre-1"));
    auto customer = connect_welcomed(srv, srv.visitor_token("v-full"));
    EXPECT_EQ(std::set<std::uint64_t>(agent.welcome.open_conversations().begin(),
                                      agent.welcome.open_conversations().end()),
              std::set<std::uint64_t>{id});
    auto online = agent.client.request(testing::set_state(v1::AGENT_STATE_ONLINE));
    EXPECT_TRUE(online && online->has_ok());
    auto caught_up = resume(agent.client, id, 0);
    EXPECT_EQ(seqs_of(caught_up.replayed), range(1, last_acked));

    auto ack = send_text(customer.client, id, failed.client_msg_id, failed.text);
    ASSERT_TRUE(ack && ack->has_send_ack()) << (ack ? ack->DebugString() : "no reply");
    EXPECT_EQ(ack->send_ack().seq(), last_acked + 1);  // the failed attempts used no seq
    EXPECT_FALSE(ack->send_ack().duplicate());
    auto delivered = next_message(agent.client, id);
    ASSERT_TRUE(delivered);
    EXPECT_EQ(delivered->seq(), last_acked + 1);
    EXPECT_EQ(delivered->client_msg_id(), failed.client_msg_id);
    EXPECT_EQ(delivered->content().text(), failed.text);

    auto dup = send_text(customer.client, id, failed.client_msg_id, failed.text);
    ASSERT_TRUE(dup && dup->has_send_ack());
    EXPECT_TRUE(dup->send_ack().duplicate());
    EXPECT_EQ(dup->send_ack().seq(), last_acked + 1);
    EXPECT_EQ(send_acked(customer.client, id, "after", "and one more"), last_acked + 2);
  }

  const auto stored = read_database(dir.path() / "fenliu.db");
  ASSERT_TRUE(stored.contains(id));
  const auto& msgs = stored.at(id).messages;
  ASSERT_EQ(msgs.size(), last_acked + 2);
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    EXPECT_EQ(msgs[i].seq, i + 1);
  }
  EXPECT_EQ(msgs[last_acked].client_msg_id, failed.client_msg_id);
}

}  // namespace
}  // namespace fenliu::durability
