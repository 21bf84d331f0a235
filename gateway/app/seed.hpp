#pragma once
// Start-up: the shop's configuration into the store, and the store's open conversations back into
// the hub and the router after a restart.

#include <functional>

#include "gateway/app/services.hpp"

namespace fenliu::gateway {

/// Writes the shop, its agents and the demo customers (asynchronous writes); the demo orders
/// and products go through seed_shop_data (shop_data.hpp).
void seed_store(services& svc);
/// The shop's agents as store rows.
std::vector<store::agent_row> agent_rows(const shop_config& shop);
/// Marks the buyer VIP in the store (created when unknown), tagged "VIP" (asynchronous);
/// `then`, when set, runs once the row is stored (or was refused).
void mark_vip(services& svc, const std::string& shop_id, const std::string& vip,
              std::function<void()> then = {});
/// Undoes mark_vip for a buyer taken off the VIP list: back to its [[customers]] VIP level
/// (else none), the "VIP" tag removed (asynchronous; `then` as for mark_vip).
void unmark_vip(services& svc, const std::string& shop_id, const std::string& id,
                std::function<void()> then = {});

/// Reads the open conversations (blocking; start-up only) and replays them into hub and router in
/// their old queue order.
void restore_conversations(services& svc);

}  // namespace fenliu::gateway
