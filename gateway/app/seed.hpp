#pragma once
// Start-up: the shop's configuration into the store, and the store's open conversations back into
// the hub and the router after a restart.

#include "gateway/app/services.hpp"

namespace fenliu::gateway {

/// A configured order as a store row (one item, the title), created and updated `now`.
store::order_row to_order_row(const demo_order& o, const std::string& shop_id,
                              store::time_ms now);

/// Writes the shop, its agents and the demo customers and orders (asynchronous writes).
void seed_store(services& svc);

/// Reads the open conversations (blocking; start-up only) and replays them into hub and router in
/// their old queue order.
void restore_conversations(services& svc);

}  // namespace fenliu::gateway
