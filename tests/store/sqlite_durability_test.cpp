// SQLite only: an acked message is visible to an independent connection when its callback
// runs, and at synchronous = FULL acked messages survive kill -9 as at NORMAL (the shared
// suite's acked_messages_survive_kill_9 runs NORMAL, the default).

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "kill9_check.hpp"
#include "sqlite_test_util.hpp"

namespace fenliu::store::test {
namespace {

// Whether (conversation, seq) is in the file, seen from a connection of its own.
bool committed(const std::string& path, conversation_id c, seq_t seq) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return false;
  }
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT 1 FROM messages WHERE conversation_id = ?1 AND seq = ?2", -1,
                     &stmt, nullptr);
  sqlite3_bind_int64(stmt, 1, static_cast<sqlite3_int64>(c));
  sqlite3_bind_int64(stmt, 2, static_cast<sqlite3_int64>(seq));
  const bool found = sqlite3_step(stmt) == SQLITE_ROW;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return found;
}

TEST(sqlite_durability, the_ack_runs_after_the_commit) {
  temp_dir dir;
  auto s = open_sqlite_store(sqlite_options_for(dir));
  const auto c = create_sync(*s, conversation("buyer-1"));
  std::atomic<int> visible{0};
  std::atomic<int> acked{0};
  std::vector<std::shared_ptr<std::promise<void>>> done;
  for (int i = 0; i < 50; ++i) {
    auto p = std::make_shared<std::promise<void>>();
    done.push_back(p);
    ASSERT_FALSE(s->append(text(c, "b", std::to_string(i), "x"),
                           [&, p, path = dir.file()](std::error_code ec, append_result r) {
                             if (!ec) {
                               ++acked;
                               visible += committed(path, c, r.seq) ? 1 : 0;
                             }
                             p->set_value();
                           }));
  }
  for (auto& p : done) {
    p->get_future().wait();
  }
  EXPECT_EQ(acked.load(), 50);
  EXPECT_EQ(visible.load(), 50);
}

TEST(sqlite_durability, acked_messages_survive_kill_9_at_full) {
  temp_dir dir;
  const std::string path = dir.file();
  check_kill9(
      [&] {
        auto o = sqlite_options_for(path, store_options{});
        o.synchronous_full = true;
        return std::unique_ptr<store>(open_sqlite_store(o));
      },
      [&] { return std::unique_ptr<store>(open_sqlite_store(sqlite_options_for(path))); });
}

TEST(sqlite_durability, synchronous_full_opens_and_works) {
  temp_dir dir;
  auto opts = sqlite_options_for(dir);
  opts.synchronous_full = true;
  conversation_id c = 0;
  {
    auto s = open_sqlite_store(opts);
    c = create_sync(*s, conversation("buyer-1"));
    for (int i = 1; i <= 20; ++i) {
      ASSERT_EQ(append_sync(*s, text(c, "b", std::to_string(i), "durable")).value.seq,
                static_cast<seq_t>(i));
    }
  }
  auto s = open_sqlite_store(opts);
  EXPECT_EQ(read_after_sync(*s, c, 0).value.size(), 20u);
}

}  // namespace
}  // namespace fenliu::store::test
