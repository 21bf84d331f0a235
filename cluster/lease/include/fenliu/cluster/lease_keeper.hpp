#pragma once
// Carries out lease_policy against PostgreSQL on a thread of its own (never an I/O thread):
// a node stands by until it owns its shop, then renews every renew interval and keeps the
// store's write fence at the held epoch. Losing the lease drops the fence first (every batch
// is refused from then on) and then tells the node, which stops serving.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "fenliu/cluster/lease_policy.hpp"
#include "fenliu/store/postgres_lease.hpp"
#include "fenliu/store/postgres_store.hpp"

namespace fenliu::cluster {

struct lease_keeper_options {
  std::string dsn;
  std::string schema;
  std::string shop_id;
  std::string node_id;
  std::chrono::milliseconds ttl{10000};
  std::chrono::milliseconds renew_interval{2000};
};

class lease_keeper {
 public:
  /// Connects (throws std::runtime_error when the database cannot be reached).
  lease_keeper(lease_keeper_options options, std::shared_ptr<store::write_fence> fence);
  /// Stops renewing and releases the lease when held, so that a standby takes over at once.
  ~lease_keeper();
  lease_keeper(const lease_keeper&) = delete;
  lease_keeper& operator=(const lease_keeper&) = delete;

  /// Blocks until this node owns the shop (true) or stop() was called (false). The fence holds
  /// the epoch when it returns true.
  bool wait_for_ownership();
  /// Renews on a thread of its own from now on; `on_lost` runs once, on that thread, after the
  /// fence was dropped.
  void keep(std::function<void()> on_lost);
  /// Ends waiting or renewing; releases the lease when held. Idempotent, any thread.
  void stop();

  std::int64_t epoch() const;

 private:
  lease_step ask();
  bool sleep_until(std::chrono::steady_clock::time_point at);  // false: stopped

  const lease_keeper_options options_;
  const std::shared_ptr<store::write_fence> fence_;
  store::postgres_lease lease_;
  lease_policy policy_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool released_ = false;
  std::int64_t epoch_ = 0;
  lease_time next_try_at_ = 0;
  std::thread renewer_;
};

}  // namespace fenliu::cluster
