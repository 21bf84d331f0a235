// Supervisor and QA frames over real sockets: monitor, whisper, barge, force transfer; QA sample,
// transcript and review; an agent's recall. Every frame is authorised on its own.
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using gateway::role;

bool is_message(const v1::ServerEnvelope& e) {
  return e.has_message();
}

struct chat_floor {
  temp_dir dir;
  test_server srv{make()};
  ws_client agent = srv.connect_agent("pre-1");
  ws_client customer = srv.connect(srv.visitor_token("v-1"));
  ws_client supervisor = srv.connect(srv.staff_token(role::supervisor, "sup-1"));
  std::uint64_t id = 0;

  gateway::server_config make() {
    auto cfg = test_config(dir.path());
    cfg.shop.routing.wrap_up_s = 0;
    return cfg;
  }

  void start() {
    auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
    ASSERT_TRUE(started && started->has_conversation_started());
    id = started->conversation_started().conversation().conversation_id();
    ASSERT_TRUE(agent.receive_until([](const auto& e) { return e.has_assigned(); }));
    ASSERT_TRUE(customer.receive_until([](const auto& e) { return e.has_assigned(); }));
  }
};

v1::ClientEnvelope whisper(std::uint64_t id, const std::string& cmid, const std::string& text) {
  auto env = send_text(id, cmid, text);
  env.mutable_send_message()->set_whisper(true);
  return env;
}

TEST(Supervisor, MonitorsWhispersWithoutJoiningThenBargesIn) {
  chat_floor f;
  f.start();
  v1::ClientEnvelope monitor;
  monitor.mutable_monitor()->set_conversation_id(f.id);
  monitor.mutable_monitor()->set_monitor(true);
  auto ok = f.supervisor.request(monitor);
  ASSERT_TRUE(ok && ok->has_ok());

  ASSERT_TRUE(f.customer.request(send_text(f.id, "c-1", "我的订单还没到")));
  auto seen = f.supervisor.receive_until(is_message);
  ASSERT_TRUE(seen) << "a monitoring supervisor sees the chat live";
  EXPECT_EQ(seen->message().message().content().text(), "我的订单还没到");

  // Coaching: a whisper needs no barge, reaches the agent as staff-only, never the customer.
  auto ack = f.supervisor.request(whisper(f.id, "s-1", "先查物流单号"));
  ASSERT_TRUE(ack && ack->has_send_ack()) << (ack ? ack->DebugString() : "no answer");
  auto coached = f.agent.receive_until([](const auto& e) {
    return e.has_message() && e.message().message().client_msg_id() == "s-1";
  });
  ASSERT_TRUE(coached);
  EXPECT_EQ(coached->message().message().content().text(), "先查物流单号");
  EXPECT_EQ(coached->message().message().visibility(), v1::VISIBILITY_STAFF_ONLY);

  // Speaking to the customer needs a barge first.
  auto refused = f.supervisor.request(send_text(f.id, "s-2", "您好"));
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_NOT_A_PARTICIPANT);
  v1::ClientEnvelope barge;
  barge.mutable_barge()->set_conversation_id(f.id);
  ok = f.supervisor.request(barge);
  ASSERT_TRUE(ok && ok->has_ok());
  auto joined = f.customer.receive_until(is_message);
  ASSERT_TRUE(joined) << "joining is visible to the customer";
  EXPECT_EQ(joined->message().message().content().notice().kind(), "supervisor_joined");
  EXPECT_NE(joined->message().message().content().notice().text().find("sup-1"), std::string::npos);
  ok = f.supervisor.request(barge);  // again: no second notice
  ASSERT_TRUE(ok && ok->has_ok());
  ack = f.supervisor.request(send_text(f.id, "s-3", "您好, 我是主管"));
  ASSERT_TRUE(ack && ack->has_send_ack());
  auto heard = f.customer.receive_until(is_message);
  ASSERT_TRUE(heard);
  EXPECT_EQ(heard->message().message().content().text(), "您好, 我是主管")
      << "the whisper (an earlier seq) never reached the customer";
  EXPECT_EQ(heard->message().message().sender_role(), v1::ROLE_SUPERVISOR);

  // The customer's replay of the whole conversation skips the whisper as well.
  v1::ClientEnvelope resume;
  resume.mutable_resume()->set_conversation_id(f.id);
  resume.mutable_resume()->set_last_seq(0);
  f.customer.send(resume);
  std::vector<std::string> replayed;
  ASSERT_TRUE(f.customer.receive_until([&](const auto& e) {
    if (e.has_message()) {
      const auto& content = e.message().message().content();
      replayed.push_back(content.has_notice() ? content.notice().kind() : content.text());
    }
    return e.has_resume_result();
  }));
  EXPECT_EQ(replayed,
            (std::vector<std::string>{"我的订单还没到", "supervisor_joined", "您好, 我是主管"}));
}

TEST(Supervisor, OnlySupervisorsUseSupervisorFrames) {
  chat_floor f;
  f.start();
  v1::ClientEnvelope barge;
  barge.mutable_barge()->set_conversation_id(f.id);
  auto refused = f.agent.request(barge);
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
  refused = f.agent.request(whisper(f.id, "a-1", "psst"));
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
}

TEST(Supervisor, ForceTransferMovesTheChatToAnotherStage) {
  chat_floor f;
  f.start();
  auto other = f.srv.connect_agent("in-1");
  v1::ClientEnvelope force;
  force.mutable_force_transfer()->set_conversation_id(f.id);
  force.mutable_force_transfer()->mutable_target()->set_stage(v1::STAGE_IN_SALE);
  force.mutable_force_transfer()->set_note("物流问题");
  auto ok = f.supervisor.request(force);
  ASSERT_TRUE(ok && ok->has_ok());
  auto moved = other.receive_until([](const auto& e) { return e.has_assigned(); });
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->assigned().conversation().conversation_id(), f.id);
  EXPECT_EQ(moved->assigned().transfer_note(), "物流问题");
}

TEST(Qa, SamplesClosedChatsReadsTheTranscriptAndScoresIt) {
  chat_floor f;
  f.start();
  ASSERT_TRUE(f.customer.request(send_text(f.id, "c-1", "尺码偏大吗?")));
  ASSERT_TRUE(f.agent.request(send_text(f.id, "a-1", "偏大半码, 建议选小一号")));
  v1::ClientEnvelope close;
  close.mutable_close_conversation()->set_conversation_id(f.id);
  auto ok = f.agent.request(close);
  ASSERT_TRUE(ok && ok->has_ok());

  auto qa = f.srv.connect(f.srv.staff_token(role::qa, "qa-1"));
  std::optional<v1::ServerEnvelope> sample;
  for (int attempt = 0; attempt < 50; ++attempt) {  // the close is persisted asynchronously
    v1::ClientEnvelope fetch;
    fetch.mutable_fetch_qa_sample()->set_limit(10);
    sample = qa.request(fetch);
    if (sample && sample->has_qa_sample() && sample->qa_sample().conversations_size() > 0) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(sample && sample->has_qa_sample());
  ASSERT_EQ(sample->qa_sample().conversations_size(), 1);
  EXPECT_EQ(sample->qa_sample().conversations(0).conversation_id(), f.id);

  v1::ClientEnvelope fetch;
  fetch.mutable_fetch_transcript()->set_conversation_id(f.id);
  auto transcript = qa.request(fetch);
  ASSERT_TRUE(transcript && transcript->has_transcript());
  ASSERT_EQ(transcript->transcript().messages_size(), 2);
  EXPECT_EQ(transcript->transcript().messages(0).content().text(), "尺码偏大吗?");
  EXPECT_EQ(transcript->transcript().messages(1).content().text(), "偏大半码, 建议选小一号");

  v1::ClientEnvelope review;
  auto* r = review.mutable_submit_qa_review();
  r->set_conversation_id(f.id);
  for (const auto& [item, score] :
       {std::pair{"greeting", 4}, {"accuracy", 5}, {"tone", 3}, {"resolution", 5}}) {
    auto* s = r->add_scores();
    s->set_item(item);
    s->set_score(score);
  }
  r->set_comment("准确, 语气可以更热情");
  auto saved = qa.request(review);
  ASSERT_TRUE(saved && saved->has_qa_review_saved());
  // Weighted by the default checklist (1, 2, 1, 2 of 0..5): (0.8 + 2 + 0.6 + 2) / 6 = 90 %.
  EXPECT_EQ(saved->qa_review_saved().total_score(), 90u);

  // QA never writes into a conversation.
  auto refused = qa.request(send_text(f.id, "q-1", "hello"));
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
}

v1::ClientEnvelope recall(std::uint64_t id, std::uint64_t seq, const std::string& cmid) {
  v1::ClientEnvelope env;
  env.mutable_recall()->set_conversation_id(id);
  env.mutable_recall()->set_seq(seq);
  env.mutable_recall()->set_client_msg_id(cmid);
  return env;
}

TEST(Recall, AnAgentRecallsOwnMessageOnceAndQaStillReadsTheOriginal) {
  chat_floor f;
  f.start();
  auto asked = f.customer.request(send_text(f.id, "c-1", "多少钱?"));
  ASSERT_TRUE(asked && asked->has_send_ack());
  auto sent = f.agent.request(send_text(f.id, "a-1", "价格是 99 元"));
  ASSERT_TRUE(sent && sent->has_send_ack());
  const auto seq = sent->send_ack().seq();
  ASSERT_TRUE(f.customer.receive_until(is_message));

  // Customers do not recall; agents recall only their own messages.
  auto refused = f.customer.request(recall(f.id, seq, "c-r1"));
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
  refused = f.agent.request(recall(f.id, asked->send_ack().seq(), "a-r0"));
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_RECALL_NOT_ALLOWED);

  auto ack = f.agent.request(recall(f.id, seq, "a-r1"));
  ASSERT_TRUE(ack && ack->has_send_ack()) << (ack ? ack->DebugString() : "no answer");
  EXPECT_EQ(ack->send_ack().seq(), seq + 1) << "a recall is a new message";
  auto notice = f.customer.receive_until(is_message);
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->message().message().content().recall().recalled_seq(), seq);

  refused = f.agent.request(recall(f.id, seq, "a-r2"));
  ASSERT_TRUE(refused && refused->has_error()) << "a message is recalled once";
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_RECALL_NOT_ALLOWED);

  auto qa = f.srv.connect(f.srv.staff_token(role::qa, "qa-1"));
  v1::ClientEnvelope fetch;
  fetch.mutable_fetch_transcript()->set_conversation_id(f.id);
  auto transcript = qa.request(fetch);
  ASSERT_TRUE(transcript && transcript->has_transcript());
  ASSERT_EQ(transcript->transcript().messages_size(), 3);
  const auto& original = transcript->transcript().messages(1);
  EXPECT_EQ(original.content().text(), "价格是 99 元") << "the original stays for QA";
  EXPECT_TRUE(original.recalled());
}

}  // namespace
}  // namespace fenliu::testing
