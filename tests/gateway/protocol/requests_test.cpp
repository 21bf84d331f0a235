// The protobuf-free face of the protocol layer: frames decode into domain requests, encoders
// build the frames the wire documents, and the project codes keep the wire numbers.
#include <gtest/gtest.h>

#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {
namespace {

std::variant<decoded_frame, rejected_frame> decode(client_decoder& d, const v1::ClientEnvelope& env,
                                                   role who = role::agent) {
  return d.decode(env.SerializeAsString(), true, who, {});
}

template <class T>
T request_of(client_decoder& d, const v1::ClientEnvelope& env, role who = role::agent) {
  auto decoded = decode(d, env, who);
  EXPECT_TRUE(std::holds_alternative<decoded_frame>(decoded));
  const auto& frame = std::get<decoded_frame>(decoded);
  EXPECT_EQ(frame.request_id, env.request_id());
  EXPECT_TRUE(std::holds_alternative<T>(frame.body));
  return std::get<T>(frame.body);
}

v1::ServerEnvelope parsed(const frame_ptr& frame) {
  v1::ServerEnvelope env;
  EXPECT_TRUE(env.ParseFromString(*frame));
  return env;
}

TEST(Requests, ASendCarriesItsContentSerializedForTheStore) {
  client_decoder d;
  v1::ClientEnvelope env;
  env.set_request_id(7);
  auto* m = env.mutable_send_message();
  m->set_conversation_id(3);
  m->set_client_msg_id("c-1");
  m->mutable_content()->mutable_product()->set_product_id("p-1");
  m->set_client_time_ms(42);
  const auto r = request_of<requests::send_message>(d, env, role::customer);
  EXPECT_EQ(r.conversation, 3u);
  EXPECT_EQ(r.client_msg_id, "c-1");
  EXPECT_EQ(r.client_time_ms, 42);
  EXPECT_EQ(r.content.kind, store::message_kind::product_card);
  v1::MessageContent content;
  ASSERT_TRUE(content.ParseFromString(r.content.payload));
  EXPECT_EQ(content.product().product_id(), "p-1");
  EXPECT_EQ(r.content.recalls_seq, 0u);
}

TEST(Requests, ForceTransferIsAForcedTransferWithItsTarget) {
  client_decoder d;
  v1::ClientEnvelope env;
  env.mutable_force_transfer()->set_conversation_id(5);
  env.mutable_force_transfer()->mutable_target()->set_stage(v1::STAGE_AFTER_SALES);
  env.mutable_force_transfer()->set_note("refund");
  const auto r = request_of<requests::transfer>(d, env, role::supervisor);
  EXPECT_TRUE(r.forced);
  EXPECT_EQ(r.target.to_stage, router::stage::after_sales);
  EXPECT_FALSE(r.target.to_skill);
  EXPECT_EQ(r.note, "refund");

  v1::ClientEnvelope plain;
  plain.mutable_transfer()->set_conversation_id(5);
  plain.mutable_transfer()->mutable_target()->set_agent_id("pre-2");
  const auto t = request_of<requests::transfer>(d, plain);
  EXPECT_FALSE(t.forced);
  EXPECT_EQ(t.target.to_agent, "pre-2");
}

TEST(Requests, AnUnspecifiedStageLetsTheServerClassify) {
  client_decoder d;
  v1::ClientEnvelope env;
  env.mutable_start_conversation()->mutable_entry()->set_order_id("o-1");
  auto r = request_of<requests::start_conversation>(d, env, role::customer);
  EXPECT_FALSE(r.requested_stage);
  EXPECT_EQ(r.entry.order_id, "o-1");
  env.mutable_start_conversation()->set_requested_stage(v1::STAGE_IN_SALE);
  r = request_of<requests::start_conversation>(d, env, role::customer);
  EXPECT_EQ(r.requested_stage, router::stage::in_sale);
}

TEST(Requests, RefusalsCarryTheProjectCodeAndTheRequestId) {
  client_decoder d;
  v1::ClientEnvelope env;
  env.set_request_id(11);
  env.mutable_set_agent_state()->set_state(v1::AGENT_STATE_ONLINE);
  auto decoded = decode(d, env, role::customer);
  ASSERT_TRUE(std::holds_alternative<rejected_frame>(decoded));
  EXPECT_EQ(std::get<rejected_frame>(decoded).code, error_code::forbidden_for_role);
  EXPECT_EQ(std::get<rejected_frame>(decoded).request_id, 11u);
  decoded = d.decode("hello", false, role::customer, {});
  EXPECT_EQ(std::get<rejected_frame>(decoded).code, error_code::text_frame);
  EXPECT_EQ(d.request_id_of(env.SerializeAsString(), true), 11u);
  EXPECT_EQ(d.request_id_of(std::string("\x0a\xff\xff", 3), true), 0u);
  EXPECT_EQ(d.request_id_of(env.SerializeAsString(), false), 0u);
}

TEST(Encode, ErrorsAndCloseCodesKeepTheWireNumbers) {
  const auto env = parsed(encode_error(4, error_code::conversation_closed, "closed"));
  EXPECT_EQ(env.request_id(), 4u);
  EXPECT_EQ(env.error().code(), v1::ERROR_CODE_CONVERSATION_CLOSED);
  EXPECT_FALSE(env.error().retryable());
  EXPECT_TRUE(parsed(encode_error(0, error_code::overloaded, "x")).error().retryable());
  EXPECT_EQ(*encode_error(4, error_code::store_unavailable, "x"),
            *make_error(4, v1::ERROR_CODE_STORE_UNAVAILABLE, "x"));
  EXPECT_EQ(static_cast<int>(close_code::slow_consumer), v1::CLOSE_CODE_SLOW_CONSUMER);
  EXPECT_EQ(to_v1(close_code::token_expired), v1::CLOSE_CODE_TOKEN_EXPIRED);
}

TEST(Encode, AResumeResultSaysWhetherMoreFollows) {
  store::conversation_record rec;
  rec.id = 9;
  rec.stage = to_store_stage(router::stage::in_sale);
  rec.state = store::conversation_state::active;
  rec.last_seq = 20;
  auto env = parsed(encode_resume_result(3, rec, {1, 10, false, true, 0, 0}));
  EXPECT_EQ(env.request_id(), 3u);
  const auto& r = env.resume_result();
  EXPECT_EQ(r.conversation_id(), 9u);
  EXPECT_EQ(r.from_seq(), 1u);
  EXPECT_EQ(r.to_seq(), 10u);
  EXPECT_TRUE(r.more());
  EXPECT_FALSE(r.resync());
  EXPECT_EQ(r.conversation().stage(), v1::STAGE_IN_SALE);
  EXPECT_EQ(r.conversation().last_seq(), 20u);
  env = parsed(encode_resume_result(3, rec, {0, 0, true, false, 0, 0}));
  EXPECT_TRUE(env.resume_result().resync());
  EXPECT_FALSE(env.resume_result().more());
}

TEST(Encode, AStoredMessageReadsBackAsTheWireMessage) {
  store::stored_message m;
  m.conversation = 2;
  m.seq = 5;
  m.role = store::sender_role::supervisor;
  m.sender_id = "sup-1";
  m.client_msg_id = "w-1";
  const auto content = text_content("psst");
  m.kind = content.kind;
  m.payload = content.payload;
  m.staff_only = true;
  m.created_at = 1000;
  const auto env = parsed(encode_message(m, 77));
  EXPECT_EQ(env.request_id(), 0u);  // a push
  EXPECT_EQ(env.message().client_time_ms(), 77);
  const auto& msg = env.message().message();
  EXPECT_EQ(msg.seq(), 5u);
  EXPECT_EQ(msg.sender_role(), v1::ROLE_SUPERVISOR);
  EXPECT_EQ(msg.content().text(), "psst");
  EXPECT_EQ(msg.visibility(), v1::VISIBILITY_STAFF_ONLY);
  EXPECT_EQ(msg.sent_at_ms(), 1000);

  const auto recall = recall_content(5);
  EXPECT_EQ(recall.recalls_seq, 5u);
  EXPECT_EQ(recall.kind, store::message_kind::recall);
}

TEST(Encode, TheTransferNoteIsOnlyInTheFrameThatCarriesIt) {
  conversation_info c;
  c.id = 4;
  c.agent = "pre-1";
  const auto customer = parsed(encode_assigned(c, "Li", ""));
  EXPECT_EQ(customer.assigned().agent_display_name(), "Li");
  EXPECT_TRUE(customer.assigned().transfer_note().empty());
  EXPECT_EQ(parsed(encode_assigned(c, "Li", "VIP")).assigned().transfer_note(), "VIP");
}

}  // namespace
}  // namespace fenliu::gateway
