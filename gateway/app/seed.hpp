#pragma once
// Start-up: the shop's configuration into the store, and the store's open conversations back into
// the hub and the router after a restart.

#include "gateway/app/services.hpp"

namespace fenliu::gateway {

/// Writes the shop, its agents and the demo customers (asynchronous writes); the demo orders
/// and products go through seed_shop_data (shop_data.hpp).
void seed_store(services& svc);

/// Reads the open conversations (blocking; start-up only) and replays them into hub and router in
/// their old queue order.
void restore_conversations(services& svc);

}  // namespace fenliu::gateway
