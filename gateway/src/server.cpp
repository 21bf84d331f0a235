#include "fenliu/gateway/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <filesystem>
#include <mutex>
#include <thread>

#include "http_session.hpp"
#include "router_bridge.hpp"
#include "seed.hpp"

namespace fenliu::gateway {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

std::unique_ptr<store::store> open_store(const store_config& cfg) {
  std::filesystem::create_directories(cfg.data_dir);
  store::store_options options;
  options.path = (std::filesystem::path(cfg.data_dir) / "fenliu.db").string();
  options.synchronous_full = cfg.synchronous_full;
  options.write_queue_max = cfg.write_queue_max;
  options.batch_max = cfg.batch_max;
  options.batch_delay_us = cfg.batch_delay_us;
  options.retention_ms = static_cast<std::int64_t>(cfg.retention_days) * 24 * 3600 * 1000;
  options.max_page_count = cfg.max_page_count;
  return store::open_sqlite_store(options);
}

}  // namespace

struct server::impl {
  explicit impl(server_config c)
      : config(std::move(c)),
        work(asio::make_work_guard(io)),
        store(open_store(config.store)),
        hub(config.limits.connections_per_identity),
        router(io, [this](const router::router_action& a) { bridge(a); }),
        orders(config.shop.orders),
        svc{config, *store, hub, router, orders},
        bridge(svc),
        acceptor(asio::make_strand(io)) {}

  server_config config;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::unique_ptr<store::store> store;
  gateway::hub hub;
  router::service router;
  order_book orders;
  services svc;
  router_bridge bridge;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  std::once_flag stopping;
  std::unique_ptr<asio::signal_set> signals;
  asio::steady_timer purge_timer{asio::make_strand(io)};  // its own strand: cancelled from shutdown

  // Retention: every purge interval, delete messages older than retention_days. The delete runs
  // on the store's writer thread; this loop only schedules it.
  asio::awaitable<void> purge_loop() {
    const auto interval = std::chrono::seconds(config.store.purge_interval_s);
    const std::int64_t retention_ms =
        static_cast<std::int64_t>(config.store.retention_days) * 24 * 3600 * 1000;
    while (!svc.shutting_down) {
      purge_timer.expires_after(interval);
      auto [ec] = co_await purge_timer.async_wait(use_nothrow);
      if (ec || svc.shutting_down) {
        co_return;
      }
      store->purge_messages_before(now_ms() - retention_ms, [](std::error_code e, std::size_t n) {
        if (e) {
          spdlog::warn("retention purge failed: {}", e.message());
        } else if (n > 0) {
          spdlog::info("retention purge deleted {} messages", n);
        }
      });
    }
  }

  asio::awaitable<void> accept_loop() {
    while (acceptor.is_open()) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(io), use_nothrow);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
          co_return;
        }
        spdlog::warn("accept failed: {}", ec.message());
        continue;
      }
      // Chat frames are small and latency-bound: without this, Nagle plus delayed ACKs holds a
      // reply back ~40 ms whenever two frames follow each other.
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      auto ex = socket.get_executor();
      asio::co_spawn(ex, serve_connection(std::move(socket), svc), asio::detached);
    }
  }

  asio::awaitable<void> shutdown() {
    svc.shutting_down = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    asio::post(purge_timer.get_executor(), [this] { purge_timer.cancel(); });
    for (const auto& s : hub.all_sessions()) {
      s->close(v1::CLOSE_CODE_GOING_AWAY);
    }
    // Sessions write what they have queued, then close; give them the drain time at most.
    asio::steady_timer timer(io);
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(config.limits.shutdown_drain_ms + 500);
    while (svc.connections.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      timer.expires_after(std::chrono::milliseconds(10));
      co_await timer.async_wait(use_nothrow);
    }
    router.stop();
    store->shutdown();
    work.reset();
    io.stop();
  }
};

server::server(server_config config) : impl_(std::make_unique<impl>(std::move(config))) {
  seed_store(impl_->svc);
  impl_->router.post(
      router::event::configure{impl_->config.shop.routing, impl_->config.shop.agents});
  restore_conversations(impl_->svc);
}

server::~server() {
  stop();
  wait();
}

std::uint16_t server::start() {
  auto& i = *impl_;
  tcp::endpoint ep(asio::ip::make_address(i.config.listen_address), i.config.port);
  i.acceptor.open(ep.protocol());
  i.acceptor.set_option(asio::socket_base::reuse_address(true));
  i.acceptor.bind(ep);
  i.acceptor.listen(asio::socket_base::max_listen_connections);
  i.port = i.acceptor.local_endpoint().port();
  asio::co_spawn(i.acceptor.get_executor(), i.accept_loop(), asio::detached);
  if (i.config.store.purge_interval_s > 0) {
    asio::co_spawn(i.purge_timer.get_executor(), i.purge_loop(), asio::detached);
  }
  const int n = std::max(1, i.config.io_threads);
  for (int t = 0; t < n; ++t) {
    i.threads.emplace_back([&io = i.io] { io.run(); });
  }
  return i.port;
}

void server::stop() {
  auto& i = *impl_;
  std::call_once(i.stopping, [&i] {
    if (i.threads.empty()) {
      // Never started: nothing to drain on the network side.
      i.router.stop();
      i.store->shutdown();
      i.work.reset();
      return;
    }
    asio::co_spawn(i.io, i.shutdown(), asio::detached);
  });
}

void server::wait() {
  for (auto& t : impl_->threads) {
    if (t.joinable()) {
      t.join();
    }
  }
}

void server::stop_on_signals() {
  auto& i = *impl_;
  i.signals = std::make_unique<asio::signal_set>(i.io, SIGINT, SIGTERM);
  i.signals->async_wait([this](boost::system::error_code ec, int sig) {
    if (!ec) {
      spdlog::info("signal {}: shutting down", sig);
      stop();
    }
  });
}

std::uint16_t server::port() const noexcept {
  return impl_->port;
}
const server_config& server::config() const noexcept {
  return impl_->config;
}

}  // namespace fenliu::gateway
