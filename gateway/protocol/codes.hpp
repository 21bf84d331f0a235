#pragma once
// The error and close codes the gateway uses, as project enums. Their numbers are the wire's
// (fenliu.v1.ErrorCode, and the WebSocket close code itself); the protocol layer converts.

#include <cstdint>

namespace fenliu::gateway {

/// Why a request failed; stable per situation. See fenliu.v1.ErrorCode for each meaning.
enum class error_code : int {
  text_frame = 1,
  malformed = 2,
  unknown_frame = 3,
  forbidden_for_role = 4,
  not_a_participant = 5,
  invalid_argument = 6,
  text_too_long = 7,
  rate_limited = 8,
  not_found = 9,
  conflict = 10,
  store_unavailable = 11,
  overloaded = 12,
  resync_required = 13,
  recall_not_allowed = 14,
  internal = 15,
  conversation_closed = 16,
};

/// Why the server closes a WebSocket; the value is the close code sent. Retry advice per code in
/// fenliu.v1.CloseCode.
enum class close_code : std::uint16_t {
  normal = 1000,
  going_away = 1001,
  protocol_error = 1002,
  invalid_payload = 1007,
  message_too_big = 1009,
  internal = 1011,
  slow_consumer = 4000,
  idle_timeout = 4001,
  rate_limited = 4002,
  overloaded = 4003,
  bad_frames = 4100,
  token_expired = 4101,
  too_many_connections = 4102,
};

/// Whether a code asks the client to retry (Error.retryable).
bool is_retryable(error_code code) noexcept;

}  // namespace fenliu::gateway
