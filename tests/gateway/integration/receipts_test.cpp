// Read receipts (MarkRead / ReadReceipt / ResumeResult marks), recall as the customer sees it,
// the recall window's edge, the stored transfer note and rating, an agent's chosen state across
// a reconnect, and the customer's notice when the chat goes back to the queue (part "receipts").
#include <gtest/gtest.h>

#include <thread>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using router::stage;

bool is_message(const v1::ServerEnvelope& e) { return e.has_message(); }
bool is_assigned(const v1::ServerEnvelope& e) { return e.has_assigned(); }

v1::ClientEnvelope mark_read(std::uint64_t id, std::uint64_t seq) {
  v1::ClientEnvelope env;
  env.mutable_mark_read()->set_conversation_id(id);
  env.mutable_mark_read()->set_seq(seq);
  return env;
}

v1::ClientEnvelope resume(std::uint64_t id, std::uint64_t last_seq) {
  v1::ClientEnvelope env;
  env.mutable_resume()->set_conversation_id(id);
  env.mutable_resume()->set_last_seq(last_seq);
  return env;
}

v1::ClientEnvelope recall(std::uint64_t id, std::uint64_t seq, const std::string& cmid) {
  v1::ClientEnvelope env;
  env.mutable_recall()->set_conversation_id(id);
  env.mutable_recall()->set_seq(seq);
  env.mutable_recall()->set_client_msg_id(cmid);
  return env;
}

ws_client connect_raw(const test_server& srv, gateway::role r, const std::string& subject) {
  ws_client c;
  connect_options o;
  o.port = srv.port();
  o.token = srv.staff_token(r, subject);
  EXPECT_TRUE(c.connect(o).ok);
  auto welcome = c.receive();
  EXPECT_TRUE(welcome && welcome->has_welcome());
  return c;
}

// A customer served by pre-1 in conversation `id`.
struct chat {
  explicit chat(const gateway::server_config& cfg)
      : srv(cfg), agent(srv.connect_agent("pre-1")), customer(srv.connect(srv.visitor_token("v-1"))) {
    auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
    EXPECT_TRUE(started && started->has_conversation_started());
    id = started->conversation_started().conversation().conversation_id();
    EXPECT_TRUE(customer.receive_until(is_assigned));
    EXPECT_TRUE(agent.receive_until(is_assigned));
  }
  test_server srv;
  ws_client agent;
  ws_client customer;
  std::uint64_t id = 0;
};

TEST(Receipts, MarkReadIsStoredForwardedAndCarriedInResume) {
  temp_dir dir;
  chat f(test_config(dir.path()));
  ASSERT_TRUE(f.customer.request(send_text(f.id, "c-1", "在吗 anyone?")));
  ASSERT_TRUE(f.agent.receive_until(is_message));
  ASSERT_TRUE(f.agent.request(send_text(f.id, "a-1", "在的 yes")));
  ASSERT_TRUE(f.customer.receive_until(is_message));

  // The agent read the buyer's message: the buyer's page learns it.
  auto ok = f.agent.request(mark_read(f.id, 1));
  ASSERT_TRUE(ok && ok->has_ok());
  auto receipt = f.customer.receive_until([](const auto& e) { return e.has_read_receipt(); });
  ASSERT_TRUE(receipt);
  EXPECT_EQ(receipt->read_receipt().conversation_id(), f.id);
  EXPECT_EQ(receipt->read_receipt().reader_role(), v1::ROLE_AGENT);
  EXPECT_EQ(receipt->read_receipt().reader_id(), "pre-1");
  EXPECT_EQ(receipt->read_receipt().last_read_seq(), 1u);

  // The buyer read everything; a later, lower mark never moves it back.
  ASSERT_TRUE(f.customer.request(mark_read(f.id, 2))->has_ok());
  auto back = f.agent.receive_until([](const auto& e) { return e.has_read_receipt(); });
  ASSERT_TRUE(back);
  EXPECT_EQ(back->read_receipt().reader_role(), v1::ROLE_CUSTOMER);
  EXPECT_EQ(back->read_receipt().last_read_seq(), 2u);
  ASSERT_TRUE(f.customer.request(mark_read(f.id, 1))->has_ok());

  // Beyond the last message, and QA: refused.
  auto beyond = f.customer.request(mark_read(f.id, 99));
  ASSERT_TRUE(beyond && beyond->has_error());
  EXPECT_EQ(beyond->error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  auto qa = f.srv.connect(f.srv.staff_token(gateway::role::qa, "qa-1"));
  auto refused = qa.request(mark_read(f.id, 1));
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);

  // A reconnecting page reads both marks from the ResumeResult.
  auto again = f.srv.connect(f.srv.visitor_token("v-1"));
  auto result = again.request(resume(f.id, 0));
  ASSERT_TRUE(result && result->has_resume_result());
  EXPECT_EQ(result->resume_result().my_last_read_seq(), 2u);
  EXPECT_EQ(result->resume_result().peer_last_read_seq(), 1u);
  auto agent_again = connect_raw(f.srv, gateway::role::agent, "pre-1");
  result = agent_again.request(resume(f.id, 0));
  ASSERT_TRUE(result && result->has_resume_result());
  EXPECT_EQ(result->resume_result().my_last_read_seq(), 1u);
  EXPECT_EQ(result->resume_result().peer_last_read_seq(), 2u);
}

TEST(Receipts, RecallHidesTheContentFromTheCustomerButNotFromQa) {
  temp_dir dir;
  chat f(test_config(dir.path()));
  auto ack = f.agent.request(send_text(f.id, "a-1", "内部价 99 internal price"));
  ASSERT_TRUE(ack && ack->has_send_ack());
  const auto seq = ack->send_ack().seq();
  ASSERT_TRUE(f.customer.receive_until(is_message));
  auto recalled = f.agent.request(recall(f.id, seq, "a-r1"));
  ASSERT_TRUE(recalled && recalled->has_send_ack());
  // Live: the customer gets the recall marker, which names the seq and carries no content.
  auto live = f.customer.receive_until(is_message);
  ASSERT_TRUE(live);
  EXPECT_EQ(live->message().message().content().recall().recalled_seq(), seq);
  EXPECT_EQ(live->message().message().content().ShortDebugString().find("99"), std::string::npos);

  // Resume and history: flagged, with a "recalled" notice instead of the text.
  auto again = f.srv.connect(f.srv.visitor_token("v-1"));
  again.send(resume(f.id, 0));
  std::vector<v1::ChatMessage> replayed;
  ASSERT_TRUE(again.receive_until([&](const auto& e) {
    if (e.has_message()) {
      replayed.push_back(e.message().message());
    }
    return e.has_resume_result();
  }));
  ASSERT_EQ(replayed.size(), 2u);
  EXPECT_TRUE(replayed[0].recalled());
  EXPECT_EQ(replayed[0].content().notice().kind(), "recalled");
  EXPECT_FALSE(replayed[0].content().has_text());
  v1::ClientEnvelope history;
  history.mutable_fetch_history()->set_conversation_id(f.id);
  auto page = again.request(history);
  ASSERT_TRUE(page && page->has_history());
  for (const auto& m : page->history().messages()) {
    EXPECT_EQ(m.content().text().find("99"), std::string::npos);
  }
  // The agent's history and the QA transcript keep the original.
  page = f.agent.request(history);
  ASSERT_TRUE(page && page->has_history());
  bool agent_sees = false;
  for (const auto& m : page->history().messages()) {
    agent_sees = agent_sees || (m.recalled() && m.content().text() == "内部价 99 internal price");
  }
  EXPECT_TRUE(agent_sees);
  auto qa = f.srv.connect(f.srv.staff_token(gateway::role::qa, "qa-1"));
  v1::ClientEnvelope fetch;
  fetch.mutable_fetch_transcript()->set_conversation_id(f.id);
  auto transcript = qa.request(fetch);
  ASSERT_TRUE(transcript && transcript->has_transcript());
  ASSERT_GE(transcript->transcript().messages_size(), 1);
  EXPECT_EQ(transcript->transcript().messages(0).content().text(), "内部价 99 internal price");
  EXPECT_TRUE(transcript->transcript().messages(0).recalled());
}

TEST(Receipts, RecallWindowEdgeFollowsTheConfig) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.recall_window_seconds = 1;
  chat f(cfg);
  auto fresh = f.agent.request(send_text(f.id, "a-1", "typo"));
  ASSERT_TRUE(fresh && fresh->has_send_ack());
  auto ok = f.agent.request(recall(f.id, fresh->send_ack().seq(), "a-r1"));
  ASSERT_TRUE(ok && ok->has_send_ack()) << ok->ShortDebugString();
  auto old = f.agent.request(send_text(f.id, "a-2", "old"));
  ASSERT_TRUE(old && old->has_send_ack());
  // One window and a bit later the same request is refused.
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  auto late = f.agent.request(recall(f.id, old->send_ack().seq(), "a-r2"));
  ASSERT_TRUE(late && late->has_error());
  EXPECT_EQ(late->error().code(), v1::ERROR_CODE_RECALL_NOT_ALLOWED);
  EXPECT_NE(late->error().detail().find("1 seconds"), std::string::npos);
}

TEST(Receipts, TransferNoteSurvivesTheAgentsReconnectAndReachesQa) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.shop.agents.push_back(make_agent("pre-2", {stage::pre_sales}, 3));
  chat f(cfg);
  auto second = f.srv.connect_agent("pre-2");
  v1::ClientEnvelope transfer;
  transfer.mutable_transfer()->set_conversation_id(f.id);
  transfer.mutable_transfer()->mutable_target()->set_agent_id("pre-2");
  transfer.mutable_transfer()->set_note("买家要发票 wants an invoice");
  ASSERT_TRUE(f.agent.request(transfer));
  auto got = second.receive_until(is_assigned);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->assigned().transfer_note(), "买家要发票 wants an invoice");

  // pre-2 reloads the page: the Resume is answered with an Assigned carrying the note.
  second.close();
  auto back = connect_raw(f.srv, gateway::role::agent, "pre-2");
  const auto sent = back.request(resume(f.id, 0));
  ASSERT_TRUE(sent);
  std::optional<v1::ServerEnvelope> note = sent->has_assigned() ? sent : std::nullopt;
  if (!note) {
    // The Assigned comes before the ResumeResult, with the same request id.
    FAIL() << "expected an Assigned before the ResumeResult, got " << sent->ShortDebugString();
  }
  EXPECT_EQ(note->assigned().transfer_note(), "买家要发票 wants an invoice");
  EXPECT_EQ(note->assigned().conversation().agent_id(), "pre-2");
  // The customer's resume never carries it.
  auto customer_again = f.srv.connect(f.srv.visitor_token("v-1"));
  auto result = customer_again.request(resume(f.id, 0));
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->has_resume_result());

  auto qa = f.srv.connect(f.srv.staff_token(gateway::role::qa, "qa-1"));
  v1::ClientEnvelope fetch;
  fetch.mutable_fetch_transcript()->set_conversation_id(f.id);
  auto transcript = qa.request(fetch);
  ASSERT_TRUE(transcript && transcript->has_transcript());
  EXPECT_EQ(transcript->transcript().transfer_note(), "买家要发票 wants an invoice");
}

TEST(Receipts, RatingReachesTheAgentTheBoardAndTheTranscript) {
  temp_dir dir;
  chat f(test_config(dir.path()));
  auto sup = connect_raw(f.srv, gateway::role::supervisor, "sup-1");
  v1::ClientEnvelope sub;
  sub.mutable_subscribe_board()->set_subscribe(true);
  ASSERT_TRUE(sup.request(sub));
  v1::ClientEnvelope close;
  close.mutable_close_conversation()->set_conversation_id(f.id);
  ASSERT_TRUE(f.agent.request(close));
  ASSERT_TRUE(f.customer.receive_until([](const auto& e) { return e.has_conversation_closed(); }));
  v1::ClientEnvelope rate;
  rate.mutable_rate()->set_conversation_id(f.id);
  rate.mutable_rate()->set_stars(4);
  rate.mutable_rate()->set_comment("很耐心 patient");
  auto ok = f.customer.request(rate);
  ASSERT_TRUE(ok && ok->has_ok()) << ok->ShortDebugString();
  auto rated = f.agent.receive_until([](const auto& e) { return e.has_conversation_rated(); });
  ASSERT_TRUE(rated);
  EXPECT_EQ(rated->conversation_rated().conversation_id(), f.id);
  EXPECT_EQ(rated->conversation_rated().stars(), 4u);
  EXPECT_EQ(rated->conversation_rated().comment(), "很耐心 patient");
  auto board = sup.receive_until([](const auto& e) { return e.has_conversation_rated(); });
  ASSERT_TRUE(board);
  EXPECT_EQ(board->conversation_rated().stars(), 4u);

  auto qa = f.srv.connect(f.srv.staff_token(gateway::role::qa, "qa-1"));
  v1::ClientEnvelope fetch;
  fetch.mutable_fetch_transcript()->set_conversation_id(f.id);
  auto transcript = qa.request(fetch);
  ASSERT_TRUE(transcript && transcript->has_transcript());
  EXPECT_EQ(transcript->transcript().rating_stars(), 4u);
  EXPECT_EQ(transcript->transcript().rating_comment(), "很耐心 patient");
}

TEST(Receipts, AwaySurvivesAReconnect) {
  temp_dir dir;
  test_server srv(test_config(dir.path()));
  {
    auto agent = srv.connect_agent("pre-1");
    auto ok = agent.request(set_state(v1::AGENT_STATE_AWAY));
    ASSERT_TRUE(ok && ok->has_ok());
    agent.close();
  }
  auto back = connect_raw(srv, gateway::role::agent, "pre-1");
  // (The old page's "disconnected" may come first, when its close was seen before this connect.)
  auto state = back.receive_until([](const auto& e) {
    return e.has_agent_state_changed() && e.agent_state_changed().reason() != "disconnected";
  });
  ASSERT_TRUE(state);
  EXPECT_EQ(state->agent_state_changed().state(), v1::AGENT_STATE_AWAY);
  EXPECT_EQ(state->agent_state_changed().reason(), "restored");  // never "connected" (online)
  // Away takes no new chats: a buyer waits in the queue.
  auto customer = srv.connect(srv.visitor_token("v-1"));
  ASSERT_TRUE(customer.request(start_conversation(v1::STAGE_PRE_SALES)));
  EXPECT_FALSE(customer.receive_until(is_assigned, std::chrono::milliseconds(500)));
}

TEST(Receipts, RequeueAfterTheGraceTellsTheCustomer) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.shop.routing.disconnect_grace_s = 1;
  chat f(cfg);
  f.agent.close();
  auto notice = f.customer.receive_until([](const auto& e) { return e.has_unassigned(); },
                                         std::chrono::seconds(10));
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->unassigned().conversation_id(), f.id);
  EXPECT_FALSE(notice->unassigned().reason().empty());
}

}  // namespace
}  // namespace fenliu::testing
