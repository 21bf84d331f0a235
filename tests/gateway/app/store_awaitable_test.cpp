// The completion-token adapter over callback APIs, and the starts registry: a coroutine resumes
// on its own strand whichever thread called back, refusals complete at once, concurrent starts
// of one customer wait for the first.
#include "gateway/app/store_awaitable.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <thread>

#include "gateway/app/pending_starts.hpp"

namespace fenliu::gateway {
namespace {

TEST(StoreAwaitable, ResumesOnTheCallersStrandWhenCalledBackFromAnotherThread) {
  asio::io_context io;
  const auto strand = asio::make_strand(io);
  std::thread store_thread;
  bool on_strand = false;
  std::error_code got_ec = store::errc::closed;
  int got = 0;
  asio::co_spawn(
      strand,
      [&]() -> asio::awaitable<void> {
        auto [ec, value] = co_await async_store<int>(
            [&](store::callback<int> done) {
              store_thread = std::thread([done] { done({}, 42); });
            },
            use_nothrow);
        on_strand = strand.running_in_this_thread();
        got_ec = ec;
        got = value;
      },
      asio::detached);
  io.run();
  store_thread.join();
  EXPECT_TRUE(on_strand);
  EXPECT_FALSE(got_ec);
  EXPECT_EQ(got, 42);
}

TEST(StoreAwaitable, AWriteTheStoreRefusesCompletesAtOnceWithTheRefusal) {
  asio::io_context io;
  std::error_code got_ec;
  bool called_back = false;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        auto [ec, value] = co_await async_store<bool>(
            [&](store::callback<bool>) -> std::error_code {
              return store::make_error_code(store::errc::queue_full);
            },
            use_nothrow);
        got_ec = ec;
        called_back = value;
      },
      asio::detached);
  io.run();
  EXPECT_EQ(got_ec, store::errc::queue_full);
  EXPECT_TRUE(refused(got_ec));
  EXPECT_FALSE(refused(store::make_error_code(store::errc::write_failed)));
  EXPECT_FALSE(called_back);
}

TEST(PendingStarts, TheFirstStartCreatesAndTheOthersJoinIt) {
  hub h(4);
  pending_starts starts;
  std::vector<pending_starts::outcome> steps;
  std::vector<store::conversation_id> joined;
  auto record = [&](pending_starts::outcome o, std::error_code ec, conversation_entry c) {
    steps.push_back(o);
    if (o == pending_starts::outcome::joined && !ec) {
      joined.push_back(c.id);
    }
  };
  starts.begin("v-1", h, record);
  starts.begin("v-1", h, record);
  starts.begin("v-1", h, record);
  starts.begin("v-2", h, record);  // another customer is not held up
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0], pending_starts::outcome::create);
  EXPECT_EQ(steps[1], pending_starts::outcome::create);

  conversation_entry c;
  c.id = 7;
  c.customer = "v-1";
  h.put_conversation(c);
  starts.finish("v-1", {}, c);
  EXPECT_EQ(joined, (std::vector<store::conversation_id>{7, 7}));
  // Finished: the next start finds the conversation in the hub.
  starts.begin("v-1", h, record);
  EXPECT_EQ(steps.back(), pending_starts::outcome::exists);
}

TEST(PendingStarts, AFailedCreationFailsTheWaiters) {
  hub h(4);
  pending_starts starts;
  std::error_code waiter_ec;
  starts.begin("v-1", h, [](pending_starts::outcome, std::error_code, conversation_entry) {});
  starts.begin("v-1", h, [&](pending_starts::outcome o, std::error_code ec, conversation_entry) {
    EXPECT_EQ(o, pending_starts::outcome::joined);
    waiter_ec = ec;
  });
  starts.finish("v-1", store::make_error_code(store::errc::write_failed), {});
  EXPECT_EQ(waiter_ec, store::errc::write_failed);
  // Nothing is left pending: the next start creates again.
  pending_starts::outcome next = pending_starts::outcome::joined;
  starts.begin("v-1", h,
               [&](pending_starts::outcome o, std::error_code, conversation_entry) { next = o; });
  EXPECT_EQ(next, pending_starts::outcome::create);
}

}  // namespace
}  // namespace fenliu::gateway
