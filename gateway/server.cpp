#include "gateway/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include <pthread.h>
#include <sched.h>

#include "gateway/batch_completions.hpp"
#include "gateway/net/deadline_wheel.hpp"
#include "gateway/net/listener.hpp"
#include "gateway/protocol/envelope_cases.hpp"
#include "gateway/protocol/protobuf_log.hpp"
#include "gateway/app/board.hpp"
#include "gateway/periodic.hpp"
#include "gateway/retention_purge.hpp"
#include "gateway/app/admin_desk.hpp"
#include "gateway/app/faq_store.hpp"
#include "gateway/app/router_bridge.hpp"
#include "gateway/app/seed.hpp"
#include "gateway/app/shop_data.hpp"
#include "fenliu/cluster/redis_bus.hpp"
#include "gateway/relay/owner_link.hpp"
#include "fenliu/store/postgres_store.hpp"
#include "fenliu/store/sqlite_store.hpp"

namespace fenliu::gateway {
namespace {

// The cores this process may run on: its affinity mask (taskset, a container's cpuset), not
// the machine's count.
int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    return std::max(1, CPU_COUNT(&set));
  }
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// On two cores one I/O thread beside the writer does more per CPU-second than two that compete
// with it for the cores (docs/bench.md).
int resolved_io_threads(int configured) {
  if (configured > 0) {
    return configured;
  }
  return std::max(1, usable_cores() - 1);
}

namespace asio = boost::asio;
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
// Peak windows are minutes apart: a check every few seconds switches within that much of an edge.
constexpr std::chrono::milliseconds peak_check_interval{5000};

std::unique_ptr<store::store> open_store(const store_config& cfg, metrics::registry& metrics,
                                         batch_completions& completions,
                                         std::shared_ptr<store::write_fence> fence) {
  std::filesystem::create_directories(cfg.data_dir);  // uploads live there with either back end
  store::store_options common;
  common.write_queue_max = cfg.write_queue_max;
  common.batch_max = cfg.batch_max;
  common.batch_delay_us = cfg.batch_delay_us;
  common.retention_ms = static_cast<std::int64_t>(cfg.retention_days) * 24 * 3600 * 1000;
  common.on_batch_committed = [&metrics](std::size_t jobs, std::chrono::microseconds took) {
    metrics.store_batch(jobs, static_cast<std::uint64_t>(took.count()));
  };
  common.complete_batches_with = [&completions](std::function<void()> complete_batch) {
    completions.hand(std::move(complete_batch));
  };
  if (cfg.backend == "postgres") {
    store::postgres_options options;
    static_cast<store::store_options&>(options) = common;
    options.dsn = cfg.postgres_dsn;
    options.schema = cfg.postgres_schema;
    options.timeout_ms = cfg.postgres_timeout_ms;
    options.fence = std::move(fence);
    return store::open_postgres_store(options);
  }
  store::sqlite_options options;
  static_cast<store::store_options&>(options) = common;
  options.path = (std::filesystem::path(cfg.data_dir) / "fenliu.db").string();
  options.synchronous_full = cfg.synchronous_full;
  options.max_page_count = cfg.max_page_count;
  options.wal_checkpoint_pages = cfg.wal_checkpoint_pages;
  return store::open_sqlite_store(options);
}

}  // namespace

struct server::impl {
  impl(server_config c, std::shared_ptr<store::write_fence> f)
      : metrics(client_envelope_cases(), server_envelope_cases()),
        fence(std::move(f)),
        store(open_store(c.store, metrics, completions, fence)),
        // Once the store holds admin sections, they replace the file's (README, Admin API).
        config(with_stored_admin_sections(std::move(c), *store)),
        work(asio::make_work_guard(io)),
        deadlines(io),
        hub(config.limits.connections_per_identity),
        router(io, [this](const router::router_action& a) { bridge(a); }),
        // Before the bot is built: without [[faq]] in the config it serves the stored entries.
        bot(load_or_store_faq(*store, config.shop)),
        peak(config.shop, router, bot),
        live(config.shop),
        customers(live),
        phrases(*store, config.shop, [this] { return bot.matcher(); }),
        svc{config, *store, hub, router, orders, bot, peak, customers, phrases, live, io, metrics},
        admin(svc),
        bridge(svc),
        host(svc),
        sessions{config,           metrics, svc.shutting_down, svc.connections,
                 svc.next_session_id, deadlines, host},
        acceptor(io, sessions, &svc),
        purge(io, *store, config.store),
        peak_schedule(io, peak_check_interval, [this] { peak.on_clock(now_ms()); }),
        board_pusher(io, std::chrono::milliseconds(config.limits.board_push_interval_ms),
                     [this] { push_board_if_changed(svc); }) {}
  // `completions` is declared before `io` (the store's writer needs it from the start) but its
  // strand lives in `io`: the writer stops, then the strand goes, while `io` still exists.
  ~impl() {
    store->shutdown();
    completions.stop();
  }

  metrics::registry metrics;  // before the store: its writer thread reports batches here
  batch_completions completions;  // before the store: its writer thread hands batches here
  std::shared_ptr<store::write_fence> fence;  // a cluster node's lease epoch (else null)
  std::unique_ptr<store::store> store;
  server_config config;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  deadline_wheel deadlines;  // every WebSocket session's ping and idle deadlines
  gateway::hub hub;
  router::service router;
  order_book orders;
  bot_desk bot;
  peak_switch peak;
  shop_state live;
  customer_records customers;
  phrase_book phrases;
  services svc;
  admin_desk admin;
  router_bridge bridge;
  local_host host;           // this node owns the shop: sessions go to its hub and dispatcher
  session_context sessions;  // what every WebSocket session of this server runs with
  listener acceptor;
  retention_purge purge;
  periodic peak_schedule;  // the [[peak.windows]] schedule, checked every peak_check_interval
  periodic board_pusher;   // coalesced board pushes, at most every board_push_interval_ms
  // A cluster node with Redis: clients of the other nodes, relayed here (gateway/relay).
  std::unique_ptr<cluster::redis_bus> bus;
  std::unique_ptr<relay::owner_link> relayed;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  std::once_flag stopping;
  std::unique_ptr<asio::signal_set> signals;

  asio::awaitable<void> shutdown() {
    // New upgrades are refused from here on; plain HTTP is still answered (/readyz says 503)
    // until the sessions have drained.
    svc.shutting_down = true;
    deadlines.stop();  // a session closing now needs no ping or idle check
    purge.stop();
    peak_schedule.stop();
    board_pusher.stop();
    for (const auto& s : hub.all_sessions()) {
      s->close(close_code::going_away);
    }
    // Sessions write what they have queued, then close; give them the drain time at most.
    asio::steady_timer timer(io);
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(config.limits.shutdown_drain_ms + 500);
    while (svc.connections.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      timer.expires_after(std::chrono::milliseconds(10));
      co_await timer.async_wait(use_nothrow);
    }
    if (relayed) {
      relayed->stop();  // the hub closed its sessions above; stop hearing the relays
    }
    acceptor.close();
    // The router's last events (a chat closed just before the stop, the sessions that ended
    // above) still run and hand their state writes to the store before it closes: an agent
    // told that a chat is closed must find it closed after the restart. inspect() runs after
    // every event posted before it.
    auto settled = std::make_shared<std::atomic<bool>>(false);
    router.inspect([settled](const router::router&, router::time_ms) { settled->store(true); });
    const auto settle_by = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!settled->load() && std::chrono::steady_clock::now() < settle_by) {
      timer.expires_after(std::chrono::milliseconds(1));
      co_await timer.async_wait(use_nothrow);
    }
    router.stop();
    store->shutdown();
    work.reset();
    io.stop();
  }
};

server::server(server_config config, std::shared_ptr<store::write_fence> fence)
    : impl_(std::make_unique<impl>(std::move(config), std::move(fence))) {
  // Before any I/O thread parses a frame: a client must not be able to flood stderr.
  install_protobuf_log_handler();
  impl_->svc.admin = &impl_->admin;
  impl_->svc.deadlines = &impl_->deadlines;
  seed_store(impl_->svc);
  impl_->admin.start();  // blocking: the store holds every admin section before any request
  seed_shop_data(impl_->svc);  // blocking: the order book is full before any chat starts
  impl_->router.post(
      router::event::configure{impl_->config.shop.routing, impl_->config.shop.agents});
  restore_conversations(impl_->svc);
  const auto& cluster = impl_->config.cluster;
  if (cluster.enabled && !cluster.redis.empty() && impl_->fence) {
    cluster::redis_options redis;
    redis.host = cluster.redis_host;
    redis.port = cluster.redis_port;
    impl_->bus = std::make_unique<cluster::redis_bus>(impl_->io, redis);
    impl_->relayed = std::make_unique<relay::owner_link>(
        impl_->svc, *impl_->bus,
        relay::owner_link_options{impl_->config.shop.id, cluster.node_id,
                                  impl_->fence->current().epoch,
                                  std::chrono::milliseconds(cluster.heartbeat_ms)});
  }
}

server::~server() {
  stop();
  wait();
}

std::uint16_t server::start() {
  auto& i = *impl_;
  i.port = i.acceptor.open(i.config.listen_address, i.config.port);
  i.acceptor.start();
  i.purge.start();
  i.peak_schedule.start(/*run_now=*/true);
  i.board_pusher.start();
  i.completions.start(i.io);
  if (i.relayed) {
    i.bus->start();
    i.relayed->start(advertised_http_address(i.config, i.port));
  }
  const int n = resolved_io_threads(i.config.io_threads);
  spdlog::info("serving with {} I/O thread(s)", n);
  for (int t = 0; t < n; ++t) {
    i.threads.emplace_back([&io = i.io] {
      // Named so top, perf and the bench's per-thread figures tell them from the main thread.
      pthread_setname_np(pthread_self(), "fl-io");
      io.run();
    });
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
