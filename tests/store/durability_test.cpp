// Acks follow commits: an acked message is visible to an independent connection when its
// callback runs, and survives the process being killed (kill -9) right after.

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <set>
#include <string>

#include "store_test_util.hpp"

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

TEST(store_durability, the_ack_runs_after_the_commit) {
  temp_dir dir;
  auto s = open_sqlite_store(options_for(dir));
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

// The child appends and reports every acked seq through a pipe, then SIGKILLs itself in the
// middle of the stream; everything it reported must be in the file afterwards.
void child_appends_then_dies(const std::string& path, int report_fd, bool full) {
  auto opts = store_options{};
  opts.path = path;
  opts.synchronous_full = full;
  auto s = open_sqlite_store(opts);
  waiter<conversation_id> created;
  conversation_record rec = conversation("buyer-1");
  rec.id = 1;
  s->create_conversation(rec, created.cb());
  created.get();
  std::atomic<int> acks{0};
  for (int i = 0; i < 100000; ++i) {
    const auto ec = s->append(text(1, "b", std::to_string(i), std::string(200, 'k')),
                              [&, report_fd](std::error_code e, append_result r) {
                                if (e) {
                                  return;
                                }
                                const auto seq = static_cast<std::uint64_t>(r.seq);
                                if (::write(report_fd, &seq, sizeof seq) != sizeof seq) {
                                  ::_exit(3);
                                }
                                if (++acks == 2000) {
                                  ::kill(::getpid(), SIGKILL);  // no shutdown, no flush
                                }
                              });
    if (ec) {
      usleep(100);
    }
  }
  ::_exit(4);  // not reached: killed first
}

void check_kill9(bool full) {
  temp_dir dir;
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    child_appends_then_dies(dir.file(), fds[1], full);
  }
  ::close(fds[1]);
  std::set<seq_t> acked;
  std::uint64_t seq = 0;
  while (::read(fds[0], &seq, sizeof seq) == sizeof seq) {
    acked.insert(seq);
  }
  ::close(fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
  ASSERT_GE(acked.size(), 2000u);

  auto s = open_sqlite_store(options_for(dir));
  auto r = read_after_sync(*s, 1, 0);
  ASSERT_FALSE(r.ec) << r.ec.message();
  std::set<seq_t> stored;
  for (std::size_t i = 0; i < r.value.size(); ++i) {
    EXPECT_EQ(r.value[i].seq, i + 1);  // gapless after recovery
    stored.insert(r.value[i].seq);
  }
  for (const auto a : acked) {
    ASSERT_TRUE(stored.count(a)) << "acked seq " << a << " lost";
  }
}

TEST(store_durability, acked_messages_survive_kill_9_at_normal) {
  check_kill9(false);
}

TEST(store_durability, acked_messages_survive_kill_9_at_full) {
  check_kill9(true);
}

}  // namespace
}  // namespace fenliu::store::test
