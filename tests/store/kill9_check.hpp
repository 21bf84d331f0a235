#pragma once
// A child process appends as fast as the store takes it and reports every acked seq through a
// pipe, then SIGKILLs itself in the middle of the stream (no shutdown, no flush); everything
// it reported must be in the store afterwards, with no gap.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "store_test_util.hpp"

namespace fenliu::store::test {

using store_opener = std::function<std::unique_ptr<store>()>;

[[noreturn]] inline void child_appends_then_dies(const store_opener& open, int report_fd) {
  auto s = open();
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
                                  ::kill(::getpid(), SIGKILL);
                                }
                              });
    if (ec) {
      usleep(100);
    }
  }
  ::_exit(4);  // not reached: killed first
}

/// `open_child` opens the store in the child (with the options under test); `reopen` opens it
/// again in the parent after the kill.
inline void check_kill9(const store_opener& open_child, const store_opener& reopen) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    child_appends_then_dies(open_child, fds[1]);
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

  auto s = reopen();
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

}  // namespace fenliu::store::test
