// One customer, one open conversation: starts racing on two connections (two tabs, or a
// reconnect while the first start is still being stored) must not open a second conversation.
#include <gtest/gtest.h>

#include "chat_helpers.hpp"
#include "database.hpp"

namespace fenliu::durability {
namespace {

TEST(Start, ConcurrentStartsOfOneCustomerShareOneConversation) {
  testing::temp_dir dir;
  constexpr int customers = 20;
  {
    testing::test_server srv(testing::test_config(dir.path()));
    for (int i = 0; i < customers; ++i) {
      const auto token = srv.visitor_token("v-tabs-" + std::to_string(i));
      auto first = srv.connect(token);
      auto second = srv.connect(token);
      auto start = testing::start_conversation(v1::STAGE_PRE_SALES);
      start.set_request_id(1);
      first.send(start);
      second.send(start);
      auto a = first.receive_until([](const auto& e) { return e.has_conversation_started(); });
      auto b = second.receive_until([](const auto& e) { return e.has_conversation_started(); });
      ASSERT_TRUE(a && b);
      EXPECT_EQ(a->conversation_started().conversation().conversation_id(),
                b->conversation_started().conversation().conversation_id());
      EXPECT_NE(a->conversation_started().resumed(), b->conversation_started().resumed())
          << "exactly one of the two opened it";
    }
  }
  EXPECT_EQ(read_database(dir.path() / "fenliu.db").size(), static_cast<std::size_t>(customers));
}

}  // namespace
}  // namespace fenliu::durability
