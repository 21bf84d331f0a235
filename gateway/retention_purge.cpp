#include "gateway/retention_purge.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "fenliu/router/service.hpp"

namespace fenliu::gateway {

namespace asio = boost::asio;

struct retention_purge::impl {
  // The timer has its own strand, so stop() can cancel it from any thread without a race.
  impl(asio::io_context& io, store::store& store, const store_config& config)
      : store(store), config(config), timer(asio::make_strand(io)) {}

  store::store& store;
  const store_config& config;
  asio::steady_timer timer;
  std::atomic<bool> stopped{false};

  asio::awaitable<void> loop() {
    constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
    const auto interval = std::chrono::seconds(config.purge_interval_s);
    const std::int64_t retention_ms =
        static_cast<std::int64_t>(config.retention_days) * 24 * 3600 * 1000;
    while (!stopped) {
      timer.expires_after(interval);
      auto [ec] = co_await timer.async_wait(use_nothrow);
      if (ec || stopped) {
        co_return;
      }
      const auto cutoff = router::service::system_now() - retention_ms;
      store.purge_messages_before(cutoff, [](std::error_code e, std::size_t n) {
        if (e) {
          spdlog::warn("retention purge failed: {}", e.message());
        } else if (n > 0) {
          spdlog::info("retention purge deleted {} messages", n);
        }
      });
    }
  }
};

retention_purge::retention_purge(asio::io_context& io, store::store& store,
                                 const store_config& config)
    : impl_(std::make_shared<impl>(io, store, config)) {}

retention_purge::~retention_purge() = default;

void retention_purge::start() {
  if (impl_->config.purge_interval_s > 0) {
    asio::co_spawn(impl_->timer.get_executor(), impl_->loop(), asio::detached);
  }
}

void retention_purge::stop() {
  impl_->stopped = true;
  asio::post(impl_->timer.get_executor(), [i = impl_] { i->timer.cancel(); });
}

}  // namespace fenliu::gateway
