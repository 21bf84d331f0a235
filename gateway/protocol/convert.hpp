#pragma once
// Conversions between domain types that do not involve the wire: who sent a message, and the
// stage numbers the store keeps. Pure; any thread.

#include "fenliu/router/types.hpp"
#include "fenliu/store/records.hpp"
#include "gateway/auth/auth.hpp"

namespace fenliu::gateway {

store::sender_role to_sender_role(role r) noexcept;
store::stage_code to_store_stage(router::stage s) noexcept;
/// A code no build wrote (a damaged row) reads as pre-sales.
router::stage from_store_stage(store::stage_code s) noexcept;

}  // namespace fenliu::gateway
