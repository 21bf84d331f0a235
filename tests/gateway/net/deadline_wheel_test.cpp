// The shared deadline timer: each client is called once, never before its deadline, a client
// that is gone is skipped, and stop() drops what waits.
#include "gateway/net/deadline_wheel.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <vector>

namespace fenliu::gateway {
namespace {

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct recorder : deadline_client {
  explicit recorder(std::int64_t due) : due_at(due) {}
  void on_deadline() override { called_at.push_back(steady_ms()); }
  std::int64_t due_at;
  std::vector<std::int64_t> called_at;
};

void run_for(boost::asio::io_context& io, std::chrono::milliseconds d) {
  io.restart();
  io.run_for(d);
}

TEST(DeadlineWheel, CallsEachClientOnceNotBeforeItsDeadline) {
  boost::asio::io_context io;
  deadline_wheel wheel(io, std::chrono::milliseconds(10));
  const auto now = steady_ms();
  std::vector<std::shared_ptr<recorder>> clients;
  for (std::int64_t offset : {-50, 0, 30, 80, 120}) {
    clients.push_back(std::make_shared<recorder>(now + offset));
    wheel.schedule(clients.back(), now + offset);
  }
  // Beyond the wheel's span (512 ticks of 10 ms): waits for its round, never fires early.
  auto far = std::make_shared<recorder>(now + 60'000);
  wheel.schedule(far, far->due_at);
  EXPECT_EQ(wheel.pending(), 6U);
  run_for(io, std::chrono::milliseconds(400));
  for (const auto& c : clients) {
    ASSERT_EQ(c->called_at.size(), 1U) << "due at +" << c->due_at - now;
    EXPECT_GE(c->called_at.front(), c->due_at);
  }
  EXPECT_TRUE(far->called_at.empty());
  EXPECT_EQ(wheel.pending(), 1U);
}

TEST(DeadlineWheel, SkipsClientsThatAreGoneAndStopDropsTheRest) {
  boost::asio::io_context io;
  deadline_wheel wheel(io, std::chrono::milliseconds(10));
  const auto now = steady_ms();
  auto gone = std::make_shared<recorder>(now + 20);
  wheel.schedule(gone, gone->due_at);
  gone.reset();  // a session that ended: only a weak reference was kept
  auto kept = std::make_shared<recorder>(now + 20);
  wheel.schedule(kept, kept->due_at);
  run_for(io, std::chrono::milliseconds(150));
  EXPECT_EQ(kept->called_at.size(), 1U);
  EXPECT_EQ(wheel.pending(), 0U);

  auto late = std::make_shared<recorder>(steady_ms() + 30);
  wheel.schedule(late, late->due_at);
  wheel.stop();
  EXPECT_EQ(wheel.pending(), 0U);
  run_for(io, std::chrono::milliseconds(100));
  EXPECT_TRUE(late->called_at.empty());
  wheel.schedule(late, late->due_at);  // after stop: ignored
  EXPECT_EQ(wheel.pending(), 0U);
}

}  // namespace
}  // namespace fenliu::gateway
