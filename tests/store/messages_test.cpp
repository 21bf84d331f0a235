// Messages: seq assignment, dedupe, paging, resume, recall.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "store_suite.hpp"

namespace fenliu::store::test {
namespace {

TEST_P(store_suite, append_then_read_back) {
  auto s = open();
  const auto c = create_sync(*s, conversation("buyer-1"));
  ASSERT_NE(c, 0u);

  auto a = append_sync(*s, text(c, "buyer-1", "m1", "hello"));
  ASSERT_FALSE(a.ec) << a.ec.message();
  EXPECT_EQ(a.value.seq, 1u);
  EXPECT_FALSE(a.value.duplicate);
  EXPECT_EQ(a.value.created_at, 2000);
  auto b = append_sync(*s, text(c, "buyer-1", "m2", "world"));
  EXPECT_EQ(b.value.seq, 2u);

  auto r = read_after_sync(*s, c, 0);
  ASSERT_FALSE(r.ec) << r.ec.message();
  ASSERT_EQ(r.value.size(), 2u);
  EXPECT_EQ(r.value[0].seq, 1u);
  EXPECT_EQ(r.value[0].payload, "hello");
  EXPECT_EQ(r.value[0].sender_id, "buyer-1");
  EXPECT_EQ(r.value[0].client_msg_id, "m1");
  EXPECT_EQ(r.value[1].payload, "world");

  waiter<conversation_record> w;
  s->get_conversation(c, w.cb());
  auto conv = w.get();
  ASSERT_FALSE(conv.ec);
  EXPECT_EQ(conv.value.last_seq, 2u);
  EXPECT_EQ(conv.value.customer_id, "buyer-1");
}

TEST_P(store_suite, append_to_unknown_conversation_is_not_found_and_uses_no_seq) {
  auto s = open();
  const auto c = create_sync(*s, conversation("buyer-1"));
  auto bad = append_sync(*s, text(c + 100, "x", "m1", "lost"));
  EXPECT_EQ(bad.ec, errc::not_found);
  EXPECT_EQ(append_sync(*s, text(c, "buyer-1", "m1", "ok")).value.seq, 1u);
  EXPECT_EQ(read_after_sync(*s, c + 100, 0).ec, errc::not_found);
}

TEST_P(store_suite, concurrent_appends_get_gapless_increasing_seq_per_conversation) {
  auto opts = test_options();
  opts.batch_max = 64;  // many batches, so ordering across transactions is exercised too
  auto s = open(opts);
  constexpr int conversations = 5;
  constexpr int threads = 8;
  constexpr int per_thread = 300;
  std::vector<conversation_id> ids;
  for (int i = 0; i < conversations; ++i) {
    ids.push_back(create_sync(*s, conversation(fmt::format("buyer-{}", i))));
  }

  std::mutex mutex;
  std::map<conversation_id, std::vector<seq_t>> acked;  // in callback order
  std::map<std::pair<conversation_id, seq_t>, std::string> payload_of;
  std::atomic<int> failures{0};
  std::vector<std::thread> producers;
  std::vector<std::shared_ptr<std::promise<void>>> all_done;
  for (int t = 0; t < threads; ++t) {
    producers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        const auto c = ids[static_cast<std::size_t>((t + i) % conversations)];
        const std::string body = fmt::format("t{}-{}", t, i);
        auto m = text(c, fmt::format("sender-{}", t), fmt::format("{}", i), body);
        auto p = std::make_shared<std::promise<void>>();
        {
          std::lock_guard lock(mutex);
          all_done.push_back(p);
        }
        std::error_code ec;
        do {  // push back is an answer, not an error: retry
          ec = s->append(m, [&, c, body, p](std::error_code e, append_result r) {
            if (e || r.duplicate) {
              ++failures;
            } else {
              std::lock_guard lock(mutex);
              acked[c].push_back(r.seq);
              payload_of[{c, r.seq}] = body;
            }
            p->set_value();
          });
          if (ec == errc::queue_full) {
            std::this_thread::yield();
          }
        } while (ec == errc::queue_full);
        ASSERT_FALSE(ec);
      }
    });
  }
  for (auto& p : producers) {
    p.join();
  }
  for (auto& p : all_done) {
    p->get_future().wait();
  }
  EXPECT_EQ(failures.load(), 0);

  std::size_t total = 0;
  for (const auto c : ids) {
    const auto& seqs = acked[c];
    total += seqs.size();
    // Callbacks of one conversation arrive in seq order: commit order is seq order.
    for (std::size_t i = 0; i < seqs.size(); ++i) {
      ASSERT_EQ(seqs[i], i + 1) << "conversation " << c;
    }
    auto r = read_after_sync(*s, c, 0);
    ASSERT_FALSE(r.ec);
    ASSERT_EQ(r.value.size(), seqs.size());
    for (std::size_t i = 0; i < r.value.size(); ++i) {
      EXPECT_EQ(r.value[i].seq, i + 1);
      EXPECT_EQ(r.value[i].payload, (payload_of[{c, i + 1}]));
    }
  }
  EXPECT_EQ(total, static_cast<std::size_t>(threads * per_thread));
}

TEST_P(store_suite, resend_in_a_later_batch_returns_the_original_seq) {
  auto s = open();
  const auto c = create_sync(*s, conversation("buyer-1"));
  ASSERT_EQ(append_sync(*s, text(c, "buyer-1", "m1", "first")).value.seq, 1u);
  ASSERT_EQ(append_sync(*s, text(c, "buyer-1", "m2", "second")).value.seq, 2u);

  auto again = append_sync(*s, text(c, "buyer-1", "m1", "first, resent", 9999));
  ASSERT_FALSE(again.ec);
  EXPECT_TRUE(again.value.duplicate);
  EXPECT_EQ(again.value.seq, 1u);
  EXPECT_EQ(again.value.created_at, 2000);  // of the original

  // The same client id from another sender is another message.
  auto other = append_sync(*s, text(c, "agent-7", "m1", "reply"));
  EXPECT_FALSE(other.value.duplicate);
  EXPECT_EQ(other.value.seq, 3u);
  // An empty client id never dedupes (system notices).
  EXPECT_EQ(append_sync(*s, text(c, "system", "", "notice")).value.seq, 4u);
  EXPECT_EQ(append_sync(*s, text(c, "system", "", "notice")).value.seq, 5u);

  auto all = read_after_sync(*s, c, 0);
  ASSERT_EQ(all.value.size(), 5u);
  EXPECT_EQ(all.value[0].payload, "first");
}

TEST_P(store_suite, resend_within_the_same_batch_is_stored_once) {
  auto opts = test_options();
  opts.batch_max = 1000;
  opts.batch_delay_us = 60'000'000;  // the writer waits for a full batch or shutdown
  auto s = open(opts);
  waiter<conversation_id> created;
  // Nothing commits until shutdown here, so the conversation is created inside the batch too.
  conversation_record rec = conversation("buyer-1");
  rec.id = 42;
  ASSERT_FALSE(s->create_conversation(rec, created.cb()));
  waiter<append_result> first;
  waiter<append_result> second;
  waiter<append_result> third;
  ASSERT_FALSE(s->append(text(42, "buyer-1", "m1", "once"), first.cb()));
  ASSERT_FALSE(s->append(text(42, "buyer-1", "m1", "once"), second.cb()));
  ASSERT_FALSE(s->append(text(42, "buyer-1", "m2", "two"), third.cb()));
  EXPECT_EQ(first.future.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  s->shutdown();  // drains: one transaction with all four writes
  EXPECT_EQ(created.get().value, 42u);
  auto a = first.get();
  auto b = second.get();
  auto c = third.get();
  EXPECT_EQ(a.value.seq, 1u);
  EXPECT_FALSE(a.value.duplicate);
  EXPECT_EQ(b.value.seq, 1u);
  EXPECT_TRUE(b.value.duplicate);
  EXPECT_EQ(c.value.seq, 2u);

  auto reopened = open();
  auto r = read_after_sync(*reopened, 42, 0);
  ASSERT_EQ(r.value.size(), 2u);
}

TEST_P(store_suite, resend_after_reopen_returns_the_original_seq) {
  conversation_id c = 0;
  {
    auto s = open();
    c = create_sync(*s, conversation("buyer-1"));
    ASSERT_EQ(append_sync(*s, text(c, "buyer-1", "m1", "before restart")).value.seq, 1u);
  }
  auto s = open();
  auto again = append_sync(*s, text(c, "buyer-1", "m1", "before restart"));
  ASSERT_FALSE(again.ec);
  EXPECT_TRUE(again.value.duplicate);
  EXPECT_EQ(again.value.seq, 1u);
  auto next = append_sync(*s, text(c, "buyer-1", "m2", "after restart"));
  EXPECT_EQ(next.value.seq, 2u);
  EXPECT_EQ(read_after_sync(*s, c, 0).value.size(), 2u);
}

TEST_P(store_suite, history_pages_newest_first) {
  auto s = open();
  const auto c = create_sync(*s, conversation("buyer-1"));
  for (int i = 1; i <= 25; ++i) {
    ASSERT_EQ(append_sync(*s, text(c, "b", std::to_string(i), std::to_string(i))).value.seq,
              static_cast<seq_t>(i));
  }
  auto page1 = read_before_sync(*s, c, 0, 10);
  ASSERT_EQ(page1.value.size(), 10u);
  EXPECT_EQ(page1.value.front().seq, 25u);
  EXPECT_EQ(page1.value.back().seq, 16u);
  auto page2 = read_before_sync(*s, c, page1.value.back().seq, 10);
  ASSERT_EQ(page2.value.size(), 10u);
  EXPECT_EQ(page2.value.front().seq, 15u);
  EXPECT_EQ(page2.value.back().seq, 6u);
  auto page3 = read_before_sync(*s, c, page2.value.back().seq, 10);
  ASSERT_EQ(page3.value.size(), 5u);
  EXPECT_EQ(page3.value.back().seq, 1u);
  EXPECT_TRUE(read_before_sync(*s, c, 1, 10).value.empty());
}

TEST_P(store_suite, resume_returns_exactly_the_missing_messages) {
  auto s = open();
  const auto c = create_sync(*s, conversation("buyer-1"));
  for (int i = 1; i <= 8; ++i) {
    append_sync(*s, text(c, "b", std::to_string(i), fmt::format("p{}", i)));
  }
  auto r = read_after_sync(*s, c, 5);
  ASSERT_FALSE(r.ec);
  ASSERT_EQ(r.value.size(), 3u);
  EXPECT_EQ(r.value[0].seq, 6u);
  EXPECT_EQ(r.value[2].seq, 8u);
  auto limited = read_after_sync(*s, c, 2, 2);
  ASSERT_EQ(limited.value.size(), 2u);
  EXPECT_EQ(limited.value[0].seq, 3u);
  EXPECT_EQ(limited.value[1].seq, 4u);
  auto up_to_date = read_after_sync(*s, c, 8);
  EXPECT_FALSE(up_to_date.ec);
  EXPECT_TRUE(up_to_date.value.empty());
  auto ahead = read_after_sync(*s, c, 50);
  EXPECT_FALSE(ahead.ec);
  EXPECT_TRUE(ahead.value.empty());
}

TEST_P(store_suite, resume_beyond_retention_is_explicit) {
  auto opts = test_options();
  std::atomic<time_ms> now{10'000};
  opts.clock = [&now] { return now.load(); };
  opts.retention_ms = 1'000;
  auto s = open(opts);
  const auto c = create_sync(*s, conversation("buyer-1"));
  append_sync(*s, text(c, "b", "1", "old", 9'000));
  append_sync(*s, text(c, "b", "2", "old", 9'100));
  append_sync(*s, text(c, "b", "3", "new", 9'950));
  append_sync(*s, text(c, "b", "4", "new", 9'990));

  // Window is [9'000, 10'000]: everything is still inside.
  EXPECT_EQ(read_after_sync(*s, c, 0).value.size(), 4u);
  now = 10'500;  // window starts at 9'500: seq 1 and 2 are outside
  EXPECT_EQ(read_after_sync(*s, c, 0).ec, errc::beyond_retention);
  EXPECT_EQ(read_after_sync(*s, c, 1).ec, errc::beyond_retention);
  auto ok = read_after_sync(*s, c, 2);
  ASSERT_FALSE(ok.ec);
  EXPECT_EQ(ok.value.size(), 2u);
  EXPECT_FALSE(read_after_sync(*s, c, 4).ec);  // nothing missing is never a resync

  // Purged messages: also beyond retention, even with the clock back inside the window.
  waiter<std::size_t> purged;
  ASSERT_FALSE(s->purge_messages_before(9'500, purged.cb()));
  EXPECT_EQ(purged.get().value, 2u);
  now = 9'990;
  EXPECT_EQ(read_after_sync(*s, c, 1).ec, errc::beyond_retention);
  EXPECT_EQ(read_after_sync(*s, c, 2).value.size(), 2u);
  // seq keeps counting after a purge
  EXPECT_EQ(append_sync(*s, text(c, "b", "5", "newest", 9'995)).value.seq, 5u);
}

TEST_P(store_suite, recall_marks_the_original_and_keeps_it) {
  auto s = open();
  const auto c = create_sync(*s, conversation("buyer-1"));
  auto m = text(c, "agent-1", "a1", "wrong price");
  m.role = sender_role::agent;
  ASSERT_EQ(append_sync(*s, m).value.seq, 1u);
  auto recall = text(c, "agent-1", "a2", "");
  recall.role = sender_role::agent;
  recall.recalls_seq = 1;
  ASSERT_EQ(append_sync(*s, recall).value.seq, 2u);
  auto missing = text(c, "agent-1", "a3", "");
  missing.recalls_seq = 77;
  EXPECT_EQ(append_sync(*s, missing).ec, errc::not_found);

  auto r = read_after_sync(*s, c, 0);
  ASSERT_EQ(r.value.size(), 2u);
  EXPECT_TRUE(r.value[0].recalled);
  EXPECT_EQ(r.value[0].payload, "wrong price");
  EXPECT_FALSE(r.value[1].recalled);
  EXPECT_EQ(r.value[1].recalls_seq, 1u);
  EXPECT_EQ(append_sync(*s, text(c, "buyer-1", "b1", "ok")).value.seq, 3u);
}

TEST_P(store_suite, messages_of_kind_in_a_period_across_conversations) {
  auto s = open();
  const auto a = create_sync(*s, conversation("buyer-1"));
  const auto b = create_sync(*s, conversation("buyer-2"));
  auto bot = [](conversation_id c, std::string id, time_ms at) {
    auto m = text(c, "bot", std::move(id), "answer", at);
    m.role = sender_role::bot;
    m.kind = message_kind::bot_answer;
    return m;
  };
  ASSERT_FALSE(append_sync(*s, text(a, "buyer-1", "q1", "question", 2000)).ec);
  ASSERT_FALSE(append_sync(*s, bot(a, "b1", 2100)).ec);
  ASSERT_FALSE(append_sync(*s, bot(b, "b2", 2050)).ec);
  ASSERT_FALSE(append_sync(*s, bot(b, "b3", 3000)).ec);  // at `to`: outside the period
  ASSERT_FALSE(append_sync(*s, bot(a, "b0", 1999)).ec);  // before `from`
  auto r = read_sync<std::vector<stored_message>>([&](auto cb) {
    s->messages_of_kind(message_kind::bot_answer, 2000, 3000, 0, std::move(cb));
  });
  ASSERT_FALSE(r.ec) << r.ec.message();
  ASSERT_EQ(r.value.size(), 2u);
  EXPECT_EQ(r.value[0].client_msg_id, "b2");  // oldest first
  EXPECT_EQ(r.value[1].client_msg_id, "b1");
  EXPECT_EQ(r.value[1].conversation, a);
  auto one = read_sync<std::vector<stored_message>>([&](auto cb) {
    s->messages_of_kind(message_kind::bot_answer, 0, 10000, 1, std::move(cb));
  });
  ASSERT_EQ(one.value.size(), 1u);
  EXPECT_EQ(one.value[0].client_msg_id, "b0");
}

}  // namespace
}  // namespace fenliu::store::test
