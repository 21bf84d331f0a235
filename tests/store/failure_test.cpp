// Push-back, write failures (simulated full disk) and shutdown.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "store_test_util.hpp"

namespace fenliu::store::test {
namespace {

// A writer that never commits on its own: batches wait for batch_max jobs or for shutdown.
store_options held_writer(const temp_dir& dir, std::size_t batch_max) {
  auto o = options_for(dir);
  o.batch_max = batch_max;
  o.batch_delay_us = 600'000'000;
  return o;
}

std::string big_payload(std::size_t n, char fill) {
  return std::string(n, fill);
}

TEST(store_failure, queue_full_at_the_exact_bound_and_nothing_lost_below_it) {
  temp_dir dir;
  auto opts = held_writer(dir, 1000);
  opts.write_queue_max = 4;
  auto s = open_sqlite_store(opts);
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

  auto reopened = open_sqlite_store(options_for(dir));
  auto r = read_after_sync(*reopened, 7, 0);
  ASSERT_EQ(r.value.size(), 3u);
  EXPECT_EQ(r.value[2].payload, "three");
}

TEST(store_failure, queue_full_at_the_exact_byte_bound) {
  temp_dir dir;
  auto opts = held_writer(dir, 1000);
  opts.write_queue_bytes_max = 128 * 1024;
  auto s = open_sqlite_store(opts);
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

TEST(store_failure, a_payload_above_the_byte_bound_passes_an_empty_queue) {
  temp_dir dir;
  auto opts = options_for(dir);
  opts.write_queue_bytes_max = 1024;
  auto s = open_sqlite_store(opts);
  const auto c = create_sync(*s, conversation("buyer-1"));
  auto r = append_sync(*s, text(c, "b", "big", big_payload(64 * 1024, 'q')));
  ASSERT_FALSE(r.ec) << r.ec.message();
  EXPECT_EQ(r.value.seq, 1u);
}

TEST(store_failure, read_queue_full_at_the_exact_bound) {
  temp_dir dir;
  auto opts = options_for(dir);
  opts.read_queue_max = 3;
  auto s = open_sqlite_store(opts);
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

TEST(store_failure, reads_after_shutdown_answer_closed) {
  temp_dir dir;
  auto s = open_sqlite_store(options_for(dir));
  s->shutdown();
  s->shutdown();  // idempotent
  auto r = read_after_sync(*s, 1, 0);
  EXPECT_EQ(r.ec, errc::closed);
}

TEST(store_failure, full_disk_fails_the_whole_batch_and_uses_no_seq) {
  temp_dir dir;
  auto s = open_sqlite_store(held_writer(dir, 2));  // every transaction holds exactly two jobs
  conversation_record rec = conversation("buyer-1");
  rec.id = 1;
  waiter<conversation_id> created;
  waiter<append_result> m1;
  ASSERT_FALSE(s->create_conversation(rec, created.cb()));
  ASSERT_FALSE(s->append(text(1, "b", "m1", "hello"), m1.cb()));
  ASSERT_EQ(m1.get().value.seq, 1u);

  // The disk is full: the database may not grow past its current size.
  waiter<append_result> m2;
  waiter<bool> limited;
  ASSERT_FALSE(s->append(text(1, "b", "m2", "world"), m2.cb()));
  ASSERT_FALSE(s->set_max_page_count(1, limited.cb()));
  ASSERT_EQ(m2.get().value.seq, 2u);
  ASSERT_FALSE(limited.get().ec);

  // A small write that would fit shares its transaction with one that cannot: both fail.
  waiter<append_result> small;
  waiter<append_result> big;
  ASSERT_FALSE(s->append(text(1, "b", "m3", "small"), small.cb()));
  ASSERT_FALSE(s->append(text(1, "b", "m4", big_payload(256 * 1024, 'x')), big.cb()));
  EXPECT_EQ(small.get().ec, errc::write_failed);
  EXPECT_EQ(big.get().ec, errc::write_failed);

  // Space comes back: the same messages are stored with the next seqs, none skipped, and the
  // failed client ids are not taken (nothing of the failed batch was stored).
  waiter<bool> unlimited;
  waiter<append_result> small_again;
  ASSERT_FALSE(s->set_max_page_count(0, unlimited.cb()));
  ASSERT_FALSE(s->append(text(1, "b", "m3", "small"), small_again.cb()));
  EXPECT_FALSE(unlimited.get().ec);
  auto sa = small_again.get();
  ASSERT_FALSE(sa.ec) << sa.ec.message();
  EXPECT_EQ(sa.value.seq, 3u);
  EXPECT_FALSE(sa.value.duplicate);
  waiter<append_result> big_again;
  waiter<append_result> last;
  ASSERT_FALSE(s->append(text(1, "b", "m4", big_payload(256 * 1024, 'x')), big_again.cb()));
  ASSERT_FALSE(s->append(text(1, "b", "m5", "end"), last.cb()));
  EXPECT_EQ(big_again.get().value.seq, 4u);
  EXPECT_EQ(last.get().value.seq, 5u);
  s->shutdown();

  auto reopened = open_sqlite_store(options_for(dir));
  auto r = read_after_sync(*reopened, 1, 0);
  ASSERT_EQ(r.value.size(), 5u);
  for (std::size_t i = 0; i < r.value.size(); ++i) {
    EXPECT_EQ(r.value[i].seq, i + 1);
  }
  EXPECT_EQ(r.value[3].payload.size(), 256u * 1024);
}

TEST(store_failure, full_disk_at_open_fails_big_writes_and_serves_small_ones) {
  temp_dir dir;
  auto opts = options_for(dir);
  opts.max_page_count = 1;  // clamped by SQLite to the size after migrations: no room to grow
  auto s = open_sqlite_store(opts);
  const auto c = create_sync(*s, conversation("buyer-1"));  // fits in the empty table's page
  ASSERT_NE(c, 0u);
  for (int i = 0; i < 3; ++i) {
    auto big = append_sync(*s, text(c, "b", "big", big_payload(64 * 1024, 'y')));
    EXPECT_EQ(big.ec, errc::write_failed);
  }
  auto small = append_sync(*s, text(c, "b", "small", "hi"));
  ASSERT_FALSE(small.ec) << small.ec.message();
  EXPECT_EQ(small.value.seq, 1u);  // the failed attempts used no seq
  auto r = read_after_sync(*s, c, 0);
  ASSERT_EQ(r.value.size(), 1u);
  EXPECT_EQ(r.value[0].payload, "hi");
}

TEST(store_failure, a_bad_write_fails_alone_and_its_batch_commits) {
  temp_dir dir;
  auto s = open_sqlite_store(held_writer(dir, 4));
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

TEST(store_failure, wal_is_checkpointed_into_the_database_while_open) {
  temp_dir dir;
  auto s = open_sqlite_store(options_for(dir));
  const auto c = create_sync(*s, conversation("buyer-1"));
  const auto db_size = [&] { return std::filesystem::file_size(dir.file()); };
  const auto before = db_size();
  // ~8 MiB of messages: past the 1000-page threshold twice.
  for (int i = 0; i < 128; ++i) {
    ASSERT_FALSE(append_sync(*s, text(c, "b", std::to_string(i), big_payload(64 * 1024, 'z'))).ec);
  }
  // The checkpoint runs on its own thread: wait for its effect (a liveness bound, not a
  // timing assertion).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (db_size() < before + 4 * 1024 * 1024 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(db_size(), before + 4 * 1024 * 1024);
  EXPECT_EQ(read_after_sync(*s, c, 0).value.size(), 128u);
}

}  // namespace
}  // namespace fenliu::store::test
