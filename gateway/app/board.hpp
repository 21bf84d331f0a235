#pragma once
// The supervisors' live board: agents and queues as the router sees them.

#include <memory>

#include "gateway/app/services.hpp"

namespace fenliu::gateway {

/// Reads the router on its strand and sends one BoardSnapshot to `to` (or, when null, to every
/// board subscriber).
void send_board_snapshot(services& svc, std::shared_ptr<session_sink> to);

}  // namespace fenliu::gateway
