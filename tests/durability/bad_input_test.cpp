// Hostile and unusual texts over real sockets: stored verbatim, delivered byte for byte to the
// agent live, in a Resume replay, in history, and on disk.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "chat_helpers.hpp"
#include "database.hpp"

namespace fenliu::durability {
namespace {

// Roughly 64 KiB of mixed scripts, cut on a code point boundary.
std::string big_mixed_text() {
  const std::string unit = "尺码XL有货吗? Is size XL in stock? 🙂 ' OR 1=1; -- \"q\" \\ % _ ";
  std::string text;
  while (text.size() + unit.size() <= 64 * 1024 - 16) {
    text += unit;
  }
  return text;
}

std::vector<std::string> hostile_texts() {
  using namespace std::string_literals;
  return {
      "'; DROP TABLE messages; --",
      "Robert'); DELETE FROM conversations WHERE '1'='1'; --",
      "100% _sure_ \\' LIKE '%' ESCAPE '\\' /* comment */ ;",
      "👍🏽 👨‍👩‍👧‍👦 🇨🇳 emoji with joiners and skin tones",
      "这件衣服有XL吗? Do you have it in XL? 谢谢, thanks!",
      "مرحبا e\u0301 combining and right-to-left",
      "line one\nline two\r\n\ttabbed   trailing spaces   ",
      "embedded\0NUL\0bytes"s,
      "<script>alert('x')</script> &amp; {{template}} ${shell}",
      big_mixed_text(),
  };
}

TEST(BadInput, HostileTextsRoundTripByteExactLiveInReplayInHistoryAndOnDisk) {
  testing::temp_dir dir;
  auto config = testing::test_config(dir.path());
  config.limits.max_message_bytes = 128 * 1024;  // a 64 KiB text plus its envelope
  config.limits.max_text_chars = 70000;
  const auto texts = hostile_texts();
  std::uint64_t id = 0;
  {
    testing::test_server srv(config);
    auto agent = srv.connect_agent("pre-1");
    auto customer = srv.connect(srv.visitor_token("v-hostile"));
    id = start_assigned(customer, agent);
    ASSERT_NE(id, 0u);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const auto seq = i + 1;
      EXPECT_EQ(send_acked(customer, id, fmt::format("bad-{}", seq), texts[i]), seq);
      auto live = next_message(agent, id);
      ASSERT_TRUE(live);
      EXPECT_EQ(live->seq(), seq);
      EXPECT_TRUE(live->content().text() == texts[i]) << "text " << i << " changed on the way";
    }
    // The agent answers in kind.
    EXPECT_EQ(send_acked(agent, id, "bad-reply", texts[0]), texts.size() + 1);
    auto reply = next_message(customer, id);
    ASSERT_TRUE(reply);
    EXPECT_TRUE(reply->content().text() == texts[0]);

    auto replay = resume(agent, id, 0);
    ASSERT_EQ(replay.replayed.size(), texts.size() + 1);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      EXPECT_EQ(replay.replayed[i].seq(), i + 1);
      EXPECT_TRUE(replay.replayed[i].content().text() == texts[i]) << "replay of text " << i;
    }
    v1::ClientEnvelope history;
    history.mutable_fetch_history()->set_conversation_id(id);
    history.mutable_fetch_history()->set_limit(50);
    auto page = agent.request(history);
    ASSERT_TRUE(page && page->has_history());
    ASSERT_EQ(static_cast<std::size_t>(page->history().messages_size()), texts.size() + 1);
    for (const auto& m : page->history().messages()) {
      if (m.seq() <= texts.size()) {
        EXPECT_TRUE(m.content().text() == texts[m.seq() - 1]) << "history of seq " << m.seq();
      }
    }
  }
  // After a restart the replay is still byte-exact (read back from disk, not from memory).
  {
    testing::test_server srv(config);
    auto customer = srv.connect(srv.visitor_token("v-hostile"));
    auto replay = resume(customer, id, 0);
    ASSERT_EQ(replay.replayed.size(), texts.size() + 1);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      EXPECT_TRUE(replay.replayed[i].content().text() == texts[i]) << "after restart, text " << i;
    }
  }
  const auto stored = read_database(dir.path() / "fenliu.db");
  ASSERT_TRUE(stored.contains(id));
  ASSERT_EQ(stored.at(id).messages.size(), texts.size() + 1);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_TRUE(stored.at(id).messages[i].text == texts[i]) << "on disk, text " << i;
  }
}

}  // namespace
}  // namespace fenliu::durability
