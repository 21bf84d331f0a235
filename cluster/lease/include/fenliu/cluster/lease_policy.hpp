#pragma once
// When a node renews its shop lease, and what an answer means: a pure state machine on the
// node's monotonic clock (milliseconds), driven by explicit timestamps.
//
//   standby --held--> owner --held (same epoch)--> owner
//                       |--refused, or another epoch----> lost
//                       |--unreachable past the lease---> lost
//
// The lease itself lives on the database's clock. The node counts its own lease from the
// moment it sent the request that was granted (never later), so it steps down no later than
// the database lets another node in. Safety does not rest on that: the store's write fence
// checks the epoch in every batch (postgres_store.hpp).

#include <cstdint>

#include "fenliu/store/postgres_lease.hpp"

namespace fenliu::cluster {

using lease_time = std::int64_t;  // ms on the node's monotonic clock

enum class lease_role : std::uint8_t { standby, owner, lost };

struct lease_step {
  lease_role role = lease_role::standby;
  bool became_owner = false;    // this answer made the node the owner: rebuild, then serve
  std::int64_t epoch = 0;       // the held epoch (owner)
  lease_time next_try_at = 0;   // when to ask again (not for lost)
};

class lease_policy {
 public:
  lease_policy(lease_time ttl_ms, lease_time renew_interval_ms)
      : ttl_(ttl_ms), renew_(renew_interval_ms) {}

  /// The answer to a request sent at `sent_at`, arriving at `now`.
  lease_step on_answer(lease_time sent_at, lease_time now, const store::lease_state& answer);

  lease_role role() const noexcept { return role_; }
  lease_time valid_until() const noexcept { return valid_until_; }

 private:
  lease_step lose();
  lease_time ttl_;
  lease_time renew_;
  lease_role role_ = lease_role::standby;
  std::int64_t epoch_ = 0;
  lease_time valid_until_ = 0;
};

}  // namespace fenliu::cluster
