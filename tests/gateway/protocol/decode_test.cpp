// Decoding and validation of client frames: stable codes per case, the role matrix.
#include <gtest/gtest.h>

#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {
namespace {

using body = v1::ClientEnvelope::BodyCase;

std::optional<frame_error> decode(const v1::ClientEnvelope& env, role who,
                                  frame_limits limits = {}) {
  v1::ClientEnvelope out;
  return decode_client_frame(env.SerializeAsString(), true, who, limits, out);
}

v1::ClientEnvelope text(std::uint64_t conv, std::string id, std::string body_text) {
  v1::ClientEnvelope env;
  env.set_request_id(9);
  auto* m = env.mutable_send_message();
  m->set_conversation_id(conv);
  m->set_client_msg_id(std::move(id));
  m->mutable_content()->set_text(std::move(body_text));
  return env;
}

TEST(Decode, AValidSendIsAcceptedForEveryRoleThatMaySend) {
  for (role r : {role::customer, role::agent, role::supervisor}) {
    EXPECT_FALSE(decode(text(1, "m", "hi"), r)) << to_string(r);
  }
  auto err = decode(text(1, "m", "hi"), role::qa);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
  EXPECT_EQ(err->request_id, 9u);
}

TEST(Decode, TextFramesAndGarbageHaveTheirOwnCodes) {
  v1::ClientEnvelope out;
  auto err = decode_client_frame("hello", false, role::customer, {}, out);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, v1::ERROR_CODE_TEXT_FRAME);
  err = decode_client_frame(std::string("\x0a\xff\xff", 3), true, role::customer, {}, out);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, v1::ERROR_CODE_MALFORMED);
  err = decode_client_frame("", true, role::customer, {}, out);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, v1::ERROR_CODE_UNKNOWN_FRAME);
}

TEST(Decode, TextLengthCountsCharactersNotBytesAtTheExactLimit) {
  frame_limits limits;
  limits.max_text_chars = 3;
  EXPECT_FALSE(decode(text(1, "m", "分流了"), role::customer, limits));
  auto err = decode(text(1, "m", "分流了!"), role::customer, limits);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, v1::ERROR_CODE_TEXT_TOO_LONG);
  EXPECT_EQ(utf8_length("分流ab"), 4u);
}

TEST(Decode, IdsAreBoundedAndRequired) {
  EXPECT_FALSE(decode(text(1, std::string(64, 'x'), "hi"), role::customer));
  EXPECT_EQ(decode(text(1, std::string(65, 'x'), "hi"), role::customer)->code,
            v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(decode(text(1, "", "hi"), role::customer)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(decode(text(0, "m", "hi"), role::customer)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(decode(text(1, "m", ""), role::customer)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
}

TEST(Decode, ClientsMayNotSendServerOnlyContent) {
  v1::ClientEnvelope env = text(1, "m", "");
  env.mutable_send_message()->mutable_content()->mutable_notice()->set_kind("closed");
  EXPECT_EQ(decode(env, role::agent)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  env.mutable_send_message()->mutable_content()->mutable_bot()->set_text("fake bot");
  EXPECT_EQ(decode(env, role::customer)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
}

TEST(Decode, OnlySupervisorsWhisper) {
  auto env = text(1, "m", "psst");
  env.mutable_send_message()->set_whisper(true);
  EXPECT_FALSE(decode(env, role::supervisor));
  EXPECT_EQ(decode(env, role::agent)->code, v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
}

TEST(Decode, MarkReadNeedsAConversationAndASeq) {
  v1::ClientEnvelope env;
  env.mutable_mark_read()->set_conversation_id(4);
  env.mutable_mark_read()->set_seq(2);
  EXPECT_FALSE(decode(env, role::customer));
  env.mutable_mark_read()->set_seq(0);
  EXPECT_EQ(decode(env, role::agent)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  env.mutable_mark_read()->set_seq(2);
  env.mutable_mark_read()->set_conversation_id(0);
  EXPECT_EQ(decode(env, role::supervisor)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  env.mutable_mark_read()->set_conversation_id(4);
  EXPECT_EQ(decode(env, role::qa)->code, v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
}

TEST(Decode, RoleMatrix) {
  struct row {
    body b;
    bool customer, agent, supervisor, qa;
  };
  const row rows[] = {
      {body::kPing, true, true, true, true},
      {body::kStartConversation, true, false, false, false},
      {body::kRate, true, false, false, false},
      {body::kRequestHuman, true, false, false, false},
      {body::kAcceptOffer, false, true, true, false},
      {body::kTransfer, false, true, true, false},
      {body::kBarge, false, false, true, false},
      {body::kForceAgentState, false, false, true, false},
      {body::kSubmitQaReview, false, false, false, true},
      {body::kFetchTranscript, false, false, true, true},
      {body::kSendMessage, true, true, true, false},
      {body::kFetchProducts, false, true, true, false},
      {body::kMarkRead, true, true, true, false},  // QA never writes, not even a read mark
      {body::BODY_NOT_SET, false, false, false, false},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(role_may_send(role::customer, r.b), r.customer) << r.b;
    EXPECT_EQ(role_may_send(role::agent, r.b), r.agent) << r.b;
    EXPECT_EQ(role_may_send(role::supervisor, r.b), r.supervisor) << r.b;
    EXPECT_EQ(role_may_send(role::qa, r.b), r.qa) << r.b;
    // Admin tokens never reach a session (the handshake refuses them); nor would any frame.
    EXPECT_FALSE(role_may_send(role::admin, r.b)) << r.b;
  }
}

TEST(Decode, CardsCarryTheirIdForTheServerToRebuild) {
  auto env = text(1, "m", "");
  env.mutable_send_message()->mutable_content()->mutable_product()->set_product_id("p-1");
  env.mutable_send_message()->mutable_content()->mutable_product()->set_price_cents(1);
  ASSERT_FALSE(decode(env, role::agent));
  auto req = std::get<requests::send_message>(to_request(env));
  EXPECT_EQ(req.content.card_id, "p-1");
  EXPECT_EQ(req.content.kind, store::message_kind::product_card);
  env.mutable_send_message()->mutable_content()->mutable_order()->set_order_id("");
  EXPECT_EQ(decode(env, role::agent)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  v1::ClientEnvelope fetch;
  fetch.mutable_fetch_products()->set_query(std::string(5000, 'x'));
  EXPECT_EQ(decode(fetch, role::agent)->code, v1::ERROR_CODE_TEXT_TOO_LONG);
}

TEST(Decode, FieldChecksPerFrame) {
  v1::ClientEnvelope env;
  env.mutable_rate()->set_conversation_id(1);
  env.mutable_rate()->set_stars(0);
  EXPECT_EQ(decode(env, role::customer)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  env.mutable_rate()->set_stars(5);
  EXPECT_FALSE(decode(env, role::customer));

  v1::ClientEnvelope state;
  state.mutable_set_agent_state();
  EXPECT_EQ(decode(state, role::agent)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  state.mutable_set_agent_state()->set_state(v1::AGENT_STATE_AWAY);
  EXPECT_FALSE(decode(state, role::agent));

  v1::ClientEnvelope transfer;
  transfer.mutable_transfer()->set_conversation_id(3);
  EXPECT_EQ(decode(transfer, role::agent)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  transfer.mutable_transfer()->mutable_target()->set_stage(v1::STAGE_AFTER_SALES);
  EXPECT_FALSE(decode(transfer, role::agent));

  v1::ClientEnvelope review;
  review.mutable_submit_qa_review()->set_conversation_id(3);
  EXPECT_EQ(decode(review, role::qa)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  auto* score = review.mutable_submit_qa_review()->add_scores();
  score->set_item("tone");
  score->set_score(101);
  EXPECT_EQ(decode(review, role::qa)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  score->set_score(100);
  EXPECT_FALSE(decode(review, role::qa));

  v1::ClientEnvelope sample;
  sample.mutable_fetch_qa_sample()->set_stage(static_cast<v1::Stage>(9));
  EXPECT_EQ(decode(sample, role::qa)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  sample.mutable_fetch_qa_sample()->set_stage(v1::STAGE_UNSPECIFIED);  // any stage
  EXPECT_FALSE(decode(sample, role::qa));
  sample.mutable_fetch_qa_sample()->set_stage(v1::STAGE_IN_SALE);
  EXPECT_FALSE(decode(sample, role::qa));
}

TEST(Encode, ErrorsSayWhetherToRetry) {
  v1::ServerEnvelope env;
  ASSERT_TRUE(env.ParseFromString(*make_error(4, v1::ERROR_CODE_STORE_UNAVAILABLE, "x")));
  EXPECT_EQ(env.request_id(), 4u);
  EXPECT_TRUE(env.error().retryable());
  ASSERT_TRUE(env.ParseFromString(*make_error(4, v1::ERROR_CODE_FORBIDDEN_FOR_ROLE, "x")));
  EXPECT_FALSE(env.error().retryable());
}

}  // namespace
}  // namespace fenliu::gateway
