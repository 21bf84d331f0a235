#pragma once
// One hiredis asynchronous connection driven by Asio (hiredis 0.14 ships adapters for libev,
// libuv and others, none for Asio): the socket hiredis opens is watched with a
// posix::stream_descriptor on one strand, which runs every hiredis call and callback.
//
// It connects on start(), reconnects after a loss with a doubling backoff, and queues the
// commands submitted while it is away (bounded; the rest are dropped and counted). Commands
// are taken from any thread in one queue and handed to the strand with one post per batch.

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fenliu/cluster/redis_options.hpp"

namespace fenliu::cluster::detail {

/// A reply, or nullptr when the connection was lost (or stopped) before it came.
using reply_fn = std::function<void(const redisReply*)>;

class redis_connection : public std::enable_shared_from_this<redis_connection> {
 public:
  using strand_type = boost::asio::strand<boost::asio::io_context::executor_type>;

  redis_connection(boost::asio::io_context& io, redis_options options);
  ~redis_connection();
  redis_connection(const redis_connection&) = delete;
  redis_connection& operator=(const redis_connection&) = delete;

  /// Connects (and keeps reconnecting until stop()). Any thread.
  void start();
  /// Disconnects for good; queued commands are dropped, their reply functions hear nullptr.
  /// Any thread, while the io_context runs; a connection destroyed after its io_context stopped
  /// running frees what is left without it.
  void stop();

  /// Queues a command; `done` (optional) hears its reply on the strand. False when the queue
  /// is full (the command is dropped and `done` is not called). Any thread.
  bool submit(std::vector<std::string> argv, reply_fn done = {});

  /// On the strand, after every successful connect: where subscriptions are sent again.
  void on_connected(std::function<void()> fn) { on_connected_ = std::move(fn); }
  /// On the strand only: sends a command on the live connection with a hiredis callback that
  /// may be called many times (SUBSCRIBE). False when not connected.
  bool send_raw(const std::vector<std::string>& argv, redisCallbackFn* fn, void* privdata);

  strand_type& strand() noexcept { return strand_; }
  bool connected() const noexcept { return connected_.load(std::memory_order_relaxed); }
  std::uint64_t connects() const noexcept { return connects_.load(std::memory_order_relaxed); }
  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

 private:
  struct watch;
  struct pending {
    std::vector<std::string> argv;
    reply_fn done;
  };

  void connect();
  void schedule_reconnect();
  void flush();
  void send(pending& p);
  void fail_all(std::vector<pending>& list);
  static void on_connect(const redisAsyncContext* ac, int status);
  static void on_disconnect(const redisAsyncContext* ac, int status);
  static void on_reply(redisAsyncContext* ac, void* reply, void* privdata);

  boost::asio::io_context& io_;
  strand_type strand_;
  redis_options options_;
  boost::asio::steady_timer retry_;
  std::chrono::milliseconds backoff_;
  redisAsyncContext* ac_ = nullptr;  // strand only
  std::shared_ptr<watch> watch_;     // strand only
  bool stopped_ = false;             // strand only
  std::function<void()> on_connected_;
  std::atomic<bool> connected_{false};
  std::atomic<std::uint64_t> connects_{0};
  std::atomic<std::uint64_t> dropped_{0};

  std::mutex mutex_;                // guards incoming_
  std::vector<pending> incoming_;   // submitted, not yet on the strand
  std::vector<pending> waiting_;    // strand only: taken while disconnected
};

}  // namespace fenliu::cluster::detail
