// A customer and an agent talk through the router and the store: acks, seq, dedupe, resume.
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

bool is_message(const v1::ServerEnvelope& e) { return e.has_message(); }

TEST(Chat, CustomerAndAgentRoundTripWithSeqAcksAndDedupe) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  auto agent = srv.connect_agent("pre-1");
  auto customer = srv.connect(srv.visitor_token("v-1"));

  auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto id = started->conversation_started().conversation().conversation_id();
  EXPECT_NE(id, 0u);
  auto assigned = customer.receive_until([](const auto& e) { return e.has_assigned(); });
  ASSERT_TRUE(assigned);
  EXPECT_EQ(assigned->assigned().conversation().agent_id(), "pre-1");
  auto offered = agent.receive_until([](const auto& e) { return e.has_assigned(); });
  ASSERT_TRUE(offered);
  EXPECT_EQ(offered->assigned().conversation().conversation_id(), id);

  auto ack = customer.request(send_text(id, "c-1", "这件衣服有XL吗? Do you have XL?"));
  ASSERT_TRUE(ack && ack->has_send_ack());
  EXPECT_EQ(ack->send_ack().seq(), 1u);
  EXPECT_FALSE(ack->send_ack().duplicate());
  auto got = agent.receive_until(is_message);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->message().message().seq(), 1u);
  EXPECT_EQ(got->message().message().content().text(), "这件衣服有XL吗? Do you have XL?");
  EXPECT_EQ(got->message().message().sender_role(), v1::ROLE_CUSTOMER);
  EXPECT_EQ(got->message().message().sender_id(), "v-1");

  auto reply_ack = agent.request(send_text(id, "a-1", "有的, in stock"));
  ASSERT_TRUE(reply_ack && reply_ack->has_send_ack());
  EXPECT_EQ(reply_ack->send_ack().seq(), 2u);
  auto reply = customer.receive_until(is_message);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->message().message().seq(), 2u);
  EXPECT_EQ(reply->message().message().content().text(), "有的, in stock");

  // A resend of c-1 returns the original seq and is not delivered again.
  auto dup = customer.request(send_text(id, "c-1", "这件衣服有XL吗? Do you have XL?"));
  ASSERT_TRUE(dup && dup->has_send_ack());
  EXPECT_EQ(dup->send_ack().seq(), 1u);
  EXPECT_TRUE(dup->send_ack().duplicate());
  auto next = customer.request(send_text(id, "c-2", "thanks"));
  ASSERT_TRUE(next && next->has_send_ack());
  EXPECT_EQ(next->send_ack().seq(), 3u);
  auto after_dup = agent.receive_until(is_message);
  ASSERT_TRUE(after_dup);
  EXPECT_EQ(after_dup->message().message().seq(), 3u);

  // Typing is relayed, not stored.
  v1::ClientEnvelope typing;
  typing.mutable_typing()->set_conversation_id(id);
  typing.mutable_typing()->set_typing(true);
  agent.send(typing);
  auto t = customer.receive_until([](const auto& e) { return e.has_typing(); });
  ASSERT_TRUE(t);
  EXPECT_EQ(t->typing().sender_id(), "pre-1");

  // A second connection of the customer resumes after seq 1 and gets exactly 2 and 3.
  auto again = srv.connect(srv.visitor_token("v-1"));
  v1::ClientEnvelope resume;
  resume.mutable_resume()->set_conversation_id(id);
  resume.mutable_resume()->set_last_seq(1);
  again.send(resume);
  std::vector<std::uint64_t> seqs;
  auto result = again.receive_until([&](const auto& e) {
    if (e.has_message()) {
      seqs.push_back(e.message().message().seq());
    }
    return e.has_resume_result();
  });
  ASSERT_TRUE(result);
  EXPECT_EQ(seqs, (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(result->resume_result().to_seq(), 3u);
  EXPECT_FALSE(result->resume_result().resync());

  // The agent closes; the customer is told and invited to rate.
  v1::ClientEnvelope close;
  close.mutable_close_conversation()->set_conversation_id(id);
  auto closed_ok = agent.request(close);
  ASSERT_TRUE(closed_ok && closed_ok->has_ok());
  auto closed = customer.receive_until([](const auto& e) { return e.has_conversation_closed(); });
  ASSERT_TRUE(closed);
  EXPECT_TRUE(closed->conversation_closed().rating_invited());
}

TEST(Chat, ACustomerCannotReadOrWriteAnotherCustomersConversation) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  auto agent = srv.connect_agent("pre-1");
  auto alice = srv.connect(srv.visitor_token("v-alice"));
  auto mallory = srv.connect(srv.visitor_token("v-mallory"));
  auto started = alice.request(start_conversation(v1::STAGE_PRE_SALES));
  ASSERT_TRUE(started);
  const auto id = started->conversation_started().conversation().conversation_id();
  auto err = mallory.request(send_text(id, "m-1", "let me in"));
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_NOT_A_PARTICIPANT);
  v1::ClientEnvelope resume;
  resume.mutable_resume()->set_conversation_id(id);
  err = mallory.request(resume);
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_NOT_A_PARTICIPANT);
}

}  // namespace
}  // namespace fenliu::testing
