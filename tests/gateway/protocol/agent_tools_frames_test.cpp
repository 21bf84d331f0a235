// The frames of the agent's tools: who may send them, what each must carry, and the customer
// record and phrase frames as the wire shows them.
#include <gtest/gtest.h>

#include <string>

#include "gateway/protocol/customer_frames.hpp"
#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {
namespace {

using body = v1::ClientEnvelope::BodyCase;

std::optional<frame_error> decode(const v1::ClientEnvelope& env, role who) {
  v1::ClientEnvelope out;
  return decode_client_frame(env.SerializeAsString(), true, who, frame_limits{20, 64}, out);
}

v1::ServerEnvelope parse(const frame_ptr& f) {
  v1::ServerEnvelope env;
  EXPECT_TRUE(env.ParseFromArray(f->data(), static_cast<int>(f->size())));
  return env;
}

TEST(AgentToolsFrames, OnlyStaffUseTheToolsAndQaNeverWritesTheRecord) {
  for (const body b : {body::kFetchQuickPhrases, body::kSaveQuickPhrase, body::kDeleteQuickPhrase,
                       body::kEditCustomerTags, body::kAddCustomerNote, body::kFetchSuggestions}) {
    EXPECT_FALSE(role_may_send(role::customer, b)) << b;
    EXPECT_TRUE(role_may_send(role::agent, b)) << b;
    EXPECT_TRUE(role_may_send(role::supervisor, b)) << b;
    EXPECT_FALSE(role_may_send(role::qa, b)) << b;
  }
}

TEST(AgentToolsFrames, EachFrameNamesWhatItNeeds) {
  v1::ClientEnvelope tags;
  tags.mutable_edit_customer_tags()->set_conversation_id(3);
  EXPECT_EQ(decode(tags, role::agent)->code, v1::ERROR_CODE_INVALID_ARGUMENT) << "no tag at all";
  tags.mutable_edit_customer_tags()->add_add("");
  EXPECT_EQ(decode(tags, role::agent)->code, v1::ERROR_CODE_INVALID_ARGUMENT) << "empty tag";
  tags.mutable_edit_customer_tags()->set_add(0, "老客户");
  EXPECT_FALSE(decode(tags, role::agent));
  tags.mutable_edit_customer_tags()->set_conversation_id(0);
  EXPECT_EQ(decode(tags, role::agent)->code, v1::ERROR_CODE_INVALID_ARGUMENT);

  v1::ClientEnvelope note;
  note.mutable_add_customer_note()->set_conversation_id(3);
  EXPECT_EQ(decode(note, role::agent)->code, v1::ERROR_CODE_INVALID_ARGUMENT) << "empty note";
  note.mutable_add_customer_note()->set_text(std::string(20, 'x'));
  EXPECT_FALSE(decode(note, role::agent));
  note.mutable_add_customer_note()->set_text(std::string(21, 'x'));
  EXPECT_EQ(decode(note, role::agent)->code, v1::ERROR_CODE_TEXT_TOO_LONG);

  v1::ClientEnvelope save;
  save.mutable_save_quick_phrase()->mutable_phrase()->set_text("您好");
  EXPECT_EQ(decode(save, role::agent)->code, v1::ERROR_CODE_INVALID_ARGUMENT) << "no shortcut";
  save.mutable_save_quick_phrase()->mutable_phrase()->set_shortcut("hi");
  EXPECT_FALSE(decode(save, role::agent));
  save.mutable_save_quick_phrase()->mutable_phrase()->set_text("");
  EXPECT_EQ(decode(save, role::agent)->code, v1::ERROR_CODE_INVALID_ARGUMENT) << "no text";

  v1::ClientEnvelope del;
  del.mutable_delete_quick_phrase();
  EXPECT_EQ(decode(del, role::agent)->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  v1::ClientEnvelope phrases;
  phrases.mutable_fetch_quick_phrases();
  EXPECT_FALSE(decode(phrases, role::agent)) << "0: the phrases unrendered";
  v1::ClientEnvelope suggest;
  suggest.mutable_fetch_suggestions();
  EXPECT_EQ(decode(suggest, role::agent)->code, v1::ERROR_CODE_INVALID_ARGUMENT);

  const auto req = to_request(tags);
  const auto* edit = std::get_if<requests::edit_customer_tags>(&req);
  ASSERT_NE(edit, nullptr);
  EXPECT_EQ(edit->add, std::vector<std::string>{"老客户"});
}

TEST(AgentToolsFrames, TheRecordLeavesOutTheConversationItIsSentFor) {
  customer_record rec;
  rec.file.customer.id = "c-1";
  rec.file.customer.display_name = "王小姐";
  rec.file.customer.vip = true;  // an older row: VIP without a level reads as level 1
  rec.file.notes.push_back({7, "c-1", "shop", "li.na", "李娜", "脚宽", 1000});
  rec.file.conversations.push_back({5, store::stage_code::after_sales,
                                    store::conversation_state::active, "", 10, 20, 0, ""});
  rec.file.conversations.push_back({4, store::stage_code::pre_sales,
                                    store::conversation_state::closed, "li.na", 1, 2, 5, "好"});
  rec.file.left_messages.push_back({3, "c-1", "请回电", "138", 30});
  rec.agent_names = {{"li.na", "李娜"}};
  rec.shop_tags = {"老客户"};
  const auto env = parse(encode_customer_profile(9, rec, 5));
  ASSERT_TRUE(env.has_customer_profile());
  const auto& p = env.customer_profile();
  EXPECT_EQ(env.request_id(), 9u);
  EXPECT_EQ(p.conversation_id(), 5u);
  EXPECT_EQ(p.vip_level(), 1u);
  EXPECT_TRUE(p.vip());
  ASSERT_EQ(p.past_conversations_size(), 1);
  EXPECT_EQ(p.past_conversations(0).conversation_id(), 4u);
  EXPECT_EQ(p.past_conversations(0).agent_display_name(), "李娜");
  EXPECT_EQ(p.past_conversations(0).rating_stars(), 5u);
  EXPECT_EQ(p.past_conversations(0).stage(), v1::STAGE_PRE_SALES);
  ASSERT_EQ(p.notes_size(), 1);
  EXPECT_EQ(p.notes(0).author_name(), "李娜");
  ASSERT_EQ(p.left_messages_size(), 1);
  EXPECT_EQ(p.left_messages(0).contact(), "138");
  EXPECT_EQ(p.shop_tags(0), "老客户");
}

}  // namespace
}  // namespace fenliu::gateway
