#pragma once
// The protocol layer: the one place that sees both protobuf and domain types. Decodes and
// validates client frames, encodes server frames, converts between wire and domain values.
// Pure functions: safe on any thread. This header is the wire-level API (protobuf types) for the
// protocol layer itself, its tests, the fuzz target and the benchmarks; the rest of the gateway
// uses the protobuf-free headers beside it (decoder, requests, encode, codes).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/auth/auth.hpp"
#include "fenliu/router/types.hpp"
#include "fenliu/store/records.hpp"
#include "fenliu/v1/fenliu.pb.h"
#include "gateway/protocol/codes.hpp"
#include "gateway/protocol/convert.hpp"
#include "gateway/protocol/decoder.hpp"
#include "gateway/protocol/encode.hpp"
#include "gateway/protocol/frame.hpp"

namespace fenliu::gateway {

namespace v1 = ::fenliu::v1;

/// Why a client frame was refused, in wire terms. `request_id` is echoed when it could be read.
struct frame_error {
  v1::ErrorCode code = v1::ERROR_CODE_MALFORMED;
  std::string detail;
  std::uint64_t request_id = 0;
};

/// Decodes one WebSocket frame into `out` and validates it for `who`: text frames, bytes that do
/// not parse, unknown or empty bodies, frames the role may not send and out-of-range fields are
/// refused with a stable code. Returns nullopt when the frame is acceptable.
std::optional<frame_error> decode_client_frame(std::string_view bytes, bool binary, role who,
                                               const frame_limits& limits,
                                               v1::ClientEnvelope& out);

/// True when `who` may send a frame with this body at all (per-frame authorisation, part one;
/// part two, participation in the named conversation, is checked by the dispatcher).
bool role_may_send(role who, v1::ClientEnvelope::BodyCase body) noexcept;

/// Number of Unicode code points in valid UTF-8 (protobuf already rejects invalid UTF-8).
std::size_t utf8_length(std::string_view text) noexcept;

/// Whether a code asks the client to retry.
bool is_retryable(v1::ErrorCode code) noexcept;

frame_ptr encode(const v1::ServerEnvelope& envelope);
frame_ptr make_error(std::uint64_t request_id, v1::ErrorCode code, std::string detail,
                     std::uint32_t retry_after_ms = 0);
frame_ptr make_ok(std::uint64_t request_id);

v1::Role to_v1(role r) noexcept;
v1::Role to_v1(store::sender_role r) noexcept;
v1::Stage to_v1(router::stage s) noexcept;
std::optional<router::stage> from_v1(v1::Stage s) noexcept;
/// A wire stage as a store filter: STAGE_UNSPECIFIED is no filter (any stage). Other values
/// that name no stage are refused by decode_client_frame before they get here.
std::optional<store::stage_code> to_store_stage(v1::Stage s) noexcept;
/// decode_client_frame refuses empty content before it gets here.
store::message_kind to_store_kind(v1::MessageContent::ContentCase c) noexcept;
v1::AgentState to_v1(router::agent_state s) noexcept;
std::optional<router::agent_state> from_v1(v1::AgentState s) noexcept;
v1::ConversationState to_v1(store::conversation_state s) noexcept;
v1::ErrorCode to_v1(error_code c) noexcept;
error_code from_v1(v1::ErrorCode c) noexcept;
v1::CloseCode to_v1(close_code c) noexcept;

/// The domain request of a validated envelope (one decode_client_frame accepted).
client_request to_request(const v1::ClientEnvelope& env);

/// A stored message as the wire shows it. `payload` holds a serialized MessageContent.
void to_v1(const store::stored_message& in, v1::ChatMessage& out);
/// A stored conversation as the wire shows it.
void to_v1(const store::conversation_record& in, v1::ConversationInfo& out);
void to_v1(const conversation_info& in, v1::ConversationInfo& out);
/// Shop data as cards (shop_data_frames.cpp).
void to_v1(const store::order_row& in, v1::OrderCard& out);
void to_v1(const store::product_row& in, v1::ProductCard& out);

}  // namespace fenliu::gateway
