#pragma once
// RFC 6455 framing as a server writes it, pure: a server frame is never masked, so a payload
// goes out as it is, behind a header of 2, 4 or 10 bytes; ws_session writes the headers and the
// shared payloads of its queued frames in one gather write.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/websocket/ws_frame_reader.hpp"

namespace fenliu::gateway::ws {

constexpr std::size_t max_frame_header_bytes = 10;

/// Writes the header of a final, unmasked frame of `payload_len` bytes into `out` (room for
/// max_frame_header_bytes); returns its length.
inline std::size_t write_frame_header(unsigned char* out, opcode op,
                                      std::uint64_t payload_len) noexcept {
  out[0] = static_cast<unsigned char>(0x80 | static_cast<unsigned char>(op));
  if (payload_len < 126) {
    out[1] = static_cast<unsigned char>(payload_len);
    return 2;
  }
  if (payload_len <= 0xFFFF) {
    out[1] = 126;
    out[2] = static_cast<unsigned char>(payload_len >> 8);
    out[3] = static_cast<unsigned char>(payload_len);
    return 4;
  }
  out[1] = 127;
  for (int i = 0; i < 8; ++i) {
    out[2 + i] = static_cast<unsigned char>(payload_len >> (56 - 8 * i));
  }
  return 10;
}

/// Appends a whole control frame (ping, pong: payload up to 125 bytes) to `out`.
inline void append_control_frame(std::string& out, opcode op, std::string_view payload) {
  unsigned char head[max_frame_header_bytes];
  const std::size_t n = write_frame_header(head, op, payload.size());
  out.append(reinterpret_cast<const char*>(head), n);
  out.append(payload);
}

/// Appends a close frame carrying `code` (and no reason) to `out`.
inline void append_close_frame(std::string& out, std::uint16_t code) {
  const char body[2] = {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
  append_control_frame(out, opcode::close, std::string_view(body, 2));
}

}  // namespace fenliu::gateway::ws
