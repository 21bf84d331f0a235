// SQLite only: a full disk (simulated with PRAGMA max_page_count) and WAL checkpoints.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "sqlite_test_util.hpp"

namespace fenliu::store::test {
namespace {

std::string big_payload(std::size_t n, char fill) {
  return std::string(n, fill);
}

TEST(sqlite_failure, full_disk_fails_the_whole_batch_and_uses_no_seq) {
  temp_dir dir;
  auto s = open_sqlite_store(
      sqlite_options_for(dir, held_writer(2)));  // every transaction holds exactly two jobs
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

  auto reopened = open_sqlite_store(sqlite_options_for(dir));
  auto r = read_after_sync(*reopened, 1, 0);
  ASSERT_EQ(r.value.size(), 5u);
  for (std::size_t i = 0; i < r.value.size(); ++i) {
    EXPECT_EQ(r.value[i].seq, i + 1);
  }
  EXPECT_EQ(r.value[3].payload.size(), 256u * 1024);
}

TEST(sqlite_failure, full_disk_at_open_fails_big_writes_and_serves_small_ones) {
  temp_dir dir;
  auto opts = sqlite_options_for(dir);
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

TEST(sqlite_failure, wal_is_checkpointed_into_the_database_while_open) {
  temp_dir dir;
  auto options = sqlite_options_for(dir);
  options.wal_checkpoint_pages = 1000;
  auto s = open_sqlite_store(options);
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

TEST(sqlite_failure, wal_below_the_checkpoint_threshold_stays_in_the_wal) {
  temp_dir dir;
  auto options = sqlite_options_for(dir);
  options.wal_checkpoint_pages = 4000;  // 16 MiB
  auto s = open_sqlite_store(options);
  const auto c = create_sync(*s, conversation("buyer-1"));
  const auto before = std::filesystem::file_size(dir.file());
  // ~8 MiB: under the threshold, so no checkpoint is asked for (the commit's WAL hook is the
  // only trigger) and the messages are in the WAL, not yet in the database file.
  for (int i = 0; i < 128; ++i) {
    ASSERT_FALSE(append_sync(*s, text(c, "b", std::to_string(i), big_payload(64 * 1024, 'z'))).ec);
  }
  EXPECT_LT(std::filesystem::file_size(dir.file()), before + 1024 * 1024);
  EXPECT_GE(std::filesystem::file_size(dir.file() + "-wal"), 8u * 1024 * 1024);
  EXPECT_EQ(read_after_sync(*s, c, 0).value.size(), 128u);
}

}  // namespace
}  // namespace fenliu::store::test
