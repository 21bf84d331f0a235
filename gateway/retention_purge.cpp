#include "gateway/retention_purge.hpp"

#include <spdlog/spdlog.h>

#include "fenliu/router/service.hpp"
#include "gateway/http/image_files.hpp"
#include "gateway/periodic.hpp"

namespace fenliu::gateway {
namespace {

// A use of an image is noted just before its message is stamped: its time may be a little
// older than the message's. Images go this long after the cutoff of their messages, so a
// message at the cutoff's edge never outlives its image.
constexpr std::int64_t image_grace_ms = 60 * 1000;

// After the messages (same write queue, so in that order): the images no kept message carries,
// their rows in the store's transaction, then their files on the image worker.
void purge_images(store::store& store, const std::string& data_dir, std::int64_t cutoff) {
  (void)store.purge_images_before(
      cutoff - image_grace_ms, [data_dir](std::error_code e, std::vector<std::string> ids) {
        if (e) {
          spdlog::warn("retention purge of images failed: {}", e.message());
          return;
        }
        if (ids.empty()) {
          return;
        }
        spdlog::info("retention purge deleted {} images", ids.size());
        image_files::post_file_work([data_dir, ids = std::move(ids)] {
          for (const auto& id : ids) {
            image_files::remove(data_dir, id);
          }
        });
      });
}

}  // namespace

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
          purge_images(store, config.data_dir, cutoff);
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
