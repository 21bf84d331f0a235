#pragma once
// Presence over Redis: a node says "agent a is here, on node n" with a key that lives for a
// TTL and renews it with heartbeats; a node that dies stops renewing and its agents fade out
// within one TTL. Lookups read many keys in one MGET.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fenliu/cluster/redis_options.hpp"

namespace boost::asio {
class io_context;
}

namespace fenliu::cluster {

class redis_presence {
 public:
  /// The values of the keys asked for, in their order; nullopt for a key that is absent or
  /// expired. `ok` false: Redis did not answer (not connected, or lost before the reply).
  using lookup_fn = std::function<void(bool ok, std::vector<std::optional<std::string>> values)>;
  using done_fn = std::function<void(bool ok)>;

  /// Keys are prefixed with `prefix` ("fenliu:presence:" by default), so that deployments
  /// can share a Redis.
  redis_presence(boost::asio::io_context& io, redis_options options,
                 std::string prefix = "fenliu:presence:");
  ~redis_presence();
  redis_presence(const redis_presence&) = delete;
  redis_presence& operator=(const redis_presence&) = delete;

  void start();
  /// As redis_bus::stop().
  void stop();

  /// SET key value PX ttl: here for `ttl` from now. Thread-safe; `done` runs on the strand.
  bool heartbeat(const std::string& key, const std::string& value, std::chrono::milliseconds ttl,
                 done_fn done = {});
  /// DEL key: gone at once (a clean sign-off). Thread-safe.
  bool remove(const std::string& key, done_fn done = {});
  /// MGET keys. Thread-safe; `done` runs on the strand.
  bool lookup(const std::vector<std::string>& keys, lookup_fn done);

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace fenliu::cluster
