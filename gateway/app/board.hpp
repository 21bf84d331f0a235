#pragma once
// The supervisors' live board: agents, queues with their service level, and the live
// conversations, as the router sees them; pushed to subscribers when they change, coalesced.

#include <memory>

#include "gateway/app/services.hpp"

namespace fenliu::gateway {

/// Reads the router on its strand and sends one BoardSnapshot to `to` (or, when null, to every
/// board subscriber).
void send_board_snapshot(services& svc, std::shared_ptr<session_sink> to);

/// The board pusher's tick (every limits.board_push_interval_ms): sends a snapshot to every
/// subscriber when the router changed something since the last one, or, while a queue waits
/// (its longest wait grows), at least once a second. Nothing without subscribers.
void push_board_if_changed(services& svc);

}  // namespace fenliu::gateway
