// Wire and router values <-> the store's own numbering (fenliu/store/codes.hpp): every value
// converts, and none is a cast of another enum's number.
#include <gtest/gtest.h>

#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {
namespace {

TEST(StoreCodes, EveryRouterStageRoundTripsThroughTheStoreNumbering) {
  const std::pair<router::stage, store::stage_code> table[] = {
      {router::stage::pre_sales, store::stage_code::pre_sales},
      {router::stage::in_sale, store::stage_code::in_sale},
      {router::stage::after_sales, store::stage_code::after_sales},
  };
  for (const auto& [domain, stored] : table) {
    EXPECT_EQ(to_store_stage(domain), stored);
    EXPECT_EQ(from_store_stage(stored), domain);
  }
  // A code no build wrote (a damaged row) is read as pre-sales, as before.
  EXPECT_EQ(from_store_stage(static_cast<store::stage_code>(2)), router::stage::pre_sales);
}

TEST(StoreCodes, TheQaStageFilterIsAnyStageOnlyWhenUnspecified) {
  EXPECT_EQ(to_store_stage(v1::STAGE_UNSPECIFIED), std::nullopt);
  EXPECT_EQ(to_store_stage(v1::STAGE_PRE_SALES), store::stage_code::pre_sales);
  EXPECT_EQ(to_store_stage(v1::STAGE_IN_SALE), store::stage_code::in_sale);
  EXPECT_EQ(to_store_stage(v1::STAGE_AFTER_SALES), store::stage_code::after_sales);
}

TEST(StoreCodes, AStoredConversationShowsWireStageAndState) {
  store::conversation_record rec;
  rec.id = 7;
  rec.stage = store::stage_code::after_sales;
  rec.state = store::conversation_state::wrap_up;
  v1::ConversationInfo info;
  to_v1(rec, info);
  EXPECT_EQ(info.stage(), v1::STAGE_AFTER_SALES);
  EXPECT_EQ(info.state(), v1::CONVERSATION_STATE_WRAP_UP);

  const std::pair<store::conversation_state, v1::ConversationState> states[] = {
      {store::conversation_state::bot, v1::CONVERSATION_STATE_BOT},
      {store::conversation_state::queued, v1::CONVERSATION_STATE_QUEUED},
      {store::conversation_state::offered, v1::CONVERSATION_STATE_OFFERED},
      {store::conversation_state::active, v1::CONVERSATION_STATE_ACTIVE},
      {store::conversation_state::wrap_up, v1::CONVERSATION_STATE_WRAP_UP},
      {store::conversation_state::closed, v1::CONVERSATION_STATE_CLOSED},
      {store::conversation_state::left_message, v1::CONVERSATION_STATE_LEFT_MESSAGE},
      {store::conversation_state::abandoned, v1::CONVERSATION_STATE_ABANDONED},
  };
  for (const auto& [stored, wire] : states) {
    EXPECT_EQ(to_v1(stored), wire);
  }
}

TEST(StoreCodes, EveryContentKindHasAStoreKind) {
  using c = v1::MessageContent::ContentCase;
  EXPECT_EQ(to_store_kind(c::kText), store::message_kind::text);
  EXPECT_EQ(to_store_kind(c::kImage), store::message_kind::image);
  EXPECT_EQ(to_store_kind(c::kProduct), store::message_kind::product_card);
  EXPECT_EQ(to_store_kind(c::kOrder), store::message_kind::order_card);
  EXPECT_EQ(to_store_kind(c::kNotice), store::message_kind::system_notice);
  EXPECT_EQ(to_store_kind(c::kBot), store::message_kind::bot_answer);
  EXPECT_EQ(to_store_kind(c::kRecall), store::message_kind::recall);
}

}  // namespace
}  // namespace fenliu::gateway
