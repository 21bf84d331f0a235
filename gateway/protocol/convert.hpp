#pragma once
// Conversions between domain types that do not involve the wire: who sent a message, and the
// stage numbers the store keeps. Pure; any thread.

#include "fenliu/router/types.hpp"
#include "fenliu/store/records.hpp"
#include "gateway/auth/auth.hpp"

namespace fenliu::gateway {

store::sender_role to_sender_role(role r) noexcept;
int to_store_stage(router::stage s) noexcept;
router::stage from_store_stage(int s) noexcept;

}  // namespace fenliu::gateway
