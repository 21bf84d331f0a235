#include "gateway/retention_purge.hpp"

#include <spdlog/spdlog.h>

#include "fenliu/router/service.hpp"
#include "gateway/periodic.hpp"

namespace fenliu::gateway {

struct retention_purge::impl {
  impl(boost::asio::io_context& io, store::store& store, const store_config& config)
      : config(config),
        loop(io, std::chrono::seconds(std::max(config.purge_interval_s, 1)), [&store, &config] {
          const std::int64_t retention_ms =
              static_cast<std::int64_t>(config.retention_days) * 24 * 3600 * 1000;
          const auto cutoff = router::service::system_now() - retention_ms;
          store.purge_messages_before(cutoff, [](std::error_code e, std::size_t n) {
            if (e) {
              spdlog::warn("retention purge failed: {}", e.message());
            } else if (n > 0) {
              spdlog::info("retention purge deleted {} messages", n);
            }
          });
        }) {}

  const store_config& config;
  periodic loop;
};

retention_purge::retention_purge(boost::asio::io_context& io, store::store& store,
                                 const store_config& config)
    : impl_(std::make_shared<impl>(io, store, config)) {}

retention_purge::~retention_purge() = default;

void retention_purge::start() {
  if (impl_->config.purge_interval_s > 0) {
    impl_->loop.start();
  }
}

void retention_purge::stop() {
  impl_->loop.stop();
}

}  // namespace fenliu::gateway
