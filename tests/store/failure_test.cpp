// Push-back, a failed write inside a batch, and shutdown.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "store_suite.hpp"

namespace fenliu::store::test {
namespace {

std::string big_payload(std::size_t n, char fill) {
  return std::string(n, fill);
}

TEST_P(store_suite, queue_full_at_the_exact_bound_and_nothing_lost_below_it) {
  auto opts = held_writer(1000);
  opts.write_queue_max = 4;
  auto s = open(opts);
  conversation_record rec = conversation("buyer-1");
  rec.id = 7;
  waiter<conversation_id> created;
  ASSERT_FALSE(s->create_conversation(rec, created.cb()));  // 1 of 4
  waiter<append_result> a1;
  waiter<append_result> a2;
  waiter<append_result> a3;
  ASSERT_FALSE(s->append(text(7, "b", "1", "one"), a1.cb()));    // 2
  ASSERT_FALSE(s->append(text(7, "b", "2", "two"), a2.cb()));    // 3
  ASSERT_FALSE(s->append(text(7, "b", "3", "three"), a3.cb()));  // 4: the bound
  bool called = false;
  EXPECT_EQ(
      s->append(text(7, "b", "4", "four"), [&](std::error_code, append_result) { called = true; }),
      errc::queue_full);
  EXPECT_EQ(s->record_decision(decision_row{7, 1, "least_load", "a", "[]"}), errc::queue_full);
  EXPECT_EQ(s->upsert_customer(customer_row{}), errc::queue_full);

  s->shutdown();  // drains the four queued writes
  EXPECT_FALSE(called);
  EXPECT_EQ(created.get().value, 7u);
  EXPECT_EQ(a1.get().value.seq, 1u);
  EXPECT_EQ(a2.get().value.seq, 2u);
  EXPECT_EQ(a3.get().value.seq, 3u);
  EXPECT_EQ(s->append(text(7, "b", "5", "late"), {}), errc::closed);

  auto reopened = open();
  auto r = read_after_sync(*reopened, 7, 0);
  ASSERT_EQ(r.value.size(), 3u);
  EXPECT_EQ(r.value[2].payload, "three");
}

TEST_P(store_suite, queue_full_at_the_exact_byte_bound) {
  auto opts = held_writer(1000);
  opts.write_queue_bytes_max = 128 * 1024;
  auto s = open(opts);
  conversation_record rec = conversation("buyer-1");
  rec.id = 9;
  waiter<conversation_id> created;
  ASSERT_FALSE(s->create_conversation(rec, created.cb()));  // counts no payload bytes
  waiter<append_result> a;
  waiter<append_result> b;
  waiter<append_result> empty;
  ASSERT_FALSE(s->append(text(9, "b", "1", big_payload(64 * 1024, 'a')), a.cb()));
  ASSERT_FALSE(s->append(text(9, "b", "2", big_payload(64 * 1024, 'b')), b.cb()));  // = bound
  EXPECT_EQ(s->append(text(9, "b", "3", "x"), {}), errc::queue_full);               // one byte over
  ASSERT_FALSE(s->append(text(9, "b", "4", ""), empty.cb()));  // no payload: still fits
  s->shutdown();
  EXPECT_EQ(a.get().value.seq, 1u);
  EXPECT_EQ(b.get().value.seq, 2u);
  EXPECT_EQ(empty.get().value.seq, 3u);
}

TEST_P(store_suite, a_payload_above_the_byte_bound_passes_an_empty_queue) {
  auto opts = test_options();
  opts.write_queue_bytes_max = 1024;
  auto s = open(opts);
  const auto c = create_sync(*s, conversation("buyer-1"));
  auto r = append_sync(*s, text(c, "b", "big", big_payload(64 * 1024, 'q')));
  ASSERT_FALSE(r.ec) << r.ec.message();
  EXPECT_EQ(r.value.seq, 1u);
}

TEST_P(store_suite, read_queue_full_at_the_exact_bound) {
  auto opts = test_options();
  opts.read_queue_max = 3;
  auto s = open(opts);
  // Hold the reader thread inside a callback, so queued reads stay queued.
  std::promise<void> entered;
  std::promise<void> release;
  auto released = release.get_future().share();
  s->get_conversation(1, [&, released](std::error_code, conversation_record) {
    entered.set_value();
    released.wait();
  });
  entered.get_future().wait();
  std::atomic<int> answered{0};
  for (int i = 0; i < 3; ++i) {
    s->get_conversation(1, [&](std::error_code ec, conversation_record) {
      EXPECT_EQ(ec, errc::not_found);
      ++answered;
    });
  }
  std::error_code refused;
  std::thread::id refused_on;
  s->get_conversation(1, [&](std::error_code ec, conversation_record) {
    refused = ec;
    refused_on = std::this_thread::get_id();
  });
  EXPECT_EQ(refused, errc::queue_full);
  EXPECT_EQ(refused_on, std::this_thread::get_id());  // answered at once, on the caller
  release.set_value();
  s->shutdown();  // runs the three queued reads
  EXPECT_EQ(answered.load(), 3);
}

TEST_P(store_suite, reads_after_shutdown_answer_closed) {
  auto s = open();
  s->shutdown();
  s->shutdown();  // idempotent
  auto r = read_after_sync(*s, 1, 0);
  EXPECT_EQ(r.ec, errc::closed);
}

TEST_P(store_suite, a_bad_write_fails_alone_and_its_batch_commits) {
  auto s = open(held_writer(4));
  auto rec = conversation("buyer-1");
  rec.id = 3;
  waiter<conversation_id> created;
  waiter<append_result> lost;
  waiter<append_result> ok;
  waiter<conversation_id> taken;
  ASSERT_FALSE(s->create_conversation(rec, created.cb()));
  ASSERT_FALSE(s->append(text(99, "b", "x", "no such conversation"), lost.cb()));
  ASSERT_FALSE(s->append(text(3, "b", "y", "fine"), ok.cb()));
  ASSERT_FALSE(s->create_conversation(rec, taken.cb()));  // the same explicit id again
  EXPECT_EQ(created.get().value, 3u);
  EXPECT_EQ(lost.get().ec, errc::not_found);
  EXPECT_EQ(ok.get().value.seq, 1u);
  EXPECT_EQ(taken.get().ec, std::errc::file_exists);
}

}  // namespace
}  // namespace fenliu::store::test
