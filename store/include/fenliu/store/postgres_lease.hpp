#pragma once
// A shop's ownership among cluster nodes: one row per shop in `shop_leases` (owner, epoch,
// until), on the database's clock, so that the nodes' clocks do not matter.
//
//   acquire(): taken when free or lapsed (epoch + 1), renewed when it is ours and still
//   running (same epoch), refused while another node's lease runs.
//
// The epoch fences the owner's writes (write_fence in postgres_store.hpp): a node that took a
// lapsed lease has a higher epoch than every write the former owner may still attempt.
// A Redis lock alone would not do: it has no fencing. Synchronous, one connection of its own:
// call it from the node's lease loop, never from an I/O thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace fenliu::store {

struct lease_state {
  bool reachable = false;  // false: the database did not answer; nothing else is known
  bool held = false;       // by the caller, after this call
  std::string owner;       // the holder (the caller when held)
  std::int64_t epoch = 0;
  std::int64_t remaining_ms = 0;  // until the lease lapses, on the database's clock
};

class postgres_lease {
 public:
  /// Connects to `dsn` and uses the `shop_leases` table of `schema` (created, with every other
  /// table, by the store's migration, which this runs too). Throws std::runtime_error when the
  /// database cannot be reached at start.
  postgres_lease(std::string dsn, std::string schema);
  ~postgres_lease();
  postgres_lease(const postgres_lease&) = delete;
  postgres_lease& operator=(const postgres_lease&) = delete;

  /// Takes or renews `shop` for `node` for `ttl` from now (the database's now).
  lease_state acquire(const std::string& shop, const std::string& node,
                      std::chrono::milliseconds ttl);
  /// Lets the lease lapse at once when `node` holds it (a clean shutdown), so that another node
  /// takes it without waiting for the TTL. The epoch stays; the next taker raises it.
  bool release(const std::string& shop, const std::string& node);
  /// Who holds `shop`, without changing anything.
  lease_state inspect(const std::string& shop);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace fenliu::store
