#pragma once
// Turns client WebSocket frames into domain requests. The protobuf types stay behind this
// header: a session holds a decoder and gets `decoded_frame`s or refusals from it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "gateway/auth/auth.hpp"
#include "gateway/protocol/codes.hpp"
#include "gateway/protocol/requests.hpp"

namespace fenliu::gateway {

struct frame_limits {
  std::uint32_t max_text_chars = 4000;
  std::size_t max_id_bytes = 64;
};

/// Why a client frame was refused. `request_id` is echoed when it could be read.
struct rejected_frame {
  error_code code = error_code::malformed;
  std::string detail;
  std::uint64_t request_id = 0;
};

/// One per session; its parse envelope is the calling thread's (reused for every frame), so a
/// session holds no parse state between frames.
class client_decoder {
 public:
  client_decoder();
  ~client_decoder();
  client_decoder(const client_decoder&) = delete;
  client_decoder& operator=(const client_decoder&) = delete;

  /// Decodes one frame and validates it for `who` (see decode_client_frame in protocol.hpp for
  /// what is refused, with which code).
  std::variant<decoded_frame, rejected_frame> decode(std::string_view bytes, bool binary, role who,
                                                     const frame_limits& limits);

  /// The request_id of a frame that parses, else 0: a frame dropped unread (rate limit) is
  /// answered with it, so the client knows which request to resend.
  std::uint64_t request_id_of(std::string_view bytes, bool binary);
};

}  // namespace fenliu::gateway
