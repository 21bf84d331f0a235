#pragma once
// Retention: every purge interval, deletes messages older than the retention window, then the
// images no remaining message carries (rows and files). The deletes run on the store's writer
// thread and the image worker; this only schedules them.

#include <memory>

#include "gateway/config/config.hpp"
#include "fenliu/store/store.hpp"

namespace boost::asio {
class io_context;
}

namespace fenliu::gateway {

class retention_purge {
 public:
  retention_purge(boost::asio::io_context& io, store::store& store, const store_config& config);
  ~retention_purge();
  retention_purge(const retention_purge&) = delete;
  retention_purge& operator=(const retention_purge&) = delete;

  /// Starts the loop unless config.purge_interval_s is 0.
  void start();
  /// Thread-safe; the loop ends at its next wake-up at the latest.
  void stop();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace fenliu::gateway
