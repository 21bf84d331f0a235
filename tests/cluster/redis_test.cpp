// The Redis bus and presence against real redis-server processes on loopback: each test starts
// its own server on a free port (and kills and restarts it where the test is about that).

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fenliu/cluster/redis_bus.hpp"
#include "fenliu/cluster/redis_presence.hpp"
#include "redis_process.hpp"

namespace fenliu::cluster {
namespace {

using namespace std::chrono_literals;

using testing::free_loopback_port;
using testing::redis_process;

/// An io_context run by one thread for the test's length.
struct io_thread {
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  std::thread thread{[this] { io.run(); }};
  ~io_thread() { join(); }
  void join() {
    if (thread.joinable()) {
      work.reset();
      io.stop();
      thread.join();
    }
  }
};

template <class Pred>
bool wait_until(Pred pred, std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

redis_options options_for(int port) {
  redis_options o;
  o.port = port;
  o.reconnect_min = 20ms;
  o.reconnect_max = 200ms;
  return o;
}

/// What one subscriber heard on one channel.
struct inbox {
  std::mutex mutex;
  std::vector<std::string> got;
  void add(std::string_view payload) {
    std::lock_guard lock(mutex);
    got.emplace_back(payload);
  }
  std::size_t size() {
    std::lock_guard lock(mutex);
    return got.size();
  }
  bool has(const std::string& payload) {
    std::lock_guard lock(mutex);
    return std::find(got.begin(), got.end(), payload) != got.end();
  }
};

// Publishes `probe` until `box` has it: pub/sub drops what comes before the SUBSCRIBE is done.
bool until_heard(redis_bus& bus, const std::string& channel, inbox& box, const std::string& probe) {
  return wait_until([&] {
    bus.publish(channel, probe);
    return box.has(probe);
  });
}

TEST(RedisBus, EveryNodeSubscribedGetsTheBytesInOrder) {
  redis_process redis(free_loopback_port());
  io_thread node_a;
  io_thread node_b;
  redis_bus a(node_a.io, options_for(redis.port()));
  redis_bus b(node_b.io, options_for(redis.port()));
  inbox at_a;
  inbox at_b;
  a.subscribe("shop:demo", [&](std::string_view, std::string_view p) { at_a.add(p); });
  b.subscribe("shop:demo", [&](std::string_view, std::string_view p) { at_b.add(p); });
  b.subscribe("shop:other", [&](std::string_view, std::string_view) { ADD_FAILURE(); });
  a.start();
  b.start();
  ASSERT_TRUE(until_heard(a, "shop:demo", at_a, "probe"));
  ASSERT_TRUE(until_heard(a, "shop:demo", at_b, "probe"));

  // Binary frames: NUL bytes and the protocol's CRLF must come through untouched.
  std::vector<std::string> sent;
  for (int i = 0; i < 1000; ++i) {
    std::string payload = "m-" + std::to_string(i);
    payload += std::string("\0\r\n\xff", 4);
    sent.push_back(payload);
    ASSERT_TRUE(a.publish("shop:demo", payload));
  }
  ASSERT_TRUE(until_heard(a, "shop:demo", at_b, "end"));
  ASSERT_TRUE(wait_until([&] { return at_a.has("end"); }));
  for (inbox* box : {&at_a, &at_b}) {
    std::lock_guard lock(box->mutex);
    std::vector<std::string> stream;
    for (const auto& g : box->got) {
      if (g != "probe" && g != "end") {
        stream.push_back(g);
      }
    }
    EXPECT_EQ(stream, sent);
  }
  EXPECT_GE(b.stats().received, 1001u);
  EXPECT_EQ(a.stats().publish_dropped, 0u);
  a.stop();
  b.stop();
}

TEST(RedisBus, AfterARedisRestartItReconnectsSubscribesAgainAndSaysSo) {
  redis_process redis(free_loopback_port());
  io_thread node;
  redis_bus bus(node.io, options_for(redis.port()));
  inbox box;
  std::atomic<int> resubscribed{0};
  bus.on_resubscribed([&] { ++resubscribed; });
  bus.subscribe("conv:7", [&](std::string_view, std::string_view p) { box.add(p); });
  bus.start();
  ASSERT_TRUE(until_heard(bus, "conv:7", box, "before"));
  EXPECT_EQ(resubscribed.load(), 1);

  redis.kill();
  ASSERT_TRUE(wait_until([&] { return !bus.stats().subscriber_connected; }));
  redis.start();
  // Both connections come back on their own; the subscriber's comeback is where a node
  // refills from the store what was published meanwhile.
  ASSERT_TRUE(wait_until([&] { return resubscribed.load() == 2; }));
  ASSERT_TRUE(until_heard(bus, "conv:7", box, "after"));
  EXPECT_EQ(bus.stats().subscriber_connects, 2u);
  bus.stop();
}

TEST(RedisBus, UnsubscribedChannelsGetNothingMore) {
  redis_process redis(free_loopback_port());
  io_thread node;
  redis_bus bus(node.io, options_for(redis.port()));
  inbox kept;
  inbox dropped;
  bus.subscribe("keep", [&](std::string_view, std::string_view p) { kept.add(p); });
  bus.subscribe("drop", [&](std::string_view, std::string_view p) { dropped.add(p); });
  bus.start();
  ASSERT_TRUE(until_heard(bus, "drop", dropped, "x"));
  bus.unsubscribe("drop");
  const auto before = dropped.size();
  for (int i = 0; i < 100; ++i) {
    bus.publish("drop", "late");
  }
  // The channel still subscribed is the clock: once its probe is back, the late ones were
  // published before it on the same connection.
  ASSERT_TRUE(until_heard(bus, "keep", kept, "probe"));
  EXPECT_EQ(dropped.size(), before);
  bus.stop();
}

TEST(RedisBus, APublishPastTheQueueBoundIsRefusedAndCounted) {
  boost::asio::io_context io;  // never run: nothing leaves the queue
  auto o = options_for(free_loopback_port());
  o.pending_max = 4;
  redis_bus bus(io, o);
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(bus.publish("c", "m"));
  }
  EXPECT_FALSE(bus.publish("c", "m"));
  EXPECT_EQ(bus.stats().published, 4u);
  EXPECT_EQ(bus.stats().publish_dropped, 1u);
  io.stop();
  bus.stop();
}

TEST(RedisPresence, AHeartbeatLivesForItsTtlAndARemoveEndsItAtOnce) {
  redis_process redis(free_loopback_port());
  io_thread node;
  redis_presence presence(node.io, options_for(redis.port()));
  presence.start();
  std::mutex mutex;
  std::condition_variable cv;
  std::atomic<int> acks{0};
  ASSERT_TRUE(presence.heartbeat("agent:pre-1", "node-a", 60s, [&](bool ok) { acks += ok; }));
  ASSERT_TRUE(presence.heartbeat("agent:pre-2", "node-b", 200ms, [&](bool ok) { acks += ok; }));
  ASSERT_TRUE(wait_until([&] { return acks.load() == 2; }));

  const auto look = [&](std::vector<std::optional<std::string>>& out) {
    bool done = false;
    bool answered = false;
    presence.lookup({"agent:pre-1", "agent:pre-2", "agent:nobody"},
                    [&](bool ok, std::vector<std::optional<std::string>> values) {
                      std::lock_guard lock(mutex);
                      answered = ok;
                      out = std::move(values);
                      done = true;
                      cv.notify_all();
                    });
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, 10s, [&] { return done; }) && answered;
  };
  std::vector<std::optional<std::string>> v;
  ASSERT_TRUE(look(v));
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], std::optional<std::string>("node-a"));
  EXPECT_EQ(v[2], std::nullopt);

  // pre-2 is not renewed: it fades out; pre-1 stays.
  ASSERT_TRUE(wait_until([&] { return look(v) && v.size() == 3 && !v[1].has_value(); }));
  EXPECT_EQ(v[0], std::optional<std::string>("node-a"));

  acks = 0;
  ASSERT_TRUE(presence.remove("agent:pre-1", [&](bool ok) { acks += ok; }));
  ASSERT_TRUE(wait_until([&] { return acks.load() == 1; }));
  ASSERT_TRUE(look(v));
  EXPECT_EQ(v[0], std::nullopt);
  presence.stop();
}

TEST(RedisPresence, ALookupWhileRedisIsDownIsAnsweredOnceItIsBack) {
  const int port = free_loopback_port();
  io_thread node;
  redis_presence presence(node.io, options_for(port));
  presence.start();
  std::atomic<bool> answered{false};
  std::atomic<bool> ok{false};
  ASSERT_TRUE(presence.lookup({"agent:x"}, [&](bool good, auto) {
    ok = good;
    answered = true;
  }));
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(answered.load()) << "queued while no Redis listens";
  redis_process redis(port);
  ASSERT_TRUE(wait_until([&] { return answered.load(); }));
  EXPECT_TRUE(ok.load());
  presence.stop();
}

TEST(RedisPresence, StoppingAnswersWhatIsQueued) {
  const int port = free_loopback_port();
  io_thread node;
  redis_presence presence(node.io, options_for(port));
  presence.start();
  std::atomic<int> failed{0};
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(presence.lookup({"k"}, [&](bool good, auto) { failed += good ? 0 : 1; }));
  }
  presence.stop();
  EXPECT_EQ(failed.load(), 3) << "every reply function hears that no answer comes";
}

}  // namespace
}  // namespace fenliu::cluster
