#include "gateway/relay_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <mutex>
#include <thread>

#include <pthread.h>

#include "fenliu/cluster/redis_bus.hpp"
#include "gateway/net/deadline_wheel.hpp"
#include "gateway/net/listener.hpp"
#include "gateway/protocol/envelope_cases.hpp"
#include "gateway/relay/relay_host.hpp"

namespace fenliu::gateway {
namespace {

namespace asio = boost::asio;

cluster::redis_options redis_options_of(const cluster_config& c) {
  cluster::redis_options o;
  o.host = c.redis_host;
  o.port = c.redis_port;
  return o;
}

}  // namespace

struct relay_server::impl {
  explicit impl(server_config c)
      : config(std::move(c)),
        metrics(client_envelope_cases(), server_envelope_cases()),
        work(asio::make_work_guard(io)),
        deadlines(io),
        bus(io, redis_options_of(config.cluster)),
        host(io, bus,
             relay::relay_host_options{config.shop.id, config.cluster.node_id,
                                       std::chrono::milliseconds(config.cluster.heartbeat_ms)}),
        sessions{config, metrics, shutting_down, connections, next_session_id, deadlines, host,
                 [this] { return host.owner_http_address(); }},
        acceptor(io, sessions, nullptr) {}

  const server_config config;
  metrics::registry metrics;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  deadline_wheel deadlines;
  std::atomic<bool> shutting_down{false};
  std::atomic<int> connections{0};
  std::atomic<std::uint64_t> next_session_id{1};
  cluster::redis_bus bus;
  relay::relay_host host;
  session_context sessions;
  listener acceptor;
  std::unique_ptr<asio::signal_set> signals;
  std::vector<std::thread> threads;
  std::once_flag stopping;
};

relay_server::relay_server(server_config config) : impl_(std::make_unique<impl>(std::move(config))) {}

relay_server::~relay_server() {
  stop();
}

std::uint16_t relay_server::start() {
  auto& i = *impl_;
  const auto port = i.acceptor.open(i.config.listen_address, i.config.port);
  i.bus.start();
  i.host.start();
  i.acceptor.start();
  // One thread: a relay node mostly forwards bytes between sockets and Redis.
  i.threads.emplace_back([&io = i.io] {
    pthread_setname_np(pthread_self(), "fl-relay");
    io.run();
  });
  return port;
}

void relay_server::stop() {
  auto& i = *impl_;
  std::call_once(i.stopping, [&i] {
    i.shutting_down = true;
    i.acceptor.close();
    i.host.end_all();
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(i.config.limits.shutdown_drain_ms + 500);
    while (i.connections.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    i.host.stop();
    i.deadlines.stop();
    if (i.signals) {
      asio::post(i.io, [&i] { i.signals->cancel(); });
    }
    i.bus.stop();
    i.work.reset();
    i.io.stop();
    for (auto& t : i.threads) {
      if (t.joinable()) {
        t.join();
      }
    }
  });
}

void relay_server::on_signals(std::function<void()> on_signal) {
  auto& i = *impl_;
  i.signals = std::make_unique<asio::signal_set>(i.io, SIGINT, SIGTERM);
  i.signals->async_wait([fn = std::move(on_signal)](boost::system::error_code ec, int sig) {
    if (!ec) {
      spdlog::info("signal {}: stopping", sig);
      fn();
    }
  });
}

std::size_t relay_server::relayed_sessions() const {
  return impl_->host.session_count();
}

const server_config& relay_server::config() const noexcept {
  return impl_->config;
}

}  // namespace fenliu::gateway
