// The frames of the routing rules: mark_awaiting_logistics (staff only, a conversation id
// required), the entry's category and language, QueueStatus.no_agents_online.
#include <gtest/gtest.h>

#include <string>

#include "fenliu/router/actions.hpp"
#include "gateway/protocol/encode.hpp"
#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {
namespace {

using body = v1::ClientEnvelope::BodyCase;

std::optional<frame_error> decode(const v1::ClientEnvelope& env, role who) {
  v1::ClientEnvelope out;
  return decode_client_frame(env.SerializeAsString(), true, who, frame_limits{}, out);
}

TEST(RulesFrames, MarkAwaitingLogisticsIsStaffOnlyAndNamesAConversation) {
  EXPECT_FALSE(role_may_send(role::customer, body::kMarkAwaitingLogistics));
  EXPECT_TRUE(role_may_send(role::agent, body::kMarkAwaitingLogistics));
  EXPECT_TRUE(role_may_send(role::supervisor, body::kMarkAwaitingLogistics));
  EXPECT_FALSE(role_may_send(role::qa, body::kMarkAwaitingLogistics));

  v1::ClientEnvelope env;
  env.mutable_mark_awaiting_logistics();
  EXPECT_EQ(decode(env, role::agent)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  env.mutable_mark_awaiting_logistics()->set_conversation_id(42);
  EXPECT_FALSE(decode(env, role::agent));
  EXPECT_EQ(decode(env, role::customer)->code, v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
  const auto req = to_request(env);
  const auto* mark = std::get_if<requests::mark_awaiting_logistics>(&req);
  ASSERT_NE(mark, nullptr);
  EXPECT_EQ(mark->conversation, 42u);
}

TEST(RulesFrames, TheEntryCarriesCategoryAndLanguageWithinTheIdLimit) {
  v1::ClientEnvelope env;
  auto* entry = env.mutable_start_conversation()->mutable_entry();
  entry->set_page_type("product");
  entry->set_category("electronics");
  entry->set_language("en-GB");
  EXPECT_FALSE(decode(env, role::customer));
  const auto req = to_request(env);
  const auto& start = std::get<requests::start_conversation>(req);
  EXPECT_EQ(start.entry.category, "electronics");
  EXPECT_EQ(start.entry.language, "en-GB");
  entry->set_language(std::string(65, 'x'));
  EXPECT_EQ(decode(env, role::customer)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  entry->set_language("en");
  entry->set_category(std::string(65, 'x'));
  EXPECT_EQ(decode(env, role::customer)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
}

TEST(RulesFrames, QueueStatusSaysWhenNobodyIsOnline) {
  router::action::queue_status q;
  q.conversation = 7;
  q.position = 1;
  q.leave_message_offered = true;
  q.no_agents_online = true;
  const auto frame = encode_queue_status(q);
  v1::ServerEnvelope env;
  ASSERT_TRUE(env.ParseFromString(*frame));
  EXPECT_TRUE(env.queue_status().no_agents_online());
  EXPECT_TRUE(env.queue_status().leave_message_offered());
}

}  // namespace
}  // namespace fenliu::gateway
