// Bad frames get a stable error code and the connection keeps working; a flood closes it.
#include <gtest/gtest.h>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using gateway::role;

bool still_works(ws_client& c) {
  auto pong = c.request(ping());
  return pong && pong->has_pong();
}

class Frames : public ::testing::Test {
 protected:
  temp_dir dir_;
  test_server srv_{test_config(dir_.path())};
};

TEST_F(Frames, TextFrameGetsTextFrameErrorAndTheConnectionStaysOpen) {
  auto c = srv_.connect(srv_.visitor_token("v-1"));
  c.send_text("{\"hello\":1}");
  auto err = c.receive();
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_TEXT_FRAME);
  EXPECT_FALSE(err->error().retryable());
  EXPECT_TRUE(still_works(c));
}

TEST_F(Frames, GarbageBytesGetMalformed) {
  auto c = srv_.connect(srv_.visitor_token("v-1"));
  c.send_binary(std::string("\xff\xff\xff\xff\x0f garbage", 13));
  auto err = c.receive();
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_MALFORMED);
  EXPECT_TRUE(still_works(c));
}

TEST_F(Frames, InvalidUtf8InAStringFieldIsMalformed) {
  auto c = srv_.connect(srv_.visitor_token("v-1"));
  auto env = send_text(1, "m1", "x");
  auto bytes = env.SerializeAsString();
  const auto pos = bytes.find('x');
  ASSERT_NE(pos, std::string::npos);
  bytes[pos] = '\xc3';  // a lone lead byte
  c.send_binary(bytes);
  auto err = c.receive();
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_MALFORMED);
}

TEST_F(Frames, UnknownFrameTypeGetsUnknownFrameWithTheRequestIdEchoed) {
  auto c = srv_.connect(srv_.visitor_token("v-1"));
  // request_id = 7, then field 99 (not in the schema) = 1.
  c.send_binary(std::string("\x08\x07\x98\x06\x01", 5));
  auto err = c.receive();
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_UNKNOWN_FRAME);
  EXPECT_EQ(err->request_id(), 7u);
  EXPECT_TRUE(still_works(c));
}

TEST_F(Frames, EmptyEnvelopeIsUnknownFrame) {
  auto c = srv_.connect(srv_.visitor_token("v-1"));
  c.send_binary("");
  auto err = c.receive();
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_UNKNOWN_FRAME);
}

TEST_F(Frames, AFrameTheRoleMayNotSendIsForbidden) {
  auto customer = srv_.connect(srv_.visitor_token("v-1"));
  v1::ClientEnvelope accept;
  accept.mutable_accept_offer()->set_conversation_id(1);
  auto err = customer.request(accept);
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);

  auto qa = srv_.connect(srv_.staff_token(role::qa, "qa-1"));
  err = qa.request(send_text(1, "m1", "QA never writes"));
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);

  auto agent = srv_.connect(srv_.staff_token(role::agent, "pre-1"));
  v1::ClientEnvelope board;
  board.mutable_subscribe_board()->set_subscribe(true);
  err = agent.request(board);
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
  EXPECT_TRUE(still_works(customer));
}

TEST_F(Frames, OutOfRangeFieldsAreInvalidArgument) {
  auto c = srv_.connect(srv_.visitor_token("v-1"));
  auto err = c.request(send_text(0, "m1", "no conversation"));
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  err = c.request(send_text(5, std::string(65, 'x'), "id too long"));
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  v1::ClientEnvelope rate;
  rate.mutable_rate()->set_conversation_id(5);
  rate.mutable_rate()->set_stars(6);
  err = c.request(rate);
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
}

TEST_F(Frames, SomeoneElsesConversationIsNotAParticipant) {
  auto c = srv_.connect(srv_.visitor_token("v-1"));
  auto err = c.request(send_text(424242, "m1", "hello"));
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_NOT_A_PARTICIPANT);
}

TEST(FramesLimits, TextLongerThanTheLimitIsRefusedAtTheExactBound) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.max_text_chars = 10;
  test_server srv(cfg);
  auto agent = srv.connect_agent("pre-1");
  auto c = srv.connect(srv.visitor_token("v-1"));
  auto started = c.request(start_conversation(v1::STAGE_PRE_SALES));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto id = started->conversation_started().conversation().conversation_id();
  // Ten characters (Chinese: three bytes each) pass; eleven do not.
  auto ok = c.request(send_text(id, "m1", "你好你好你好你好你好"));
  ASSERT_TRUE(ok && ok->has_send_ack());
  auto err = c.request(send_text(id, "m2", "你好你好你好你好你好!"));
  ASSERT_TRUE(err && err->has_error());
  EXPECT_EQ(err->error().code(), v1::ERROR_CODE_TEXT_TOO_LONG);
}

TEST(FramesLimits, AFloodOfBadFramesClosesWithBadFramesAtTheBound) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.bad_frames_to_close = 5;
  cfg.limits.bad_frames_window_s = 60;
  test_server srv(cfg);
  auto c = srv.connect(srv.visitor_token("v-1"));
  for (int i = 0; i < 5; ++i) {
    c.send_text("bad");
    auto err = c.receive();
    ASSERT_TRUE(err && err->has_error()) << i;
  }
  EXPECT_TRUE(still_works(c));
  c.send_text("one too many");
  EXPECT_EQ(c.wait_for_close(), v1::CLOSE_CODE_BAD_FRAMES);
  // Everyone else keeps being served.
  auto other = srv.connect(srv.visitor_token("v-2"));
  EXPECT_TRUE(still_works(other));
}

TEST(FramesLimits, OversizeFrameClosesWith1009AndTheLimitItselfPasses) {
  temp_dir dir;
  auto cfg = test_config(dir.path());
  cfg.limits.max_message_bytes = 1024;
  test_server srv(cfg);
  auto c = srv.connect(srv.visitor_token("v-1"));
  // Exactly the limit is accepted (garbage, so an error frame comes back, but no close).
  c.send_binary(std::string(1024, '\xff'));
  auto err = c.receive();
  ASSERT_TRUE(err && err->has_error());
  c.send_binary(std::string(1025, '\xff'));
  EXPECT_EQ(c.wait_for_close(), 1009);
  auto other = srv.connect(srv.visitor_token("v-2"));
  EXPECT_TRUE(still_works(other));
}

}  // namespace
}  // namespace fenliu::testing
