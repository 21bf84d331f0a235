// Resume over real sockets: exactly the missing messages in order, then live ones; an explicit
// resync past the retention window; history paging backwards with `more`.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "chat_helpers.hpp"
#include "database.hpp"

namespace fenliu::durability {
namespace {

using testing::ws_client;

TEST(Resume, AReconnectingAgentGetsExactlyTheMissingMessagesInOrderThenLiveOnes) {
  testing::temp_dir dir;
  testing::test_server srv(testing::test_config(dir.path()));
  const auto agent_token = srv.staff_token(gateway::role::agent, "pre-1");
  auto customer = srv.connect(srv.visitor_token("v-resume"));
  std::uint64_t id = 0;
  {
    auto agent = srv.connect_agent("pre-1");
    id = start_assigned(customer, agent);
    ASSERT_NE(id, 0u);
    for (int i = 1; i <= 5; ++i) {
      EXPECT_EQ(send_acked(customer, id, fmt::format("c-{}", i), fmt::format("m{}", i)),
                static_cast<std::uint64_t>(i));
      auto got = next_message(agent, id);
      ASSERT_TRUE(got);
      EXPECT_EQ(got->seq(), static_cast<std::uint64_t>(i));
    }
    agent.close();
  }
  // Written while the agent is away (its chats are held for the reconnect grace).
  for (int i = 6; i <= 10; ++i) {
    EXPECT_EQ(send_acked(customer, id, fmt::format("c-{}", i), fmt::format("m{}", i)),
              static_cast<std::uint64_t>(i));
  }

  auto agent = connect_welcomed(srv, agent_token);
  ASSERT_EQ(agent.welcome.open_conversations_size(), 1);
  EXPECT_EQ(agent.welcome.open_conversations(0), id);
  auto r = resume(agent.client, id, 5);
  ASSERT_TRUE(r.result);
  EXPECT_EQ(seqs_of(r.replayed), range(6, 10));
  for (const auto& m : r.replayed) {
    EXPECT_EQ(m.content().text(), fmt::format("m{}", m.seq()));
    EXPECT_EQ(m.client_msg_id(), fmt::format("c-{}", m.seq()));
  }
  EXPECT_FALSE(r.result->resync());
  EXPECT_EQ(r.result->from_seq(), 6u);
  EXPECT_EQ(r.result->to_seq(), 10u);
  EXPECT_EQ(r.result->conversation().last_seq(), 10u);

  // Then live: the next message is seq 11, nothing replayed twice, nothing skipped.
  EXPECT_EQ(send_acked(customer, id, "c-11", "m11"), 11u);
  auto live = next_message(agent.client, id);
  ASSERT_TRUE(live);
  EXPECT_EQ(live->seq(), 11u);

  // Up to date: an empty replay that says so.
  auto none = resume(agent.client, id, 11);
  ASSERT_TRUE(none.result);
  EXPECT_TRUE(none.replayed.empty());
  EXPECT_FALSE(none.result->resync());
  EXPECT_EQ(none.result->to_seq(), 11u);
}

TEST(Resume, PastTheRetentionWindowTheAnswerIsResyncNeverASilentGap) {
  testing::temp_dir dir;
  auto config = testing::test_config(dir.path());
  config.store.retention_days = 1;
  std::uint64_t id = 0;
  {
    testing::test_server srv(config);
    auto agent = srv.connect_agent("pre-1");
    auto customer = srv.connect(srv.visitor_token("v-old"));
    id = start_assigned(customer, agent);
    ASSERT_NE(id, 0u);
    for (int i = 1; i <= 4; ++i) {
      EXPECT_EQ(send_acked(customer, id, fmt::format("c-{}", i), fmt::format("m{}", i)),
                static_cast<std::uint64_t>(i));
    }
  }
  // The first two messages were written three days ago (the server is stopped meanwhile).
  execute_sql(dir.path() / "fenliu.db",
              fmt::format("UPDATE messages SET created_at = created_at - {} "
                          "WHERE conversation_id = {} AND seq <= 2",
                          3LL * 24 * 3600 * 1000, id));

  testing::test_server srv(config);
  auto customer = srv.connect(srv.visitor_token("v-old"));
  for (std::uint64_t from : {0u, 1u}) {
    auto r = resume(customer, id, from);
    ASSERT_TRUE(r.result);
    EXPECT_TRUE(r.result->resync()) << "from " << from;
    EXPECT_TRUE(r.replayed.empty()) << "a resync answer replays nothing";
  }
  // Resuming from inside the window still works.
  auto fresh = resume(customer, id, 2);
  ASSERT_TRUE(fresh.result);
  EXPECT_FALSE(fresh.result->resync());
  EXPECT_EQ(seqs_of(fresh.replayed), range(3, 4));
}

std::vector<std::uint64_t> history_page(ws_client& c, std::uint64_t id, std::uint64_t before,
                                        std::uint32_t limit, bool& more) {
  v1::ClientEnvelope env;
  env.mutable_fetch_history()->set_conversation_id(id);
  env.mutable_fetch_history()->set_before_seq(before);
  env.mutable_fetch_history()->set_limit(limit);
  auto page = c.request(env);
  EXPECT_TRUE(page && page->has_history()) << (page ? page->DebugString() : "no reply");
  std::vector<std::uint64_t> seqs;
  if (page && page->has_history()) {
    for (const auto& m : page->history().messages()) {
      seqs.push_back(m.seq());
    }
    more = page->history().more();
  }
  return seqs;
}

TEST(Resume, HistoryPagesBackwardsWithBeforeSeqAndMore) {
  testing::temp_dir dir;
  testing::test_server srv(testing::test_config(dir.path()));
  auto agent = srv.connect_agent("pre-1");
  auto customer = srv.connect(srv.visitor_token("v-history"));
  const auto id = start_assigned(customer, agent);
  ASSERT_NE(id, 0u);
  for (int i = 1; i <= 25; ++i) {
    auto& sender = i % 3 == 0 ? agent : customer;
    EXPECT_EQ(send_acked(sender, id, fmt::format("h-{}", i), fmt::format("h{}", i)),
              static_cast<std::uint64_t>(i));
  }
  bool more = false;
  EXPECT_EQ(history_page(agent, id, 0, 10, more),
            (std::vector<std::uint64_t>{25, 24, 23, 22, 21, 20, 19, 18, 17, 16}));
  EXPECT_TRUE(more);
  EXPECT_EQ(history_page(agent, id, 16, 10, more),
            (std::vector<std::uint64_t>{15, 14, 13, 12, 11, 10, 9, 8, 7, 6}));
  EXPECT_TRUE(more);
  EXPECT_EQ(history_page(agent, id, 6, 10, more), (std::vector<std::uint64_t>{5, 4, 3, 2, 1}));
  EXPECT_FALSE(more);
  // Exactly one page left: `more` is false, not a page that turns out empty.
  EXPECT_EQ(history_page(customer, id, 6, 5, more), (std::vector<std::uint64_t>{5, 4, 3, 2, 1}));
  EXPECT_FALSE(more);
}

}  // namespace
}  // namespace fenliu::durability
