// A closed conversation over real sockets: sends are refused with CONVERSATION_CLOSED during
// wrap-up and after it, while its participants keep reading its history.
#include <gtest/gtest.h>

#include <thread>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

struct closed_chat {
  ws_client agent;
  ws_client customer;
  std::uint64_t id = 0;
};

v1::ClientEnvelope resume_from(std::uint64_t id, std::uint64_t last_seq) {
  v1::ClientEnvelope env;
  env.mutable_resume()->set_conversation_id(id);
  env.mutable_resume()->set_last_seq(last_seq);
  return env;
}

v1::ClientEnvelope history_of(std::uint64_t id) {
  v1::ClientEnvelope env;
  env.mutable_fetch_history()->set_conversation_id(id);
  return env;
}

// A chat of two messages that the agent has just closed (wrap-up begins).
closed_chat close_a_chat(const test_server& srv) {
  closed_chat c{srv.connect_agent("pre-1"), srv.connect(srv.visitor_token("v-closed")), 0};
  auto started = c.customer.request(start_conversation(v1::STAGE_PRE_SALES));
  EXPECT_TRUE(started && started->has_conversation_started());
  c.id = started ? started->conversation_started().conversation().conversation_id() : 0;
  EXPECT_TRUE(c.agent.receive_until([](const auto& e) { return e.has_assigned(); }));
  EXPECT_TRUE(c.customer.request(send_text(c.id, "c-1", "hello")));
  EXPECT_TRUE(c.agent.request(send_text(c.id, "a-1", "hi, how can I help?")));
  v1::ClientEnvelope close;
  close.mutable_close_conversation()->set_conversation_id(c.id);
  auto ok = c.agent.request(close);
  EXPECT_TRUE(ok && ok->has_ok());
  EXPECT_TRUE(c.customer.receive_until([](const auto& e) { return e.has_conversation_closed(); }));
  return c;
}

std::optional<v1::ServerEnvelope> resume_result(ws_client& client, std::uint64_t id) {
  return client.request(resume_from(id, 0));
}

// Waits until the store says the wrap-up is over (the conversation reads back as closed).
bool wait_until_closed(ws_client& client, std::uint64_t id) {
  for (int i = 0; i < 100; ++i) {
    auto r = resume_result(client, id);
    if (r && r->has_resume_result() &&
        r->resume_result().conversation().state() == v1::CONVERSATION_STATE_CLOSED) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void expect_send_refused_as_closed(ws_client& client, std::uint64_t id, const std::string& msg_id) {
  auto reply = client.request(send_text(id, msg_id, "still there?"));
  ASSERT_TRUE(reply && reply->has_error());
  EXPECT_EQ(reply->error().code(), v1::ERROR_CODE_CONVERSATION_CLOSED) << msg_id;
  EXPECT_FALSE(reply->error().retryable());
}

TEST(ClosedConversation, SendsAreRefusedAsClosedDuringAndAfterWrapUp) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.shop.routing.wrap_up_s = 1;
  test_server srv(cfg);
  auto chat = close_a_chat(srv);

  // During wrap-up the hub still holds the conversation.
  expect_send_refused_as_closed(chat.customer, chat.id, "c-wrap");
  expect_send_refused_as_closed(chat.agent, chat.id, "a-wrap");

  // After it, only the store does; the answer must not turn into NOT_A_PARTICIPANT.
  ASSERT_TRUE(wait_until_closed(chat.customer, chat.id));
  expect_send_refused_as_closed(chat.customer, chat.id, "c-after");
  expect_send_refused_as_closed(chat.agent, chat.id, "a-after");
  // A reconnecting customer gets the same answer.
  auto again = srv.connect(srv.visitor_token("v-closed"));
  expect_send_refused_as_closed(again, chat.id, "c-again");

  // Nothing was stored by the refused sends.
  auto history = chat.customer.request(history_of(chat.id));
  ASSERT_TRUE(history && history->has_history());
  EXPECT_EQ(history->history().messages_size(), 2);
}

TEST(ClosedConversation, StrangersStillGetNotAParticipant) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.shop.routing.wrap_up_s = 0;
  test_server srv(cfg);
  auto chat = close_a_chat(srv);
  ASSERT_TRUE(wait_until_closed(chat.customer, chat.id));

  auto stranger = srv.connect(srv.visitor_token("v-stranger"));
  auto reply = stranger.request(send_text(chat.id, "s-1", "let me in"));
  ASSERT_TRUE(reply && reply->has_error());
  EXPECT_EQ(reply->error().code(), v1::ERROR_CODE_NOT_A_PARTICIPANT);
  auto unknown = stranger.request(send_text(chat.id + 1000, "s-2", "anyone?"));
  ASSERT_TRUE(unknown && unknown->has_error());
  EXPECT_EQ(unknown->error().code(), v1::ERROR_CODE_NOT_A_PARTICIPANT);
  auto read = stranger.request(history_of(chat.id));
  ASSERT_TRUE(read && read->has_error());
  EXPECT_EQ(read->error().code(), v1::ERROR_CODE_NOT_A_PARTICIPANT);
}

TEST(ClosedConversation, ParticipantsKeepReadingTheHistoryAfterClose) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.shop.routing.wrap_up_s = 0;
  test_server srv(cfg);
  auto chat = close_a_chat(srv);
  ASSERT_TRUE(wait_until_closed(chat.customer, chat.id));

  for (ws_client* reader : {&chat.customer, &chat.agent}) {
    auto history = reader->request(history_of(chat.id));
    ASSERT_TRUE(history && history->has_history());
    ASSERT_EQ(history->history().messages_size(), 2);
    EXPECT_EQ(history->history().messages(0).seq(), 2u);  // newest first

    std::vector<std::uint64_t> seqs;
    reader->send(resume_from(chat.id, 0));
    auto result = reader->receive_until([&](const auto& e) {
      if (e.has_message()) {
        seqs.push_back(e.message().message().seq());
      }
      return e.has_resume_result();
    });
    ASSERT_TRUE(result);
    EXPECT_FALSE(result->resume_result().resync());
    EXPECT_EQ(seqs, (std::vector<std::uint64_t>{1, 2}));
  }
}

}  // namespace
}  // namespace fenliu::testing
